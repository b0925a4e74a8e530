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

    /** The hypervisor's side: one node per test, shared by every driver instance the manager makes. */
    static final class Hypervisor {
        final RecordingCommandRunner node = new RecordingCommandRunner();
        final List<String> calls = new ArrayList<>();
        DriverState state = DriverState.STOPPED;
        int apiServerPort;

        Hypervisor() {
            // The node unpacks the configuration bundles it is sent (as its tar does), so their files can be read.
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
        }

        DriverDefinition definition() {
            return new DriverDefinition(NAME, Set.of(HostOs.LINUX), DriverPriority.DEFAULT, e -> DriverHealth.ok(),
                    ctx -> new FakeNodeDriver(this, ctx), null);
        }
    }

    private final Hypervisor hypervisor;
    private final MachinePaths paths;

    FakeNodeDriver(Hypervisor hypervisor, MachineContext ctx) {
        this.hypervisor = hypervisor;
        this.paths = ctx.paths();
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
        hypervisor.calls.add("create");
        MachineConfig c = MachineConfigFile.read(paths.config()).orElseThrow();
        MachineConfigFile.write(paths.config(), c.withCreated(true));
    }

    @Override
    public void start() {
        hypervisor.calls.add("start");
        hypervisor.state = DriverState.RUNNING;
    }

    @Override
    public void stop(Duration grace) {
        hypervisor.calls.add("stop");
        hypervisor.state = DriverState.STOPPED;
    }

    @Override
    public boolean canSuspend() {
        return true;
    }

    @Override
    public void suspend() {
        hypervisor.calls.add("suspend");
        hypervisor.state = DriverState.SUSPENDED;
    }

    @Override
    public ResumeOutcome resume() {
        hypervisor.calls.add("resume");
        hypervisor.state = DriverState.RUNNING;
        return ResumeOutcome.RESUMED;
    }

    @Override
    public void kill() {
        hypervisor.calls.add("kill");
        hypervisor.state = DriverState.STOPPED;
    }

    @Override
    public void remove() {
        hypervisor.calls.add("remove");
        hypervisor.state = DriverState.STOPPED;
        Trees.delete(paths.dir());
    }

    @Override
    public DriverState state() {
        return Files.exists(paths.config()) ? hypervisor.state : DriverState.NONEXISTENT;
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
        return hypervisor.node;
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
