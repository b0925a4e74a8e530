package dev.jminikube.drivers.vmware;

import dev.jminikube.core.Environment;
import dev.jminikube.core.HostOs;
import dev.jminikube.core.JmkException;
import dev.jminikube.core.OwnerOnly;
import dev.jminikube.core.Reason;
import dev.jminikube.core.exec.CommandResult;
import dev.jminikube.core.exec.LocalCommandRunner;
import dev.jminikube.core.exec.ShellQuoting;
import dev.jminikube.core.exec.SshEndpoint;
import dev.jminikube.core.exec.SshKeys;
import dev.jminikube.drivers.Driver;
import dev.jminikube.drivers.DriverDefinition;
import dev.jminikube.drivers.DriverHealth;
import dev.jminikube.drivers.DriverPriority;
import dev.jminikube.drivers.DriverState;
import dev.jminikube.drivers.HostEndpoint;
import dev.jminikube.drivers.LogTail;
import dev.jminikube.drivers.MachineConfig;
import dev.jminikube.drivers.MachineConfigFile;
import dev.jminikube.drivers.MachineContext;
import dev.jminikube.drivers.MachinePaths;
import dev.jminikube.drivers.PortForward;
import dev.jminikube.drivers.ResumeOutcome;
import dev.jminikube.drivers.Trees;
import dev.jminikube.drivers.qemu.SeedDisk;
import dev.jminikube.drivers.wait.SshReady;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

/**
 * The VMware driver (Fusion on macOS, Workstation on Windows and Linux): a generated {@code .vmx} run
 * headless by {@code vmrun}, on VMware's NAT network (vmnet8). The host reaches the guest at the address
 * open-vm-tools reports ({@code getGuestIPAddress}); there are no port forwards. The data disk is a
 * growable VMDK converted from a flat one that starts with the seed tar.
 */
public final class VmwareDriver implements Driver {
    public static final String NAME = "vmware";
    static final String VMX = "jminikube.vmx";
    static final String DISK = "disk.vmdk";
    static final String SEED = "seed.vmdk";
    static final long SEED_SIZE = 10L * 1024 * 1024;
    static final Duration IP_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration TOOL_TIMEOUT = Duration.ofMinutes(2);

    private final MachineContext machine;
    private final MachinePaths paths;
    private final Optional<VmwareTool> vmrun;
    private final Optional<VmwareTool> vdiskmanager;
    private final String hostType;
    private final boolean caseInsensitivePaths;
    private final SshReady.Sleeper sleeper;
    private final LongSupplier nanoClock;

    VmwareDriver(MachineContext machine, Optional<VmwareTool> vmrun, Optional<VmwareTool> vdiskmanager, HostOs os,
                 SshReady.Sleeper sleeper, LongSupplier nanoClock) {
        this.machine = machine;
        this.paths = machine.paths();
        this.vmrun = vmrun;
        this.vdiskmanager = vdiskmanager;
        this.hostType = VmwareLocator.hostType(os);
        this.caseInsensitivePaths = os != HostOs.LINUX;
        this.sleeper = sleeper;
        this.nanoClock = nanoClock;
    }

    /** Every host VMware runs on; DEFAULT so QEMU (registered first) wins ties on Linux and macOS. */
    public static DriverDefinition definition() {
        return new DriverDefinition(NAME, Set.of(HostOs.LINUX, HostOs.MACOS, HostOs.WINDOWS), DriverPriority.DEFAULT,
                new VmwareHealth(), VmwareDriver::forMachine, VmwareHealth.DOC);
    }

    public static VmwareDriver forMachine(MachineContext machine) {
        Environment env = machine.environment();
        LocalCommandRunner local = new LocalCommandRunner();
        return new VmwareDriver(machine, VmwareLocator.find(env, "vmrun").map(p -> VmwareTool.process(local, p)),
                VmwareLocator.find(env, "vmware-vdiskmanager").map(p -> VmwareTool.process(local, p)), env.os(),
                d -> Thread.sleep(d.toMillis()), System::nanoTime);
    }

    Path vmx() {
        return paths.dir().resolve(VMX);
    }

    /** Where VMware writes a suspended guest's device state and memory: next to the .vmx, named after it. */
    Path vmss() {
        return paths.dir().resolve(VMX.replaceAll("\\.vmx$", ".vmss"));
    }

    Path vmem() {
        return paths.dir().resolve(VMX.replaceAll("\\.vmx$", ".vmem"));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public DriverHealth preCreateCheck() {
        String hint = VmwareLocator.installHint(machine.environment() == null ? HostOs.OTHER : machine.environment().os());
        if (vmrun.isEmpty() || vdiskmanager.isEmpty()) {
            return DriverHealth.notInstalled((vmrun.isEmpty() ? "vmrun" : "vmware-vdiskmanager") + " was not found", hint,
                    VmwareHealth.DOC);
        }
        return VmwareHealth.check(vmrun.get(), hint);
    }

    @Override
    public void create() {
        MachineConfig config = config();
        SshKeys.generate(paths.privateKey(), "jminikube-" + config.profile());
        String publicKey = SshKeys.publicKeyLine(paths.privateKey(), "jminikube-" + config.profile());
        Path seed = paths.dir().resolve(SEED);
        Path disk = paths.dir().resolve(DISK);
        Path extent;
        try {
            Files.deleteIfExists(disk);
            extent = FlatVmdk.write(seed, SeedDisk.seedBytes(publicKey), SEED_SIZE);
        } catch (IOException e) {
            throw new JmkException(Reason.HOST_HOME_NOT_WRITABLE, "cannot write " + seed + ": " + e.getMessage(), e);
        }
        // -t 0: a single growable file; -x grows it to the disk size (only the seed's sectors are allocated).
        check(tool(vdiskmanager, "vmware-vdiskmanager"), "vmware-vdiskmanager",
                List.of("-r", seed.toString(), "-t", "0", disk.toString()));
        check(tool(vdiskmanager, "vmware-vdiskmanager"), "vmware-vdiskmanager",
                List.of("-x", config.diskSizeMb() + "MB", disk.toString()));
        try {
            OwnerOnly.file(disk); // vdiskmanager creates it with the umask's mode; it will hold the cluster's CA key
            Files.deleteIfExists(seed);
            Files.deleteIfExists(extent);
            Files.write(vmx(), VmxFile.render(config, "jmk-" + config.profile(), DISK,
                    paths.consoleLog().toString()).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new JmkException(Reason.HOST_HOME_NOT_WRITABLE, "cannot write " + vmx() + ": " + e.getMessage(), e);
        }
        MachineConfigFile.write(paths.config(), config.withoutHostShare().withCreated(true));
    }

    /**
     * Powers the VM on headless and waits until open-vm-tools reports its address. A suspended VM is resumed (vmrun
     * start would anyway); before a cold start a .vmss the .vmx does not name (left by a suspend that died half-way)
     * is deleted, so nothing can resume from half a state.
     */
    @Override
    public void start() {
        requireVmx();
        if (running()) {
            waitForIp();
            return;
        }
        if (suspended()) {
            resume();
            return;
        }
        deleteStateFiles();
        vmrun(List.of("start", vmx().toString(), "nogui"));
        waitForIp();
    }

    private void requireVmx() {
        if (!Files.isRegularFile(vmx())) {
            throw new JmkException(Reason.DRIVER_FAILED, "the machine's " + vmx() + " is missing",
                    "Run 'jminikube delete -p " + paths.profile() + "' and start again.", null, null);
        }
    }

    @Override
    public boolean canSuspend() {
        return true;
    }

    /**
     * {@code vmrun suspend VMX soft} (the tools run the guest's suspend scripts first), and {@code hard} if the soft
     * one failed with the VM still running. VMware names the finished .vmss in the .vmx ({@code checkpoint.vmState})
     * only once it is complete; that, not the file, is what {@link #state} trusts.
     */
    @Override
    public void suspend() {
        requireVmx();
        if (!running()) {
            if (suspended()) {
                return;
            }
            throw new JmkException(Reason.GUEST_NOT_RUNNING, "cannot suspend machine " + paths.profile()
                    + ": the VMware VM is not running", "Start it with 'jminikube start -p " + paths.profile() + "'.",
                    null, null);
        }
        CommandResult r = tool(vmrun, "vmrun").run(args(List.of("suspend", vmx().toString(), "soft")), SUSPEND_TIMEOUT);
        if (!r.succeeded() && !diskFull(r) && running()) {
            machine.notices().accept("vmrun suspend soft failed (" + failureText(r) + "); suspending it hard.");
            r = tool(vmrun, "vmrun").run(args(List.of("suspend", vmx().toString(), "hard")), SUSPEND_TIMEOUT);
        }
        if (r.succeeded() || (!running() && suspended())) {
            return;
        }
        String details = "$ vmrun " + ShellQuoting.join(args(List.of("suspend", vmx().toString(), "soft|hard"))) + "\n"
                + r.combinedOutput();
        if (diskFull(r)) {
            throw new JmkException(Reason.RESOURCE_DISK_FULL, "VMware could not suspend the VM: the disk of "
                    + paths.dir() + " is full", "Free space there (the state needs about the VM's memory size), or "
                    + "stop with 'jminikube stop --power-off'.", details, null);
        }
        boolean stillRunning = running();
        if (!stillRunning) {
            deleteStateFiles(); // whatever half a .vmss the VM left, nothing may resume from it
        }
        throw new JmkException(Reason.DRIVER_FAILED, "vmrun suspend failed: " + failureText(r)
                + (stillRunning ? "; the VM keeps running" : "; the VM is off and its state is lost"), null, details, null);
    }

    /**
     * {@code vmrun start VMX nogui} of the suspended VM. A state VMware cannot restore (it says the suspended state
     * could not be restored; the VM stays suspended) is deleted with a notice and the VM boots cold from its disk;
     * any other failure keeps the state for the next try.
     */
    @Override
    public ResumeOutcome resume() {
        requireVmx();
        if (running() || !suspended()) {
            start();
            return ResumeOutcome.BOOTED_COLD;
        }
        CommandResult r = tool(vmrun, "vmrun").run(args(List.of("start", vmx().toString(), "nogui")), TOOL_TIMEOUT);
        if (!r.succeeded()) {
            String error = VmrunOutput.error(r.combinedOutput());
            if (running() || !suspended() || !error.toLowerCase(java.util.Locale.ROOT).contains(RESTORE_REFUSED)) {
                throw new JmkException(Reason.DRIVER_FAILED, "vmrun start failed: " + failureText(r), null,
                        "$ vmrun " + ShellQuoting.join(args(List.of("start", vmx().toString(), "nogui"))) + "\n"
                                + r.combinedOutput(), null);
            }
            machine.notices().accept("VMware could not restore the suspended state (" + error
                    + "); discarding it and booting from the disk.");
            discardSuspendedState();
            vmrun(List.of("start", vmx().toString(), "nogui"));
            waitForIp();
            return ResumeOutcome.BOOTED_COLD;
        }
        waitForIp();
        return ResumeOutcome.RESUMED;
    }

    /** What VMware's refusal of a suspended state says (lower case). */
    static final String RESTORE_REFUSED = "suspended state";
    /** Suspending writes the whole guest memory; a large VM on a slow disk takes a while. */
    static final Duration SUSPEND_TIMEOUT = Duration.ofMinutes(10);

    /** Deletes the .vmss and .vmem and clears {@code checkpoint.vmState}, while the VM does not run. */
    @Override
    public void discardSuspendedState() {
        if (vmrun.isPresent() && Files.isRegularFile(vmx()) && running()) {
            return;
        }
        deleteStateFiles();
    }

    /** Not running (checked by the caller) and the .vmx names a .vmss that is there: VMware resumes from it. */
    private boolean suspended() {
        return checkpoint().map(name -> Files.isRegularFile(paths.dir().resolve(name))).orElse(false);
    }

    /** The .vmss the .vmx names as the VM's suspended state, if any. */
    private Optional<String> checkpoint() {
        try {
            return Files.isRegularFile(vmx()) ? VmxFile.value(Files.readString(vmx()), CHECKPOINT).filter(v -> !v.isEmpty())
                    : Optional.empty();
        } catch (IOException e) {
            throw new JmkException(Reason.DRIVER_FAILED, "cannot read " + vmx() + ": " + e.getMessage(), e);
        }
    }

    static final String CHECKPOINT = "checkpoint.vmState";

    private void deleteStateFiles() {
        try {
            Files.deleteIfExists(vmss());
            Files.deleteIfExists(vmem());
            if (checkpoint().isPresent()) {
                Files.writeString(vmx(), VmxFile.withValue(Files.readString(vmx()), CHECKPOINT, ""));
            }
        } catch (IOException e) {
            throw new JmkException(Reason.HOST_HOME_NOT_WRITABLE, "cannot delete the suspended state in " + paths.dir()
                    + ": " + e.getMessage(), e);
        }
    }

    private static boolean diskFull(CommandResult r) {
        String out = r.combinedOutput();
        return out.contains("No space left on device") || out.contains("not enough space on the disk")
                || out.contains("disk is full");
    }

    private static String failureText(CommandResult r) {
        return r.timedOut() ? "timed out" : VmrunOutput.error(r.combinedOutput());
    }

    private void waitForIp() {
        long start = nanoClock.getAsLong();
        while (true) {
            // -wait blocks until the tools in the guest answer; their first answer may still be link-local.
            // Each call gets only the time left, so the whole wait stays within IP_TIMEOUT.
            Duration left = IP_TIMEOUT.minus(Duration.ofNanos(nanoClock.getAsLong() - start));
            CommandResult r = tool(vmrun, "vmrun").run(args(List.of("getGuestIPAddress", vmx().toString(), "-wait")),
                    left.isNegative() || left.isZero() ? Duration.ofSeconds(1) : left);
            if (r.succeeded() && VmrunOutput.usableIpv4(r.stdout()).isPresent()) {
                return;
            }
            if (!running()) {
                throw new JmkException(Reason.GUEST_DIED, "the VMware VM powered off while waiting for its IP address",
                        null, logTails(25), null);
            }
            if (r.timedOut() || Duration.ofNanos(nanoClock.getAsLong() - start).compareTo(IP_TIMEOUT) >= 0) {
                throw new JmkException(Reason.GUEST_SSH_TIMEOUT, "the VMware VM reported no IPv4 address within "
                        + IP_TIMEOUT.toSeconds() + "s (" + VmrunOutput.error(r.combinedOutput()) + ")",
                        "The address comes from open-vm-tools in the guest over VMware's NAT network (vmnet8); "
                                + "check that network's DHCP in VMware's network editor.", logTails(25), null);
            }
            try {
                sleeper.sleep(Duration.ofSeconds(2));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new JmkException(Reason.GUEST_SSH_TIMEOUT, "interrupted while waiting for the VM's IP", e);
            }
        }
    }

    /** {@code vmrun stop soft} (the tools shut the guest down) for up to {@code grace}, then {@code stop hard}. */
    @Override
    public void stop(Duration grace) {
        if (!running()) {
            return;
        }
        CommandResult r = tool(vmrun, "vmrun").run(args(List.of("stop", vmx().toString(), "soft")), grace);
        if (!r.succeeded()) {
            machine.notices().accept(r.timedOut() ? "The guest did not power off within " + grace.toSeconds()
                    + "s; forcing it off." : "vmrun stop soft failed (" + VmrunOutput.error(r.combinedOutput())
                    + "); forcing it off.");
            if (running()) {
                vmrun(List.of("stop", vmx().toString(), "hard"));
            }
        }
    }

    @Override
    public void kill() {
        if (running()) {
            vmrun(List.of("stop", vmx().toString(), "hard"));
        }
    }

    /**
     * Powers the VM off, discards a suspended state, lets VMware delete its files (deleteVM), then deletes the
     * machine directory.
     */
    @Override
    public void remove() {
        if (vmrun.isPresent() && Files.isRegularFile(vmx())) {
            kill();
            discardSuspendedState();
            vmrun(List.of("deleteVM", vmx().toString()));
        }
        deleteDirectory();
    }

    @Override
    public DriverState state() {
        if (!Files.isRegularFile(paths.config())) {
            return DriverState.NONEXISTENT;
        }
        if (vmrun.isEmpty()) {
            return DriverState.ERROR;
        }
        if (running()) {
            return DriverState.RUNNING;
        }
        return suspended() ? DriverState.SUSPENDED : DriverState.STOPPED;
    }

    private boolean running() {
        return VmrunOutput.listed(vmrun(List.of("list")).stdout(), vmx(), caseInsensitivePaths);
    }

    @Override
    public SshEndpoint sshEndpoint() {
        return new SshEndpoint(ip(), PortForward.SSH_GUEST_PORT, "root", paths.privateKey(), paths.hostKeyPin());
    }

    @Override
    public HostEndpoint hostEndpoint(int guestPort) {
        return new HostEndpoint(ip(), guestPort);
    }

    @Override
    public String ip() {
        CommandResult r = tool(vmrun, "vmrun").run(args(List.of("getGuestIPAddress", vmx().toString())), TOOL_TIMEOUT);
        return VmrunOutput.usableIpv4(r.stdout()).filter(ip -> r.succeeded()).orElseThrow(() -> new JmkException(
                Reason.GUEST_NOT_RUNNING, "the VMware VM reports no IPv4 address: " + VmrunOutput.error(r.combinedOutput()),
                "Start it with 'jminikube start -p " + paths.profile() + "'.", null, null));
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

    private JmkException noForwards() {
        return new JmkException(Reason.USAGE, "the vmware driver forwards no ports: the host reaches the guest at its "
                + "own address (see 'jminikube ip -p " + paths.profile() + "')");
    }

    @Override
    public String logTails(int lines) {
        Path vmwareLog = paths.dir().resolve("vmware.log");
        return "--- " + paths.consoleLog() + " (last " + lines + " lines)\n" + LogTail.of(paths.consoleLog(), lines)
                + "\n--- " + vmwareLog + "\n" + LogTail.of(vmwareLog, lines);
    }

    private List<String> args(List<String> command) {
        List<String> args = new ArrayList<>(List.of("-T", hostType));
        args.addAll(command);
        return args;
    }

    private CommandResult vmrun(List<String> command) {
        return check(tool(vmrun, "vmrun"), "vmrun", args(command));
    }

    private static CommandResult check(VmwareTool tool, String name, List<String> args) {
        CommandResult r = tool.run(args, TOOL_TIMEOUT);
        if (!r.succeeded()) {
            List<String> argv = new ArrayList<>(List.of(name));
            argv.addAll(args);
            throw new JmkException(Reason.DRIVER_FAILED, name + " " + args.get(args.indexOf("-T") < 0 ? 0 : 2)
                    + " failed: " + (r.timedOut() ? "timed out" : VmrunOutput.error(r.combinedOutput())), null,
                    "$ " + ShellQuoting.join(argv) + "\n" + r.combinedOutput(), null);
        }
        return r;
    }

    private VmwareTool tool(Optional<VmwareTool> tool, String name) {
        return tool.orElseThrow(() -> new JmkException(Reason.HOST_TOOL_MISSING, name + " was not found",
                "Install it: " + VmwareLocator.installHint(machine.environment() == null ? HostOs.OTHER
                        : machine.environment().os()), null, null));
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
