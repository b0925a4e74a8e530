package dev.jminikube.drivers.hyperv;

import dev.jminikube.core.Environment;
import dev.jminikube.core.HostOs;
import dev.jminikube.core.JmkException;
import dev.jminikube.core.OwnerOnly;
import dev.jminikube.core.Reason;
import dev.jminikube.core.exec.CommandResult;
import dev.jminikube.core.exec.LocalCommandRunner;
import dev.jminikube.core.exec.SshEndpoint;
import dev.jminikube.core.exec.SshKeys;
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
import dev.jminikube.drivers.ResumeOutcome;
import dev.jminikube.drivers.Trees;
import dev.jminikube.drivers.qemu.SeedDisk;
import dev.jminikube.drivers.wait.SshReady;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

/**
 * The Hyper-V driver (Windows): a generation 1 VM named {@code jmk-<profile>} made and run through
 * PowerShell's Hyper-V module, on a virtual switch ("Default Switch" unless told otherwise). The host
 * reaches the guest at the address the guest's KVP daemon reports: SSH on IP:22, the API server on
 * IP:8443; there are no port forwards. The data disk is a VHD that starts with the seed tar.
 */
public final class HyperVDriver implements Driver {
    public static final String NAME = "hyperv";
    static final String DISK = "disk.vhd";
    static final String SEED = "seed.vhd";
    /** Hyper-V refuses disks under 3 MB; minikube seeds a 10 MB one too. */
    static final long SEED_SIZE = 10L * 1024 * 1024;
    static final Duration IP_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration CMDLET_TIMEOUT = Duration.ofMinutes(2);

    private final MachineContext machine;
    private final MachinePaths paths;
    private final Optional<PowerShell> powerShell;
    private final SshReady.Sleeper sleeper;
    private final LongSupplier nanoClock;
    private final Clock clock;

    HyperVDriver(MachineContext machine, Optional<PowerShell> powerShell, SshReady.Sleeper sleeper,
                 LongSupplier nanoClock, Clock clock) {
        this.machine = machine;
        this.paths = machine.paths();
        this.powerShell = powerShell;
        this.sleeper = sleeper;
        this.nanoClock = nanoClock;
        this.clock = clock;
    }

    public static DriverDefinition definition() {
        return new DriverDefinition(NAME, Set.of(HostOs.WINDOWS), DriverPriority.PREFERRED, new HyperVHealth(),
                HyperVDriver::forMachine, HyperVHealth.DOC);
    }

    public static HyperVDriver forMachine(MachineContext machine) {
        Environment env = machine.environment();
        Optional<PowerShell> ps = ProcessPowerShell.locate(env)
                .map(exe -> new ProcessPowerShell(new LocalCommandRunner(), exe));
        return new HyperVDriver(machine, ps, d -> Thread.sleep(d.toMillis()), System::nanoTime, Clock.systemUTC());
    }

    /** The Hyper-V VM name: profiles are unique per JMINIKUBE_HOME, the prefix keeps ours apart from the user's. */
    String vmName() {
        return "jmk-" + paths.profile();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public DriverHealth preCreateCheck() {
        return powerShell.map(HyperVHealth::check).orElseGet(() -> DriverHealth.notInstalled(
                "PowerShell (powershell.exe or pwsh) was not found on the PATH", null, HyperVHealth.DOC));
    }

    @Override
    public void create() {
        MachineConfig config = config();
        String virtualSwitch = SwitchChoice.choose(HyperVOutput.switches(ps(HyperVScripts.switches()).stdout()),
                config.hypervVirtualSwitch());
        SshKeys.generate(paths.privateKey(), "jminikube-" + config.profile());
        String publicKey = SshKeys.publicKeyLine(paths.privateKey(), "jminikube-" + config.profile());
        Path seed = paths.dir().resolve(SEED);
        Path disk = paths.dir().resolve(DISK);
        try {
            Files.deleteIfExists(disk);
            FixedVhd.write(seed, SeedDisk.seedBytes(publicKey), SEED_SIZE, clock.instant(), UUID.randomUUID());
        } catch (IOException e) {
            throw new JmkException(Reason.HOST_HOME_NOT_WRITABLE, "cannot write " + seed + ": " + e.getMessage(), e);
        }
        ps(HyperVScripts.convertToDynamic(seed.toString(), disk.toString()));
        ps(HyperVScripts.resize(disk.toString(), config.diskSizeMb()));
        try {
            // NTFS has no POSIX modes (the user's profile is private there); this is for file systems that have them.
            OwnerOnly.file(disk);
        } catch (IOException e) {
            throw new JmkException(Reason.HOST_HOME_NOT_WRITABLE, "cannot make " + disk + " private: " + e.getMessage(), e);
        }
        String vm = vmName();
        ps(HyperVScripts.newVm(vm, paths.dir().toString(), virtualSwitch, config.memoryMb()));
        ps(HyperVScripts.fixedMemory(vm));
        ps(HyperVScripts.processors(vm, config.cpus()));
        ps(HyperVScripts.dvd(vm, config.iso().toString()));
        ps(HyperVScripts.addDisk(vm, disk.toString()));
        // No 9p on Hyper-V: binaries travel over SSH.
        MachineConfigFile.write(paths.config(), config.withHypervVirtualSwitch(virtualSwitch).withoutHostShare()
                .withCreated(true));
    }

    /**
     * Boots the VM and waits until the guest reports an address (the host needs it for everything after). A Saved
     * VM is resumed, as Start-VM would anyway.
     */
    @Override
    public void start() {
        DriverState state = HyperVOutput.driverState(existingState());
        if (state == DriverState.SUSPENDED) {
            resume();
            return;
        }
        if (state != DriverState.RUNNING) {
            ps(HyperVScripts.start(vmName()));
        }
        waitForIp(IP_TIMEOUT);
    }

    private String existingState() {
        return hyperVState().orElseThrow(() -> new JmkException(Reason.DRIVER_FAILED, "the Hyper-V VM " + vmName()
                + " is gone", "Run 'jminikube delete -p " + paths.profile() + "' and start again.", null, null));
    }

    @Override
    public boolean canSuspend() {
        return true;
    }

    /**
     * {@code Save-VM}: Hyper-V writes the guest's memory and devices next to the VM's configuration and turns it
     * Saved only once that is complete; a failed save leaves it Running. So the VM's state, not a file, says
     * whether there is a state to resume.
     */
    @Override
    public void suspend() {
        String state = existingState();
        DriverState driverState = HyperVOutput.driverState(state);
        if (driverState == DriverState.SUSPENDED) {
            return;
        }
        if (driverState != DriverState.RUNNING) {
            throw new JmkException(Reason.GUEST_NOT_RUNNING, "cannot suspend machine " + paths.profile()
                    + ": the Hyper-V VM " + vmName() + " is " + state + ", not running",
                    "Start it with 'jminikube start -p " + paths.profile() + "'.", null, null);
        }
        String script = HyperVScripts.save(vmName());
        CommandResult r = powerShell().run(script, SAVE_TIMEOUT);
        if (r.succeeded()) {
            return;
        }
        Optional<String> after = hyperVState();
        if (after.isPresent() && HyperVOutput.driverState(after.get()) == DriverState.SUSPENDED) {
            return; // powershell timed out or died after Hyper-V had finished the save
        }
        if (r.combinedOutput().contains(DISK_FULL_CODE) || r.combinedOutput().contains("not enough space on the disk")) {
            throw new JmkException(Reason.RESOURCE_DISK_FULL, "Hyper-V could not save the VM's state: the disk of "
                    + paths.dir() + " is full", "Free space there (the state needs about the VM's memory size), or "
                    + "stop with 'jminikube stop --power-off'.", "PS> " + powerShell().pasteReady(script) + "\n"
                    + r.combinedOutput(), null);
        }
        JmkException failure = failure(script, r);
        throw new JmkException(failure.reason(), failure.getMessage() + "; the VM is " + after.orElse("gone"),
                failure.advice(), failure.details(), null);
    }

    /**
     * {@code Start-VM} of the Saved VM. When Hyper-V cannot restore the state (it says "Failed to restore"; the VM
     * stays Saved) the state is discarded with Remove-VMSavedState and the VM boots cold from its disk; other
     * failures (not enough memory...) keep the state for the next try.
     */
    @Override
    public ResumeOutcome resume() {
        if (HyperVOutput.driverState(existingState()) != DriverState.SUSPENDED) {
            start();
            return ResumeOutcome.BOOTED_COLD;
        }
        String script = HyperVScripts.start(vmName());
        CommandResult r = powerShell().run(script, CMDLET_TIMEOUT);
        if (r.succeeded()) {
            waitForIp(IP_TIMEOUT);
            return ResumeOutcome.RESUMED;
        }
        Optional<String> after = hyperVState();
        boolean stillSaved = after.isPresent() && HyperVOutput.driverState(after.get()) == DriverState.SUSPENDED;
        if (!stillSaved || !r.combinedOutput().contains(RESTORE_FAILED)) {
            throw failure(script, r);
        }
        machine.notices().accept("Hyper-V could not restore the saved state of " + vmName() + " (" + firstLine(r)
                + "); discarding it and booting from the disk.");
        ps(HyperVScripts.removeSavedState(vmName()));
        ps(HyperVScripts.start(vmName()));
        waitForIp(IP_TIMEOUT);
        return ResumeOutcome.BOOTED_COLD;
    }

    /** What Hyper-V says when a saved state cannot be loaded into the VM. */
    static final String RESTORE_FAILED = "Failed to restore virtual machine state";
    /** ERROR_DISK_FULL as an HRESULT, in Hyper-V's messages whatever the Windows language. */
    static final String DISK_FULL_CODE = "0x80070070";
    /** Saving writes the whole guest memory; a large VM on a slow disk takes a while. */
    static final Duration SAVE_TIMEOUT = Duration.ofMinutes(10);

    @Override
    public void discardSuspendedState() {
        Optional<String> state = hyperVState();
        if (state.isPresent() && HyperVOutput.driverState(state.get()) == DriverState.SUSPENDED) {
            ps(HyperVScripts.removeSavedState(vmName()));
        }
    }

    void waitForIp(Duration timeout) {
        long start = nanoClock.getAsLong();
        while (true) {
            if (currentIp().isPresent()) {
                return;
            }
            Optional<String> state = hyperVState();
            if (state.isEmpty() || HyperVOutput.driverState(state.get()) != DriverState.RUNNING) {
                throw new JmkException(Reason.GUEST_DIED, "the Hyper-V VM " + vmName() + " is "
                        + state.orElse("gone") + " while waiting for its IP address", null, logTails(0), null);
            }
            if (Duration.ofNanos(nanoClock.getAsLong() - start).compareTo(timeout) >= 0) {
                throw new JmkException(Reason.GUEST_SSH_TIMEOUT, "the Hyper-V VM " + vmName()
                        + " reported no IPv4 address within " + timeout.toSeconds() + "s",
                        "The guest's KVP daemon reports the address; check the VM's console in Hyper-V Manager and "
                                + "that the switch \"" + config().hypervVirtualSwitch() + "\" hands out addresses (DHCP).",
                        null, null);
            }
            try {
                sleeper.sleep(Duration.ofSeconds(2));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new JmkException(Reason.GUEST_SSH_TIMEOUT, "interrupted while waiting for the VM's IP", e);
            }
        }
    }

    /** Stop-VM (the guest shuts down) for up to {@code grace}, then Stop-VM -TurnOff. */
    @Override
    public void stop(Duration grace) {
        Optional<String> state = hyperVState();
        if (state.isEmpty() || !hasGuestRunning(state.get())) {
            return; // a Saved VM stays saved: nothing runs to shut down
        }
        String script = HyperVScripts.stop(vmName());
        CommandResult r = powerShell().run(script, grace);
        if (!r.succeeded()) {
            machine.notices().accept(r.timedOut() ? "The guest did not shut down within " + grace.toSeconds()
                    + "s; turning it off." : "Stop-VM failed (" + firstLine(r) + "); turning the VM off.");
            ps(HyperVScripts.turnOff(vmName()));
        }
    }

    @Override
    public void kill() {
        Optional<String> state = hyperVState();
        if (state.isPresent() && hasGuestRunning(state.get())) {
            ps(HyperVScripts.turnOff(vmName()));
        }
    }

    /** Running, or between states (Paused, Saving...): Stop-VM applies. Off and Saved have no guest to stop. */
    private static boolean hasGuestRunning(String state) {
        DriverState s = HyperVOutput.driverState(state);
        return s != DriverState.STOPPED && s != DriverState.SUSPENDED;
    }

    /** Turns the VM off, removes it from Hyper-V and deletes the machine directory (disks, VM files). */
    @Override
    public void remove() {
        if (powerShell.isPresent() && Files.isDirectory(paths.dir())) {
            Optional<String> state = hyperVState();
            if (state.isPresent()) {
                if (HyperVOutput.driverState(state.get()) == DriverState.SUSPENDED) {
                    ps(HyperVScripts.removeSavedState(vmName())); // the .vmrs goes with the VM, not left behind
                } else if (hasGuestRunning(state.get())) {
                    ps(HyperVScripts.turnOff(vmName()));
                }
                ps(HyperVScripts.remove(vmName()));
            }
        }
        deleteDirectory();
    }

    @Override
    public DriverState state() {
        if (!Files.isRegularFile(paths.config())) {
            return DriverState.NONEXISTENT;
        }
        if (powerShell.isEmpty()) {
            return DriverState.ERROR;
        }
        return hyperVState().map(HyperVOutput::driverState).orElse(DriverState.STOPPED);
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
        return currentIp().orElseThrow(() -> new JmkException(Reason.GUEST_NOT_RUNNING, "the Hyper-V VM " + vmName()
                + " reports no IPv4 address (yet)", "Wait a little, or 'jminikube start -p " + paths.profile() + "'.",
                null, null));
    }

    private Optional<String> currentIp() {
        return HyperVOutput.firstUsableIpv4(ps(HyperVScripts.ipAddresses(vmName())).stdout());
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
        return new JmkException(Reason.USAGE, "the hyperv driver forwards no ports: the host reaches the guest at its "
                + "own address (see 'jminikube ip -p " + paths.profile() + "')");
    }

    @Override
    public String logTails(int lines) {
        return "(Hyper-V keeps no console log; Hyper-V Manager shows the VM's console: vmconnect localhost "
                + vmName() + ")";
    }

    /** The Hyper-V state name, or empty when Hyper-V has no such VM. */
    private Optional<String> hyperVState() {
        String script = HyperVScripts.state(vmName());
        CommandResult r = powerShell().run(script, CMDLET_TIMEOUT);
        if (r.succeeded()) {
            return Optional.of(HyperVOutput.stateName(r.stdout()));
        }
        if (HyperVOutput.isNoSuchVm(r.stderr())) {
            return Optional.empty();
        }
        throw failure(script, r);
    }

    private CommandResult ps(String script) {
        CommandResult r = powerShell().run(script, CMDLET_TIMEOUT);
        if (!r.succeeded()) {
            throw failure(script, r);
        }
        return r;
    }

    private JmkException failure(String script, CommandResult r) {
        String cmdlet = script.substring(HyperVScripts.PREAMBLE.length()).split(" ", 2)[0];
        return new JmkException(Reason.DRIVER_FAILED, "Hyper-V: " + cmdlet + " failed: " + firstLine(r), null,
                "PS> " + powerShell().pasteReady(script) + "\n" + (r.timedOut() ? "(timed out)" : r.combinedOutput()),
                null);
    }

    private static String firstLine(CommandResult r) {
        if (r.timedOut()) {
            return "timed out after " + r.elapsed().toSeconds() + "s";
        }
        return r.combinedOutput().lines().filter(l -> !l.isBlank()).findFirst().orElse("exit " + r.exitCode());
    }

    private PowerShell powerShell() {
        return powerShell.orElseThrow(() -> new JmkException(Reason.HOST_TOOL_MISSING,
                "PowerShell (powershell.exe or pwsh) was not found on the PATH"));
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
