package dev.jminikube.cluster;

import dev.jminikube.drivers.Trees;
import dev.jminikube.core.exec.CommandRunner;
import dev.jminikube.core.exec.RecordingCommandRunner;
import dev.jminikube.core.exec.SshEndpoint;
import dev.jminikube.drivers.Driver;
import dev.jminikube.drivers.DriverDefinition;
import dev.jminikube.drivers.DriverHealth;
import dev.jminikube.drivers.DriverPriority;
import dev.jminikube.drivers.DriverState;
import dev.jminikube.drivers.HostEndpoint;
import dev.jminikube.core.HostOs;
import dev.jminikube.drivers.MachineConfig;
import dev.jminikube.drivers.MachineConfigFile;
import dev.jminikube.drivers.MachineContext;
import dev.jminikube.drivers.MachinePaths;
import dev.jminikube.drivers.PortForward;
import dev.jminikube.drivers.ResumeOutcome;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A driver whose machine is a recording command runner: it keeps its state (running, suspended, stopped) across
 * driver instances as a hypervisor does, has no SSH (its node answers at once, as none's does), and forwards the
 * API server's port to a {@link FakeApiServer}. Every call is kept in order in {@link #calls}.
 */
final class FakeNodeDriver implements Driver {
    static final String NAME = "fake";

    /**
     * The hypervisor's side: the profile's node per test ({@link #node}, {@link #state}), shared by every driver
     * instance the manager makes, and each worker machine ({@code <profile>-m02}, issue 18) with a node of its own.
     */
    static final class Hypervisor {
        final RecordingCommandRunner node = new RecordingCommandRunner();
        final List<String> calls = new ArrayList<>();
        DriverState state = DriverState.STOPPED;
        int apiServerPort;
        final java.util.Map<String, RecordingCommandRunner> workers = new java.util.TreeMap<>();
        final java.util.Map<String, DriverState> workerStates = new java.util.TreeMap<>();

        Hypervisor() {
            unpacksBundles(node);
        }

        /** Worker machine {@code name}'s node, made on first use (a test stubs it before the start). */
        RecordingCommandRunner worker(String name) {
            return workers.computeIfAbsent(name, n -> unpacksBundles(new RecordingCommandRunner()));
        }

        /** The node unpacks the configuration bundles it is sent (as its tar does), so their files can be read. */
        private static RecordingCommandRunner unpacksBundles(RecordingCommandRunner node) {
            node.whenCommandMatches("sh -c 'tar -xf [^ ]+ -C / .*").thenAnswer(argv -> {
                String bundle = argv.get(2).split(" ")[2];
                try (var in = new java.io.ByteArrayInputStream(node.file(bundle).orElseThrow())) {
                    var tar = new dev.jminikube.bootstrap.images.TarReader(in);
                    for (var h = tar.next(); h.isPresent(); h = tar.next()) {
                        if (h.get().isFile()) {
                            node.givenFile("/" + h.get().name(), tar.readContent());
                        }
                    }
                } catch (java.io.IOException e) {
                    return new dev.jminikube.core.exec.CommandResult(argv, 2, "", "tar: " + e, Duration.ZERO, false);
                }
                return new dev.jminikube.core.exec.CommandResult(argv, 0, "", "", Duration.ZERO, false);
            });
            return node;
        }

        DriverDefinition definition() {
            return new DriverDefinition(NAME, Set.of(HostOs.LINUX), DriverPriority.DEFAULT, e -> DriverHealth.ok(),
                    ctx -> new FakeNodeDriver(this, ctx), null).withNodeNetwork();
        }
    }

    private final Hypervisor hypervisor;
    private final MachinePaths paths;
    /** This machine's name when it is a worker's; null for the profile's own machine. */
    private final String worker;

    FakeNodeDriver(Hypervisor hypervisor, MachineContext ctx) {
        this.hypervisor = hypervisor;
        this.paths = ctx.paths();
        String name = paths.dir().getFileName().toString();
        this.worker = name.matches(".*-m\\d\\d") ? name : null;
    }

    private void call(String what) {
        hypervisor.calls.add(worker == null ? what : what + " " + worker);
    }

    private void setState(DriverState state) {
        if (worker == null) {
            hypervisor.state = state;
        } else {
            hypervisor.workerStates.put(worker, state);
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public DriverHealth preCreateCheck() {
        return DriverHealth.ok();
    }

    @Override
    public void create() {
        call("create");
        MachineConfig c = MachineConfigFile.read(paths.config()).orElseThrow();
        MachineConfigFile.write(paths.config(), c.withCreated(true));
    }

    @Override
    public void start() {
        call("start");
        setState(DriverState.RUNNING);
    }

    @Override
    public void stop(Duration grace) {
        call("stop");
        setState(DriverState.STOPPED);
    }

    @Override
    public boolean canSuspend() {
        return true;
    }

    @Override
    public void suspend() {
        call("suspend");
        setState(DriverState.SUSPENDED);
    }

    @Override
    public ResumeOutcome resume() {
        call("resume");
        setState(DriverState.RUNNING);
        return ResumeOutcome.RESUMED;
    }

    @Override
    public void kill() {
        call("kill");
        setState(DriverState.STOPPED);
    }

    @Override
    public void remove() {
        call("remove");
        setState(DriverState.STOPPED);
        Trees.delete(paths.dir());
    }

    @Override
    public DriverState state() {
        DriverState mine = worker == null ? hypervisor.state
                : hypervisor.workerStates.getOrDefault(worker, DriverState.STOPPED);
        return Files.exists(paths.config()) ? mine : DriverState.NONEXISTENT;
    }

    @Override
    public SshEndpoint sshEndpoint() {
        throw new UnsupportedOperationException("the fake node has no SSH");
    }

    @Override
    public boolean hasSsh() {
        return false;
    }

    @Override
    public CommandRunner guestRunner() {
        return worker == null ? hypervisor.node : hypervisor.worker(worker);
    }

    @Override
    public HostEndpoint hostEndpoint(int guestPort) {
        hypervisor.calls.add("hostEndpoint " + guestPort);
        return HostEndpoint.loopback(hypervisor.apiServerPort);
    }

    @Override
    public String ip() {
        return "10.0.2.15";
    }

    @Override
    public List<PortForward> portForwards() {
        return List.of();
    }

    @Override
    public PortForward addPortForward(int guestPort) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void removePortForward(int hostPort) {
        throw new UnsupportedOperationException();
    }

    @Override
    public String logTails(int lines) {
        return "";
    }
}
