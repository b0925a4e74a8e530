package dev.jminikube.drivers.none;

import dev.jminikube.core.Environment;
import dev.jminikube.core.HostOs;
import dev.jminikube.core.JmkException;
import dev.jminikube.core.OwnerOnly;
import dev.jminikube.core.Reason;
import dev.jminikube.core.exec.CommandRunner;
import dev.jminikube.core.exec.LocalCommandRunner;
import dev.jminikube.core.exec.SshEndpoint;
import dev.jminikube.drivers.Driver;
import dev.jminikube.drivers.DriverDefinition;
import dev.jminikube.drivers.DriverHealth;
import dev.jminikube.drivers.DriverPriority;
import dev.jminikube.drivers.DriverState;
import dev.jminikube.drivers.HostEndpoint;
import dev.jminikube.drivers.MachineConfig;
import dev.jminikube.drivers.MachineConfigFile;
import dev.jminikube.drivers.MachineContext;
import dev.jminikube.drivers.MachinePaths;
import dev.jminikube.drivers.PortForward;
import dev.jminikube.drivers.Trees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The none driver (Linux, root, systemd): no VM at all; the localkube runs its components as systemd
 * units on this host. The "machine" is the host, so its state is bookkeeping: Running from start until
 * stop, kill or delete (a {@code stopped} marker in the machine directory says otherwise), with no
 * process of its own to watch. There is no SSH: commands run here ({@link #guestRunner}), the API server
 * and NodePorts are on 127.0.0.1.
 *
 * <p>delete stops and removes the jmk-* units and the directories the localkube fills; it leaves the
 * host changes it cannot tell apart from the user's own (see {@link #LEFT_BEHIND}).
 */
public final class NoneDriver implements Driver {
    public static final String NAME = "none";
    /** The localkube's units (dev.jminikube.bootstrap.Component; a CLI test keeps the two lists equal). */
    public static final List<String> UNITS = List.of("jmk-kubelet", "jmk-kube-proxy", "jmk-kube-scheduler",
            "jmk-kube-controller-manager", "jmk-kube-apiserver", "jmk-etcd");
    /** What the localkube writes that is only ours (dev.jminikube.bootstrap.GuestPaths). */
    public static final List<String> OWN_DIRECTORIES = List.of("/etc/kubernetes", "/var/lib/etcd", "/var/lib/kubelet",
            "/var/lib/jminikube-node");
    static final String LEFT_BEHIND = "/etc/hosts lines, sysctl settings, swap (turned off), /etc/containerd/config.toml, "
            + "/etc/docker/daemon.json, /etc/cni/net.d, iptables rules and images in containerd";
    static final String WARNING = "The none driver runs Kubernetes directly on this host as root: it changes system "
            + "settings and files, and 'jminikube delete' does not undo everything (it leaves " + LEFT_BEHIND + ").";
    private static final Duration UNIT_TIMEOUT = Duration.ofMinutes(2);

    private final MachineContext machine;
    private final MachinePaths paths;
    private final NoneHost host;

    NoneDriver(MachineContext machine, NoneHost host) {
        this.machine = machine;
        this.paths = machine.paths();
        this.host = host;
    }

    /** Linux only, and DISCOURAGED: used only when asked for by name. */
    public static DriverDefinition definition() {
        return new DriverDefinition(NAME, Set.of(HostOs.LINUX), DriverPriority.DISCOURAGED,
                env -> NoneHost.of(env, new LocalCommandRunner()).check(), NoneDriver::forMachine, NoneHost.DOC);
    }

    public static NoneDriver forMachine(MachineContext machine) {
        Environment env = machine.environment();
        return new NoneDriver(machine, NoneHost.of(env, new LocalCommandRunner()));
    }

    private Path stoppedMarker() {
        return paths.dir().resolve("stopped");
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public DriverHealth preCreateCheck() {
        return host.check();
    }

    @Override
    public void create() {
        List<Integer> taken = host.takenPorts();
        if (!taken.isEmpty()) {
            throw new JmkException(Reason.NETWORK_PORT_IN_USE, "ports " + taken + " are in use on this host; the none "
                    + "driver's API server, kubelet and etcd need them", "Stop the other cluster or program first "
                    + "(sudo ss -ltnp shows which).", null, null);
        }
        machine.notices().accept(WARNING);
        if (host.swapOn()) {
            machine.notices().accept("Swap is on; the localkube turns it off (swapoff -a) because kubelet will not run with it.");
        }
        MachineConfig config = config();
        mark(true);
        MachineConfigFile.write(paths.config(), config.withoutHostShare().withCreated(true));
    }

    /** Nothing boots: the host's checks again (they may have changed since create), then Running. */
    @Override
    public void start() {
        DriverHealth health = host.check();
        if (!health.healthy()) {
            throw new JmkException(Reason.DRIVER_NOT_HEALTHY, "the none driver cannot run here: " + health.error(),
                    health.fix() == null ? null : "Fix: " + health.fix(), null, null);
        }
        mark(false);
    }

    @Override
    public void stop(Duration grace) {
        if (state() == DriverState.RUNNING) {
            systemctl(grace, "stop");
        }
        mark(true);
    }

    @Override
    public void kill() {
        if (state() == DriverState.RUNNING) {
            systemctl(UNIT_TIMEOUT, "kill", "--signal=SIGKILL");
        }
        mark(true);
    }

    /** Only for a none machine (delete also calls every driver on a directory it cannot read): never touches a host otherwise. */
    @Override
    public void remove() {
        boolean ours;
        try {
            ours = MachineConfigFile.read(paths.config()).map(c -> c.driver().equals(NAME)).orElse(false);
        } catch (JmkException e) {
            ours = false; // a damaged config.yaml does not show the machine is a none machine: the host is left alone
        }
        if (ours) {
            systemctl(UNIT_TIMEOUT, "stop");
            List<String> rm = new ArrayList<>(List.of("rm", "-rf"));
            UNITS.forEach(u -> rm.add("/etc/systemd/system/" + u + ".service"));
            rm.addAll(OWN_DIRECTORIES);
            host.runner().run(rm);
            host.runner().run("systemctl", "daemon-reload");
            machine.notices().accept("Left on this host: " + LEFT_BEHIND + ".");
        }
        deleteDirectory();
    }

    private void systemctl(Duration timeout, String... verb) {
        List<String> argv = new ArrayList<>(List.of("systemctl"));
        argv.addAll(List.of(verb));
        UNITS.forEach(u -> argv.add(u + ".service"));
        // Units that were never started (a VM-only start) make systemctl complain; that is no failure.
        host.runner().run(argv, dev.jminikube.core.exec.RunOptions.DEFAULTS.withTimeout(timeout));
    }

    @Override
    public DriverState state() {
        if (!Files.isRegularFile(paths.config())) {
            return DriverState.NONEXISTENT;
        }
        return Files.exists(stoppedMarker()) ? DriverState.STOPPED : DriverState.RUNNING;
    }

    @Override
    public SshEndpoint sshEndpoint() {
        throw new JmkException(Reason.USAGE, "the none driver runs on this host; no ssh needed",
                "Run the command on this host directly (as root).", null, null);
    }

    @Override
    public boolean hasSsh() {
        return false;
    }

    @Override
    public CommandRunner guestRunner() {
        return host.runner();
    }

    @Override
    public HostEndpoint hostEndpoint(int guestPort) {
        return HostEndpoint.loopback(guestPort);
    }

    /** The host's primary address as it reports it; nothing connects to it (the host uses 127.0.0.1). */
    @Override
    public String ip() {
        return host.primaryIpv4().orElseThrow(() -> new JmkException(Reason.DRIVER_FAILED,
                "this host has no IPv4 address besides loopback ('hostname -I' lists none)"));
    }

    @Override
    public List<PortForward> portForwards() {
        return List.of();
    }

    @Override
    public PortForward addPortForward(int guestPort) {
        throw noForwards();
    }

    @Override
    public void removePortForward(int hostPort) {
        throw noForwards();
    }

    private static JmkException noForwards() {
        return new JmkException(Reason.USAGE, "the none driver forwards no ports: the node is this host (127.0.0.1)");
    }

    @Override
    public String logTails(int lines) {
        return "(the none driver's components log to the journal: journalctl -u jmk-kubelet -n " + lines + ")";
    }

    private void mark(boolean stopped) {
        try {
            if (stopped) {
                OwnerOnly.createDirectories(paths.dir());
                Files.writeString(stoppedMarker(), "stopped\n");
            } else {
                Files.deleteIfExists(stoppedMarker());
            }
        } catch (IOException e) {
            throw new JmkException(Reason.HOST_HOME_NOT_WRITABLE, "cannot write " + stoppedMarker() + ": " + e, e);
        }
    }

    private void deleteDirectory() {
        if (!Files.exists(paths.dir())) {
            return;
        }
        Trees.delete(paths.dir());
    }

    private MachineConfig config() {
        return MachineConfigFile.read(paths.config()).orElseThrow(() -> new JmkException(Reason.GUEST_NOT_FOUND,
                "no machine config at " + paths.config()));
    }
}
