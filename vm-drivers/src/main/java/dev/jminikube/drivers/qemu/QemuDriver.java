package dev.jminikube.drivers.qemu;

import dev.jminikube.core.Environment;
import dev.jminikube.core.HostOs;
import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import dev.jminikube.core.exec.CommandRunner;
import dev.jminikube.core.exec.LocalCommandRunner;
import dev.jminikube.core.exec.SshEndpoint;
import dev.jminikube.core.exec.SshKeys;
import dev.jminikube.drivers.Driver;
import dev.jminikube.drivers.DriverDefinition;
import dev.jminikube.drivers.DriverHealth;
import dev.jminikube.drivers.DriverPriority;
import dev.jminikube.drivers.DriverState;
import dev.jminikube.drivers.LogTail;
import dev.jminikube.drivers.LoopbackPortAllocator;
import dev.jminikube.drivers.MachineConfig;
import dev.jminikube.drivers.MachineConfigFile;
import dev.jminikube.drivers.MachineContext;
import dev.jminikube.drivers.MachinePaths;
import dev.jminikube.drivers.PortAllocator;
import dev.jminikube.drivers.PortForward;
import dev.jminikube.drivers.Trees;
import dev.jminikube.core.ToolLocator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The QEMU driver: one daemonized qemu-system process per machine, user-mode networking with
 * forwards on 127.0.0.1 only, QMP on a unix socket in the machine directory for status, shutdown
 * and live port forwards.
 */
public final class QemuDriver implements Driver {
    public static final String NAME = "qemu";
    /** QEMU's user-mode network hands the guest this address; nothing on the host connects to it. */
    public static final String GUEST_IP = "10.0.2.15";
    /** sun_path is 108 bytes on Linux, 104 on macOS; QEMU cannot bind a longer socket path. */
    static final int MAX_SOCKET_PATH = 100;
    private static final Duration QMP_TIMEOUT = Duration.ofSeconds(5);

    private final MachineContext machine;
    private final MachinePaths paths;
    private final ToolLocator tools;
    private final PortAllocator ports;
    private final AccelProbe probe;
    private final CommandRunner local;
    private final QemuTarget target;
    private final QemuProcess process;

    QemuDriver(MachineContext machine, ToolLocator tools, PortAllocator ports, AccelProbe probe, CommandRunner local,
               QemuTarget target) {
        this.machine = machine;
        this.paths = machine.paths();
        this.tools = tools;
        this.ports = ports;
        this.probe = probe;
        this.local = local;
        this.target = target;
        this.process = new QemuProcess(paths);
    }

    /** The driver as the registry knows it: Linux and macOS (QEMU's -daemonize does not exist on Windows). */
    public static DriverDefinition definition() {
        return new DriverDefinition(NAME, Set.of(HostOs.LINUX, HostOs.MACOS), DriverPriority.DEFAULT,
                new QemuHealth(), QemuDriver::forMachine, QemuHealth.DOC);
    }

    public static QemuDriver forMachine(MachineContext machine) {
        Environment env = machine.environment();
        QemuTarget target = QemuTarget.isArmHost(env.arch())
                ? QemuTarget.aarch64(QemuTarget.findArmFirmware(env.os()).orElse(null)) : QemuTarget.x86_64();
        AccelProbe probe = new AccelProbe(new ProcessProbeLauncher(), env.os(), target, Path.of("/dev/kvm"),
                env.cacheDir(), Duration.ofSeconds(4), Duration.ofMinutes(10), Clock.systemUTC());
        return new QemuDriver(machine, new ToolLocator(env), new LoopbackPortAllocator(), probe,
                new LocalCommandRunner(), target);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public DriverHealth preCreateCheck() {
        boolean arm = target.isArm();
        String fix = QemuInstallHint.forHost(machine.environment().os(), arm);
        for (String tool : List.of(target.binary(), "qemu-img")) {
            if (tools.find(tool).isEmpty()) {
                return DriverHealth.notInstalled(tool + " was not found on the PATH", fix, QemuHealth.DOC);
            }
        }
        if (arm && target.firmware() == null) {
            return DriverHealth.notInstalled("no aarch64 UEFI firmware found", fix, QemuHealth.DOC);
        }
        int socketPath = paths.qmpSocket().toString().length();
        if (socketPath > MAX_SOCKET_PATH) {
            return DriverHealth.unhealthy("the machine directory path is too long for a unix socket (" + socketPath
                    + " > " + MAX_SOCKET_PATH + " characters): " + paths.qmpSocket(),
                    "set JMINIKUBE_HOME to a shorter path, e.g. JMINIKUBE_HOME=$HOME/.jmk", null);
        }
        return DriverHealth.ok();
    }

    @Override
    public void create() {
        MachineConfig config = config();
        SshKeys.generate(paths.privateKey(), "jminikube-" + config.profile());
        String publicKey = SshKeys.publicKeyLine(paths.privateKey(), "jminikube-" + config.profile());
        SeedDisk.create(local, tool("qemu-img"), paths.seed(), paths.disk(), config.diskSizeMb(), publicKey);
        Set<Integer> taken = new HashSet<>();
        int ssh = ports.pickFree(taken);
        taken.add(ssh);
        int api = ports.pickFree(taken);
        MachineConfigFile.write(paths.config(), config
                .withPort(new PortForward(PortForward.SSH, ssh, PortForward.SSH_GUEST_PORT))
                .withPort(new PortForward(PortForward.APISERVER, api, PortForward.APISERVER_GUEST_PORT))
                .withCreated(true));
    }

    @Override
    public void start() {
        if (process.find().isPresent()) {
            return;
        }
        process.cleanStale();
        MachineConfig config = config();
        if (!Files.isRegularFile(paths.disk())) {
            throw new JmkException(Reason.DRIVER_FAILED, "the machine's disk " + paths.disk() + " is missing",
                    "Run 'jminikube delete -p " + config.profile() + "' and start again.", null, null);
        }
        if (config.hostShare() != null) {
            createShareDirectory(config.hostShare());
        }
        Path binary = tool(target.binary());
        AccelChoice accel = probe.choose(binary);
        if (accel.warning() != null) {
            machine.notices().accept(accel.warning());
        }
        config = reassignTakenPorts(config).withAccel(accel.accel().qemuName());
        MachineConfigFile.write(paths.config(), config);
        process.launch(QemuCommandLine.build(binary, target, config, paths, accel.accel()));
    }

    /** QEMU refuses to start when a -virtfs path is missing; the share is a cache, so an empty one is fine. */
    private static void createShareDirectory(Path share) {
        try {
            Files.createDirectories(share);
        } catch (java.io.IOException e) {
            throw new JmkException(Reason.HOST_PATH_NOT_WRITABLE, "cannot create the shared directory " + share + ": " + e);
        }
    }

    /** A persisted host port that something else took while the machine was stopped gets a new free one. */
    MachineConfig reassignTakenPorts(MachineConfig config) {
        Set<Integer> promised = new HashSet<>();
        config.ports().forEach(p -> promised.add(p.hostPort()));
        List<PortForward> result = new ArrayList<>();
        for (PortForward p : config.ports()) {
            if (ports.isFree(p.hostPort())) {
                result.add(p);
            } else {
                int fresh = ports.pickFree(promised);
                promised.add(fresh);
                machine.notices().accept("Port " + p.hostPort() + " (" + p.name() + ") is taken on 127.0.0.1; using "
                        + fresh + " instead.");
                result.add(p.withHostPort(fresh));
            }
        }
        return config.withPorts(result);
    }

    @Override
    public void stop(Duration grace) {
        Optional<ProcessHandle> running = process.find();
        if (running.isEmpty()) {
            process.cleanStale();
            return;
        }
        ProcessHandle handle = running.get();
        try (QmpClient qmp = QmpClient.connect(paths.qmpSocket(), QMP_TIMEOUT)) {
            qmp.systemPowerdown();
        } catch (IOException e) {
            // No monitor to ask: fall through to forcing it off below.
        }
        if (!QemuProcess.waitForExit(handle, grace)) {
            machine.notices().accept("The guest did not power off within " + grace.toSeconds() + "s; forcing it off.");
            try (QmpClient qmp = QmpClient.connect(paths.qmpSocket(), QMP_TIMEOUT)) {
                qmp.quit();
            } catch (IOException e) {
                // Killed below.
            }
            if (!QemuProcess.waitForExit(handle, Duration.ofSeconds(10))) {
                process.kill();
            }
        }
        process.cleanStale();
    }

    @Override
    public void kill() {
        process.kill();
    }

    @Override
    public void remove() {
        process.kill();
        if (!Files.exists(paths.dir())) {
            return;
        }
        Trees.delete(paths.dir());
    }

    @Override
    public DriverState state() {
        if (!Files.isRegularFile(paths.config())) {
            return DriverState.NONEXISTENT;
        }
        if (process.find().isEmpty()) {
            return DriverState.STOPPED;
        }
        try (QmpClient qmp = QmpClient.connect(paths.qmpSocket(), QMP_TIMEOUT)) {
            return "running".equals(qmp.queryStatus()) ? DriverState.RUNNING : DriverState.ERROR;
        } catch (IOException e) {
            return DriverState.ERROR;
        }
    }

    @Override
    public SshEndpoint sshEndpoint() {
        MachineConfig config = config();
        PortForward ssh = config.port(PortForward.SSH).orElseThrow(() -> new JmkException(Reason.DRIVER_FAILED,
                "machine " + config.profile() + " has no SSH port in " + paths.config()));
        return new SshEndpoint("127.0.0.1", ssh.hostPort(), "root", paths.privateKey());
    }

    @Override
    public String ip() {
        return GUEST_IP;
    }

    @Override
    public List<PortForward> portForwards() {
        return config().ports();
    }

    @Override
    public PortForward addPortForward(int guestPort) {
        MachineConfig config = config();
        Optional<PortForward> existing = config.ports().stream().filter(p -> p.guestPort() == guestPort).findFirst();
        if (existing.isPresent()) {
            return existing.get();
        }
        Set<Integer> promised = new HashSet<>();
        config.ports().forEach(p -> promised.add(p.hostPort()));
        PortForward forward = PortForward.nodePort(ports.pickFree(promised), guestPort);
        if (process.find().isPresent()) {
            hmp("hostfwd_add net0 tcp:127.0.0.1:" + forward.hostPort() + "-:" + guestPort);
        }
        MachineConfigFile.write(paths.config(), config.withPort(forward));
        return forward;
    }

    @Override
    public void removePortForward(int hostPort) {
        MachineConfig config = config();
        PortForward forward = config.ports().stream().filter(p -> p.hostPort() == hostPort).findFirst()
                .orElseThrow(() -> new JmkException(Reason.USAGE, "no port forward from 127.0.0.1:" + hostPort
                        + " on machine " + config.profile()));
        if (forward.name().equals(PortForward.SSH) || forward.name().equals(PortForward.APISERVER)) {
            throw new JmkException(Reason.USAGE, "the " + forward.name() + " forward cannot be removed");
        }
        if (process.find().isPresent()) {
            hmp("hostfwd_remove net0 tcp:127.0.0.1:" + hostPort);
        }
        List<PortForward> rest = new ArrayList<>(config.ports());
        rest.remove(forward);
        MachineConfigFile.write(paths.config(), config.withPorts(rest));
    }

    private void hmp(String command) {
        String output;
        try (QmpClient qmp = QmpClient.connect(paths.qmpSocket(), QMP_TIMEOUT)) {
            output = qmp.humanMonitorCommand(command);
        } catch (IOException e) {
            throw new JmkException(Reason.DRIVER_FAILED, "QEMU monitor command failed: " + command + ": "
                    + e.getMessage(), e);
        }
        checkHostfwdOutput(command, output);
    }

    /**
     * HMP reports in prose: hostfwd_add prints nothing on success; hostfwd_remove prints
     * "host forwarding rule for ... removed". Anything else is QEMU's error message.
     */
    static void checkHostfwdOutput(String command, String output) {
        String text = output.strip();
        boolean ok = command.startsWith("hostfwd_add") ? text.isEmpty()
                : command.startsWith("hostfwd_remove") && text.startsWith("host forwarding rule for")
                        && text.endsWith("removed");
        if (!ok) {
            throw new JmkException(Reason.NETWORK_PORT_IN_USE, "QEMU refused '" + command + "': "
                    + (text.isEmpty() ? "(no output)" : text));
        }
    }

    @Override
    public String logTails(int lines) {
        return "--- " + paths.consoleLog() + " (last " + lines + " lines)\n" + LogTail.of(paths.consoleLog(), lines)
                + "\n--- " + paths.qemuLog() + "\n" + LogTail.of(paths.qemuLog(), lines);
    }

    private MachineConfig config() {
        return MachineConfigFile.read(paths.config()).orElseThrow(() -> new JmkException(Reason.GUEST_NOT_FOUND,
                "no machine config at " + paths.config()));
    }

    private Path tool(String name) {
        return tools.find(name).orElseThrow(() -> new JmkException(Reason.HOST_TOOL_MISSING, name
                + " was not found on the PATH", "Install it: " + QemuInstallHint.forHost(
                        machine.environment().os(), target.isArm()), null, null));
    }
}
