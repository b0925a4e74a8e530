package dev.jminikube.drivers.vmware;

import dev.jminikube.core.Environment;
import dev.jminikube.core.HostOs;
import dev.jminikube.core.JmkException;
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
            Files.deleteIfExists(seed);
            Files.deleteIfExists(extent);
            Files.write(vmx(), VmxFile.render(config, "jmk-" + config.profile(), DISK,
                    paths.consoleLog().toString()).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new JmkException(Reason.HOST_HOME_NOT_WRITABLE, "cannot write " + vmx() + ": " + e.getMessage(), e);
        }
        MachineConfigFile.write(paths.config(), config.withoutHostShare().withCreated(true));
    }

    /** Powers the VM on headless and waits until open-vm-tools reports its address. */
    @Override
    public void start() {
        if (!Files.isRegularFile(vmx())) {
            throw new JmkException(Reason.DRIVER_FAILED, "the machine's " + vmx() + " is missing",
                    "Run 'jminikube delete -p " + paths.profile() + "' and start again.", null, null);
        }
        if (!running()) {
            vmrun(List.of("start", vmx().toString(), "nogui"));
        }
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

    /** Powers the VM off, lets VMware delete its files (deleteVM), then deletes the machine directory. */
    @Override
    public void remove() {
        if (vmrun.isPresent() && Files.isRegularFile(vmx())) {
            kill();
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
        return running() ? DriverState.RUNNING : DriverState.STOPPED;
    }

    private boolean running() {
        return VmrunOutput.listed(vmrun(List.of("list")).stdout(), vmx(), caseInsensitivePaths);
    }

    @Override
    public SshEndpoint sshEndpoint() {
        return new SshEndpoint(ip(), PortForward.SSH_GUEST_PORT, "root", paths.privateKey());
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
