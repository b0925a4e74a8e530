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
import dev.jminikube.drivers.ResumeOutcome;
import dev.jminikube.drivers.Trees;
import dev.jminikube.drivers.MachineSpec;
import dev.jminikube.core.exec.CommandResult;
import dev.jminikube.core.exec.RunOptions;
import dev.jminikube.core.exec.ShellQuoting;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.util.function.ToLongFunction;
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
    /** Writing the guest's RAM to a file; generous, since a loaded host may write slowly. */
    static final Duration SAVE_TIMEOUT = Duration.ofMinutes(5);
    /** Reading it back: QEMU loads the stream before the guest runs again. */
    static final Duration LOAD_TIMEOUT = Duration.ofMinutes(5);
    /** QEMU's default migration bandwidth (32 MiB/s) would make saving a paused 2 GB guest take a minute. */
    static final long UNLIMITED_BANDWIDTH = 1L << 40;
    /** Room kept free beside the state file: a host disk filled to the last byte helps nobody. */
    static final long DISK_MARGIN_MB = 256;

    private final MachineContext machine;
    private final MachinePaths paths;
    private final ToolLocator tools;
    private final PortAllocator ports;
    private final AccelProbe probe;
    private final CommandRunner local;
    private final QemuTarget target;
    private final QemuProcess process;
    private final QemuSavedState saved;
    private final ToLongFunction<Path> usableBytes;

    /**
     * @param processes   the host's processes (a fake table in tests)
     * @param usableBytes usable bytes on the file system of a directory, or -1 when unknown
     */
    QemuDriver(MachineContext machine, ToolLocator tools, PortAllocator ports, AccelProbe probe, CommandRunner local,
               QemuTarget target, ProcessTable processes, ToLongFunction<Path> usableBytes) {
        this.machine = machine;
        this.paths = machine.paths();
        this.tools = tools;
        this.ports = ports;
        this.probe = probe;
        this.local = local;
        this.target = target;
        this.process = new QemuProcess(paths, processes);
        this.saved = new QemuSavedState(paths.dir());
        this.usableBytes = usableBytes;
    }

    /** The driver as the registry knows it: Linux and macOS (QEMU's -daemonize does not exist on Windows). */
    public static DriverDefinition definition() {
        return new DriverDefinition(NAME, Set.of(HostOs.LINUX, HostOs.MACOS), DriverPriority.DEFAULT,
                new QemuHealth(), QemuDriver::forMachine, QemuHealth.DOC).withNodeNetwork();
    }

    public static QemuDriver forMachine(MachineContext machine) {
        Environment env = machine.environment();
        QemuTarget target = QemuTarget.isArmHost(env.arch())
                ? QemuTarget.aarch64(QemuTarget.findArmFirmware(env.os()).orElse(null)) : QemuTarget.x86_64();
        AccelProbe probe = new AccelProbe(new ProcessProbeLauncher(), env.os(), target, Path.of("/dev/kvm"),
                env.cacheDir(), Duration.ofSeconds(4), Duration.ofMinutes(10), Clock.systemUTC());
        return new QemuDriver(machine, new ToolLocator(env), new LoopbackPortAllocator(), probe,
                new LocalCommandRunner(), target, new SystemProcessTable(), QemuDriver::usableBytesOf);
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
        // A cold boot makes any saved state stale: the disk moves on without it.
        saved.discard();
        launch(List.of());
    }

    /** Boots QEMU from the machine's config; {@code extraArgs} (an -incoming stream) go at the end. */
    private void launch(List<String> extraArgs) {
        MachineConfig config = config();
        if (!Files.isRegularFile(paths.disk())) {
            throw new JmkException(Reason.DRIVER_FAILED, "the machine's disk " + paths.disk() + " is missing",
                    "Run 'jminikube delete -p " + config.profile() + "' and start again.", null, null);
        }
        if (config.hostShare() != null) {
            createShareDirectory(config.hostShare());
        }
        if (config.segment() != null && config.segment().isHub()) {
            // The hub's QEMU binds its workers' sockets there (issue 18).
            createShareDirectory(config.segment().socketDir());
        }
        Path binary = tool(target.binary());
        AccelChoice accel = probe.choose(binary);
        if (accel.warning() != null) {
            machine.notices().accept(accel.warning());
        }
        config = reassignTakenPorts(config).withAccel(accel.accel().qemuName());
        MachineConfigFile.write(paths.config(), config);
        List<String> argv = new ArrayList<>(QemuCommandLine.build(binary, target, config, paths, accel.accel(),
                kernelBoot(config)));
        argv.addAll(extraArgs);
        process.launch(argv);
    }

    /**
     * x86 boots the image's kernel directly when the image says how (saves SeaBIOS's CD boot and GRUB);
     * arm64 keeps booting through UEFI from the CD.
     */
    private Optional<KernelBoot> kernelBoot(MachineConfig config) {
        if (target.isArm() || config.iso() == null) {
            return Optional.empty();
        }
        return new KernelBootCache(machine.environment().cacheDir().resolve("iso"), machine.notices())
                .resolve(config.iso());
    }

    /**
     * QEMU refuses to start when a -virtfs path (or a listening socket's directory) is missing; the share is a cache,
     * so an empty one is fine.
     */
    private static void createShareDirectory(Path share) {
        try {
            Files.createDirectories(share);
        } catch (java.io.IOException e) {
            throw new JmkException(Reason.HOST_PATH_NOT_WRITABLE, "cannot create the directory " + share + ": " + e);
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

    /**
     * ACPI power-off through QMP, waiting up to {@code grace} for the guest to shut down, then QMP quit, then
     * SIGKILL. A QEMU whose monitor does not answer never got the power-off, so there is nothing to wait for: it
     * is asked to exit with SIGTERM at once. A pidfile that names no QEMU of this machine's is stale: the machine
     * is stopped already and no process is touched.
     */
    @Override
    public void stop(Duration grace) {
        Optional<ProcessTable.Entry> running = process.find();
        if (running.isEmpty()) {
            process.cleanStale();
            return;
        }
        ProcessTable.Entry qemu = running.get();
        saved.discard();
        boolean poweringOff;
        try (QmpClient qmp = QmpClient.connect(paths.qmpSocket(), QMP_TIMEOUT)) {
            if (isFrozen(qmp.queryStatus())) {
                qmp.execute("cont", null); // a paused guest never sees the power button
            }
            qmp.systemPowerdown();
            poweringOff = true;
        } catch (IOException e) {
            poweringOff = false;
            machine.notices().accept("QEMU's monitor " + paths.qmpSocket() + " does not answer (" + e.getMessage()
                    + "); ending QEMU (pid " + qemu.pid() + ") without an orderly power-off.");
        }
        if (!poweringOff) {
            QemuProcess.terminate(qemu, Duration.ofSeconds(10));
        } else if (!qemu.awaitExit(grace)) {
            machine.notices().accept("The guest did not power off within " + grace.toSeconds() + "s; forcing it off.");
            try (QmpClient qmp = QmpClient.connect(paths.qmpSocket(), QMP_TIMEOUT)) {
                qmp.quit();
            } catch (IOException e) {
                // Killed below.
            }
            if (!qemu.awaitExit(Duration.ofSeconds(10))) {
                QemuProcess.killAndWait(qemu);
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
            return saved.exists() ? DriverState.SUSPENDED : DriverState.STOPPED;
        }
        try (QmpClient qmp = QmpClient.connect(paths.qmpSocket(), QMP_TIMEOUT)) {
            String status = qmp.queryStatus();
            if ("running".equals(status)) {
                return DriverState.RUNNING;
            }
            // Paused by a suspend that did not finish (or loading one): its memory is intact, resume continues it.
            return isFrozen(status) || "inmigrate".equals(status) ? DriverState.SUSPENDED : DriverState.ERROR;
        } catch (IOException e) {
            return DriverState.ERROR;
        }
    }

    /** QMP run states of a guest that is intact but not running: paused, or saved and waiting for quit. */
    static boolean isFrozen(String status) {
        return "paused".equals(status) || "postmigrate".equals(status) || "finish-migrate".equals(status);
    }

    // ---- suspend and resume -------------------------------------------------------------------------

    @Override
    public boolean canSuspend() {
        return true;
    }

    /**
     * Pauses the guest, streams its RAM and device state to a file (QMP migrate to {@code exec:cat}: QEMU 7.2 has
     * no file: migration URI) and ends QEMU; then records what the state belongs to (see {@link QemuSavedState}).
     * If the stream cannot be written the guest is continued and left running.
     */
    @Override
    public void suspend() {
        ProcessTable.Entry qemu = process.find().orElseThrow(() -> new JmkException(Reason.GUEST_NOT_RUNNING,
                "machine \"" + paths.profile() + "\" is not running; there is nothing to suspend"));
        MachineConfig config = config();
        saved.discard(); // what an earlier, interrupted attempt left
        requireSpaceForState(config);
        saved.preparePartial();
        releaseHostShare(config);
        try (QmpClient qmp = QmpClient.connect(paths.qmpSocket(), SAVE_TIMEOUT)) {
            String status = qmp.queryStatus();
            if (!"running".equals(status) && !isFrozen(status)) {
                throw new JmkException(Reason.DRIVER_FAILED, "the guest is " + status
                        + ", not running; it cannot be suspended", "Use 'jminikube stop --power-off'.", null, null);
            }
            qmp.execute("stop", null);
            ObjectNode limits = JsonNodeFactory.instance.objectNode().put("max-bandwidth", UNLIMITED_BANDWIDTH);
            qmp.execute("migrate-set-parameters", limits);
            String uri = "exec:cat > " + ShellQuoting.quote(saved.partial().toString());
            qmp.execute("migrate", JsonNodeFactory.instance.objectNode().put("uri", uri));
            Optional<String> failure = awaitMigration(qmp);
            if (failure.isPresent()) {
                qmp.execute("cont", null);
                saved.discard();
                throw saveFailed(config, failure.get());
            }
            qmp.quit();
        } catch (IOException e) {
            saved.discard();
            if (!qemu.isAlive()) {
                // Killed or crashed mid-save: nothing was saved, but the disk is whole; a start boots it again. (The
                // generic advice, delete and start afresh, would throw the user's cluster away for nothing.)
                process.cleanStale();
                throw new JmkException(Reason.GUEST_DIED, "the VM exited while its memory was being saved ("
                        + e.getMessage() + "); nothing was saved, and its disk is kept",
                        "'jminikube start -p " + paths.profile() + "' boots it again from its disk.", logTails(10), e);
            }
            continueQuietly();
            throw new JmkException(Reason.DRIVER_FAILED, "saving the VM's state failed: " + e.getMessage()
                    + "; the VM is still running", "Try 'jminikube stop --power-off -p " + paths.profile() + "'.",
                    logTails(10), e);
        }
        if (!qemu.awaitExit(Duration.ofSeconds(30))) {
            QemuProcess.killAndWait(qemu); // the state is complete; a QEMU that does not quit after it is of no use
        }
        process.cleanStale();
        Path binary = tool(target.binary());
        saved.commit(commandLineSha256(binary, config, Accel.fromQemuName(config.accel())),
                QemuSavedState.FileStamp.of(binary), QemuSavedState.FileStamp.of(config.iso()),
                QemuSavedState.FileStamp.of(paths.disk()), config.memoryMb(), java.time.Instant.now().toString());
    }

    /** Polls query-migrate until it completes (empty) or fails (QEMU's reason). */
    private Optional<String> awaitMigration(QmpClient qmp) throws IOException {
        long deadline = System.nanoTime() + SAVE_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode info = qmp.execute("query-migrate", null);
            String status = info.path("status").asText();
            switch (status) {
                case "completed":
                    return Optional.empty();
                case "failed":
                case "cancelled":
                    return Optional.of(info.path("error-desc").asText(status));
                default:
                    sleep(Duration.ofMillis(200));
            }
        }
        qmp.execute("migrate_cancel", null);
        return Optional.of("it did not finish within " + SAVE_TIMEOUT.toMinutes() + " minutes");
    }

    private JmkException saveFailed(MachineConfig config, String why) {
        long freeMb = usableMb();
        boolean full = freeMb >= 0 && freeMb < config.memoryMb() + DISK_MARGIN_MB;
        return new JmkException(full ? Reason.RESOURCE_DISK_FULL : Reason.DRIVER_FAILED,
                "saving the VM's state failed: " + why + "; the VM is still running",
                full ? "Free space beside " + paths.dir() + " (" + freeMb + " MB free), or 'jminikube stop --power-off -p "
                        + paths.profile() + "'." : "Try 'jminikube stop --power-off -p " + paths.profile() + "'.",
                null, null);
    }

    /**
     * The state holds at most the guest's RAM; refusing up front keeps the host disk from filling and the VM
     * running as it was.
     */
    private void requireSpaceForState(MachineConfig config) {
        long freeMb = usableMb();
        long needMb = config.memoryMb() + DISK_MARGIN_MB;
        if (freeMb >= 0 && freeMb < needMb) {
            throw new JmkException(Reason.RESOURCE_DISK_FULL, "saving the VM's state needs up to " + needMb
                    + " MB beside " + paths.dir() + ", and " + freeMb + " MB are free; the VM is still running",
                    "Free some space, or 'jminikube stop --power-off -p " + paths.profile() + "' (a cold shutdown).",
                    null, null);
        }
    }

    private long usableMb() {
        long bytes = usableBytes.applyAsLong(paths.dir());
        return bytes < 0 ? -1 : bytes / (1024 * 1024);
    }

    private static long usableBytesOf(Path dir) {
        try {
            return Files.getFileStore(dir).getUsableSpace();
        } catch (IOException e) {
            return -1;
        }
    }

    /**
     * QEMU refuses to migrate while the guest has a 9p share mounted. The share is only the binary cache the
     * bootstrap copies from (it mounts it again when it needs it), so the guest lets go of it first.
     */
    private void releaseHostShare(MachineConfig config) {
        if (config.hostShare() == null) {
            return;
        }
        String script = "awk '$1==\"" + MachineSpec.HOST_SHARE_TAG + "\" && $3==\"9p\" {print $2}' /proc/mounts"
                + " | xargs -r -n1 umount -l";
        try (CommandRunner guest = guestRunner()) {
            CommandResult r = guest.run(List.of("sh", "-c", script), RunOptions.DEFAULTS.withTimeout(Duration.ofSeconds(30)));
            if (!r.succeeded()) {
                machine.notices().accept("Could not unmount the host share in the guest: " + r.combinedOutput().strip());
            }
        } catch (RuntimeException e) {
            // QEMU's own refusal below then names the reason.
            machine.notices().accept("Could not reach the guest to unmount the host share: " + e.getMessage());
        }
    }

    private void continueQuietly() {
        try (QmpClient qmp = QmpClient.connect(paths.qmpSocket(), QMP_TIMEOUT)) {
            if (isFrozen(qmp.queryStatus())) {
                qmp.execute("cont", null);
            }
        } catch (IOException ignored) {
            // Nothing left to continue.
        }
    }

    /**
     * Continues the guest from its saved state: QEMU starts with the same command line plus {@code -incoming},
     * loads the stream, and the guest runs on where it was. A save that does not match the machine now, or that
     * QEMU cannot load, is discarded with a notice and the VM boots cold; its data disk is untouched either way
     * (the guest never ran on it from a stream that did not belong to it).
     */
    @Override
    public ResumeOutcome resume() {
        Optional<ProcessTable.Entry> running = process.find();
        if (running.isPresent()) {
            // A suspend cut short left QEMU alive with the guest paused in memory: continue that one.
            saved.discard();
            try (QmpClient qmp = QmpClient.connect(paths.qmpSocket(), QMP_TIMEOUT)) {
                awaitLoaded(qmp, running.get());
                if (isFrozen(qmp.queryStatus())) {
                    qmp.execute("cont", null);
                }
            } catch (IOException e) {
                throw new JmkException(Reason.DRIVER_FAILED, "cannot continue the paused VM: " + e.getMessage(), e);
            }
            return ResumeOutcome.RESUMED;
        }
        process.cleanStale();
        if (!saved.exists()) {
            start();
            return ResumeOutcome.BOOTED_COLD;
        }
        MachineConfig config = config();
        Path binary = tool(target.binary());
        Accel accel = probe.choose(binary).accel();
        Optional<String> unusable = saved.unusableBecause(new QemuSavedState.Expected(
                commandLineSha256(binary, config, accel), QemuSavedState.FileStamp.of(binary),
                QemuSavedState.FileStamp.of(config.iso()), QemuSavedState.FileStamp.of(paths.disk())));
        if (unusable.isPresent()) {
            return bootColdBecause(unusable.get());
        }
        try {
            launch(List.of("-incoming", "exec:cat " + ShellQuoting.quote(saved.state().toString())));
        } catch (JmkException e) {
            process.kill();
            return bootColdBecause("QEMU would not start from it (" + e.getMessage() + ")");
        }
        ProcessTable.Entry qemu = process.find().orElse(null);
        try (QmpClient qmp = QmpClient.connect(paths.qmpSocket(), QMP_TIMEOUT)) {
            String status = awaitLoaded(qmp, qemu);
            if (isFrozen(status)) {
                qmp.execute("cont", null);
            } else if (!"running".equals(status)) {
                process.kill();
                return bootColdBecause("QEMU could not load it (state " + status + ")");
            }
        } catch (IOException e) {
            process.kill();
            return bootColdBecause("QEMU could not load it (" + lastLine(paths.qemuLog()) + ")");
        }
        saved.discard(); // the guest runs on: the disk no longer matches the saved memory
        return ResumeOutcome.RESUMED;
    }

    /** Waits while QEMU is still reading the stream; the run state it ends in. */
    private String awaitLoaded(QmpClient qmp, ProcessTable.Entry qemu) throws IOException {
        long deadline = System.nanoTime() + LOAD_TIMEOUT.toNanos();
        String status = qmp.queryStatus();
        while (("inmigrate".equals(status) || "prelaunch".equals(status)) && System.nanoTime() < deadline) {
            if (qemu != null && !qemu.isAlive()) {
                throw new IOException("QEMU exited while loading the state");
            }
            sleep(Duration.ofMillis(200));
            status = qmp.queryStatus();
        }
        return status;
    }

    private ResumeOutcome bootColdBecause(String why) {
        machine.notices().accept("The saved state of \"" + paths.profile() + "\" cannot be used: " + why
                + "; discarding it and booting cold (the data disk is kept).");
        saved.discard();
        process.cleanStale();
        start();
        return ResumeOutcome.BOOTED_COLD;
    }

    @Override
    public void discardSuspendedState() {
        saved.discard();
    }

    /**
     * Identifies the machine's virtual hardware: its command line without the port forwards (host ports may be
     * reassigned between a save and a resume; the guest does not see them) and without -incoming.
     */
    String commandLineSha256(Path binary, MachineConfig config, Accel accel) {
        return QemuSavedState.sha256(String.join("\n", QemuCommandLine.build(binary, target,
                config.withPorts(List.of()), paths, accel)));
    }

    private static String lastLine(Path log) {
        String tail = LogTail.of(log, 3).strip();
        int nl = tail.lastIndexOf('\n');
        return nl < 0 ? tail : tail.substring(nl + 1);
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JmkException(Reason.DRIVER_FAILED, "interrupted while waiting for QEMU", e);
        }
    }

    @Override
    public SshEndpoint sshEndpoint() {
        MachineConfig config = config();
        PortForward ssh = config.port(PortForward.SSH).orElseThrow(() -> new JmkException(Reason.DRIVER_FAILED,
                "machine " + config.profile() + " has no SSH port in " + paths.config()));
        return new SshEndpoint("127.0.0.1", ssh.hostPort(), "root", paths.privateKey(), paths.hostKeyPin());
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
