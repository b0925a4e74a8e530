package dev.jminikube.drivers.virtualbox;

import dev.jminikube.core.HostOs;
import dev.jminikube.core.JmkException;
import dev.jminikube.core.OwnerOnly;
import dev.jminikube.core.Reason;
import dev.jminikube.core.exec.CommandResult;
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
import dev.jminikube.drivers.qemu.SeedDisk;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The VirtualBox driver (docker-machine's virtualbox driver, NAT only): one registered VM per machine,
 * driven through VBoxManage. The VM's settings and logs live in the machine directory
 * ({@code --basefolder}), its data disk is a VDI made from the boot2docker-style seed, and the host reaches
 * the guest only through NAT forwards on 127.0.0.1, like the QEMU driver.
 *
 * <p>The VM is named {@code jmk-<profile>} for people, but every command addresses it by a UUID derived from
 * the machine directory: VirtualBox allows two VMs of one name (two JMINIKUBE_HOMEs, or a VM whose home was
 * deleted by hand and is now "inaccessible"), and a name lookup would then hit the wrong one.
 */
public final class VirtualBoxDriver implements Driver {
    public static final String NAME = "virtualbox";
    /** VirtualBox's NAT gives the first adapter's guest this address, as QEMU's user networking does. */
    public static final String GUEST_IP = "10.0.2.15";
    /** "Linux 2.6 / 3.x / 4.x / 5.x (64-bit)": known to every VirtualBox since 4.x, as docker-machine uses it. */
    static final String OS_TYPE = "Linux26_64";
    static final String CONTROLLER = "SATA";
    static final Duration POLL = Duration.ofSeconds(1);
    static final String NOT_FOUND = "Could not find a registered machine";
    private static final String NOT_RUNNING = "is not currently running";

    private final MachineContext machine;
    private final MachinePaths paths;
    private final Optional<VBoxManager> manager;
    private final PortAllocator ports;
    private final Sleeper sleeper;
    private final Clock clock;

    VirtualBoxDriver(MachineContext machine, Optional<VBoxManager> manager, PortAllocator ports, Sleeper sleeper,
                     Clock clock) {
        this.machine = machine;
        this.paths = machine.paths();
        this.manager = manager;
        this.ports = ports;
        this.sleeper = sleeper;
        this.clock = clock;
    }

    /** The driver with the host's VBoxManage. */
    public static DriverDefinition definition() {
        return definition(LocalVBoxManager::locate);
    }

    /**
     * The driver with VBoxManage from {@code source} (tests pass a fake). Linux, macOS and Windows, at
     * FALLBACK priority as in minikube: where QEMU runs (Linux, macOS) it stays the default, since it needs no
     * kernel module of its own and coexists with KVM, which VirtualBox does not; on Windows Hyper-V (preferred)
     * and VMware come first, and VirtualBox is chosen when neither is healthy.
     */
    public static DriverDefinition definition(VBoxManagerSource source) {
        return new DriverDefinition(NAME, Set.of(HostOs.LINUX, HostOs.MACOS, HostOs.WINDOWS), DriverPriority.FALLBACK,
                new VBoxHealth(source), m -> new VirtualBoxDriver(m, source.find(m.environment()),
                        new LoopbackPortAllocator(), Sleeper.SYSTEM, Clock.systemUTC()), VBoxHealth.DOC);
    }

    // ---- names and files ---------------------------------------------------------------------------

    /** The VM's name as VirtualBox shows it. */
    String vmName() {
        return "jmk-" + paths.profile();
    }

    /** The VM's UUID: fixed by the machine directory, so each jminikube home has its own VM. */
    String vmId() {
        return UUID.nameUUIDFromBytes(("jminikube:" + paths.dir()).getBytes(StandardCharsets.UTF_8)).toString();
    }

    Path disk() {
        return paths.dir().resolve("disk.vdi");
    }

    /** VirtualBox keeps the VM's settings and logs in {@code <basefolder>/<name>/}. */
    Path vmFolder() {
        return paths.dir().resolve(vmName());
    }

    Path vmLog() {
        return vmFolder().resolve("Logs").resolve("VBox.log");
    }

    // ---- Driver ------------------------------------------------------------------------------------

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public DriverHealth preCreateCheck() {
        return new VBoxHealth(env -> manager).check(machine.environment());
    }

    /**
     * createvm, hardware settings, NAT adapter, SATA with the ISO on port 0 and the data disk on port 1, then
     * the SSH and API server forwards; the same sequence as docker-machine's CreateVM.
     */
    @Override
    public void create() {
        VBoxCommands vbox = vbox();
        MachineConfig config = config();
        // A VM under this machine's UUID is a leftover of an earlier attempt (or of a home deleted by hand).
        removeVm(vbox);
        String comment = "jminikube-" + config.profile();
        SshKeys.generate(paths.privateKey(), comment);
        String publicKey = SshKeys.publicKeyLine(paths.privateKey(), comment);
        String id = vmId();
        vbox.check("createvm", "--name", vmName(), "--uuid", id, "--ostype", OS_TYPE, "--basefolder",
                paths.dir().toString(), "--register");
        vbox.check("modifyvm", id, "--firmware", "bios", "--bioslogofadein", "off", "--bioslogofadeout", "off",
                "--bioslogodisplaytime", "0", "--biosbootmenu", "disabled", "--ostype", OS_TYPE,
                "--cpus", Integer.toString(config.cpus()), "--memory", Long.toString(config.memoryMb()),
                "--acpi", "on", "--ioapic", "on", "--rtcuseutc", "on", "--pae", "on", "--hpet", "on",
                "--nestedpaging", "on", "--largepages", "on", "--vtxvpid", "on", "--cpuhotplug", "off",
                // createvm gives a new VM an audio device; a headless node needs none ("--audio" is deprecated
                // since 7.0.6 but still works, and 6.1 knows no other option).
                "--audio", "none", "--accelerate3d", "off",
                "--natdnshostresolver1", "on", "--natdnsproxy1", "on",
                "--boot1", "dvd", "--boot2", "disk", "--boot3", "none", "--boot4", "none");
        vbox.check("modifyvm", id, "--nic1", "nat", "--nictype1", "virtio", "--cableconnected1", "on");
        vbox.check("storagectl", id, "--name", CONTROLLER, "--add", "sata", "--controller", "IntelAhci",
                "--portcount", "2", "--hostiocache", "on", "--bootable", "on");
        vbox.check("storageattach", id, "--storagectl", CONTROLLER, "--port", "0", "--device", "0",
                "--type", "dvddrive", "--medium", config.iso().toString());
        createDisk(vbox, config.diskSizeMb(), publicKey);
        vbox.check("storageattach", id, "--storagectl", CONTROLLER, "--port", "1", "--device", "0",
                "--type", "hdd", "--medium", disk().toString());
        Set<Integer> taken = new HashSet<>();
        int ssh = ports.pickFree(taken);
        taken.add(ssh);
        int api = ports.pickFree(taken);
        PortForward sshForward = new PortForward(PortForward.SSH, ssh, PortForward.SSH_GUEST_PORT);
        PortForward apiForward = new PortForward(PortForward.APISERVER, api, PortForward.APISERVER_GUEST_PORT);
        vbox.check("modifyvm", id, "--natpf1", NatRule.of(sshForward).spec(), "--natpf1", NatRule.of(apiForward).spec());
        // VirtualBox cannot export a 9p share (its shared folders need Guest Additions the node image lacks),
        // so the bootstrapper must copy over SSH: the machine records that it has no share.
        MachineConfigFile.write(paths.config(), config.withPort(sshForward).withPort(apiForward).withoutHostShare()
                .withCreated(true));
    }

    /**
     * The seed (a tar the guest recognises and formats on first boot) as a VDI of the wanted size. VDI, not
     * VMDK as in docker-machine: VirtualBox resizes only VDI and VHD images, so a 1 MiB seed can be grown
     * instead of streaming gigabytes of zeros through convertfromraw.
     */
    private void createDisk(VBoxCommands vbox, long sizeMb, String publicKey) {
        try {
            OwnerOnly.write(paths.seed(), SeedDisk.seedBytes(publicKey));
            Files.deleteIfExists(disk());
        } catch (IOException e) {
            throw new JmkException(Reason.HOST_HOME_NOT_WRITABLE, "cannot write " + paths.seed() + ": " + e.getMessage(), e);
        }
        vbox.check("convertfromraw", paths.seed().toString(), disk().toString(), "--format", "VDI");
        try {
            OwnerOnly.file(disk()); // VBoxManage creates it with the umask's mode; it will hold the cluster's CA key
            Files.deleteIfExists(paths.seed());
        } catch (IOException e) {
            throw new JmkException(Reason.HOST_HOME_NOT_WRITABLE, "cannot protect " + disk() + " or delete "
                    + paths.seed() + ": " + e.getMessage(), e);
        }
        vbox.check("modifymedium", "disk", disk().toString(), "--resize", Long.toString(sizeMb));
    }

    @Override
    public void start() {
        VBoxCommands vbox = vbox();
        VmInfo info = info(vbox).orElseThrow(this::vmMissing);
        VmState state = info.state();
        switch (state) {
            case RUNNING:
                return;
            case PAUSED:
                vbox.check("controlvm", vmId(), "resume");
                return;
            case SAVED:
                // startvm of a saved VM restores it whatever we want; resume() does it with the NAT rules it needs.
                resumeSaved(vbox, info);
                return;
            case ABORTED:
                machine.notices().accept("The VM had stopped unexpectedly (VirtualBox says \"aborted\"); booting it again.");
                break;
            default:
                if (state.hasProcess()) {
                    throw new JmkException(Reason.DRIVER_FAILED, "the VM " + vmName() + " is " + state.vboxName()
                            + ", not stopped", "Wait a moment and run the command again, or 'jminikube stop -p "
                            + paths.profile() + "'.", null, null);
                }
        }
        bootCold(vbox, info.natRules());
    }

    /** Makes the powered-off VM's NAT rules those of the config, then {@code startvm}. */
    private void bootCold(VBoxCommands vbox, List<NatRule> present) {
        MachineConfig config = reassignTakenPorts(config());
        MachineConfigFile.write(paths.config(), config);
        NatChanges changes = NatChanges.between(present, config.ports());
        if (!changes.none()) {
            List<String> args = new ArrayList<>(List.of("modifyvm", vmId()));
            changes.deletions().forEach(name -> args.addAll(List.of("--natpf1", "delete", name)));
            changes.additions().forEach(spec -> args.addAll(List.of("--natpf1", spec)));
            vbox.check(args.toArray(String[]::new));
        }
        CommandResult r = startvm(vbox);
        if (VBoxCommands.failed(r)) {
            // VBox.log says why a VM did not power up (no VT-x, a port taken by NAT...).
            throw vbox.failure(startvmArgs(), r, logEvidence());
        }
    }

    private CommandResult startvm(VBoxCommands vbox) {
        return vbox.run(startvmArgs().toArray(String[]::new));
    }

    private List<String> startvmArgs() {
        return List.of("startvm", vmId(), "--type", "headless");
    }

    private String logEvidence() {
        return "--- " + vmLog() + "\n" + LogTail.of(vmLog(), 20);
    }

    @Override
    public boolean canSuspend() {
        return true;
    }

    /**
     * {@code controlvm VM savestate}: VirtualBox pauses the guest, writes its memory and devices to a {@code .sav}
     * in the VM's Snapshots folder and ends the VM process; the VM is then {@code saved}. VirtualBox only calls the
     * VM saved once the file is complete (a failed save deletes it and resumes the guest), so VMState is what this
     * driver trusts, never the presence of a file.
     */
    @Override
    public void suspend() {
        VBoxCommands vbox = vbox();
        VmState state = info(vbox).orElseThrow(this::vmMissing).state();
        if (state == VmState.SAVED) {
            return;
        }
        if (state != VmState.RUNNING && state != VmState.PAUSED) {
            throw new JmkException(Reason.GUEST_NOT_RUNNING, "cannot suspend machine " + paths.profile() + ": the VM "
                    + vmName() + " is " + state.vboxName() + ", not running", "Start it with 'jminikube start -p "
                    + paths.profile() + "'.", null, null);
        }
        String[] args = {"controlvm", vmId(), "savestate"};
        CommandResult r = vbox.run(args);
        if (!VBoxCommands.failed(r)) {
            return;
        }
        VmState after = currentState(vbox);
        if (after == VmState.SAVED) {
            return; // VBoxManage failed (killed, timed out) after VirtualBox had finished the save
        }
        if (after == VmState.PAUSED && state == VmState.RUNNING) {
            // savestate pauses first and resumes on failure; a VBoxManage that died in between leaves it paused.
            vbox.run("controlvm", vmId(), "resume");
        }
        String evidence = r.combinedOutput();
        if (evidence.contains("VERR_DISK_FULL") || evidence.contains("There is not enough space on the disk")
                || evidence.contains("No space left on device")) {
            throw new JmkException(Reason.RESOURCE_DISK_FULL, "VirtualBox could not save the VM's state: the disk of "
                    + vmFolder().resolve("Snapshots") + " is full", "Free space there (the state needs about the VM's "
                    + "memory size), or stop with 'jminikube stop --power-off'.", "$ " + manager.get().commandLine(
                    List.of(args)) + "\n" + evidence, null);
        }
        JmkException failure = vbox.failure(List.of(args), r, "");
        throw new JmkException(failure.reason(), failure.getMessage() + (after.hasProcess() ? "; the VM keeps running"
                : "; the VM is now " + after.vboxName()), failure.advice(), failure.details(), null);
    }

    @Override
    public ResumeOutcome resume() {
        VBoxCommands vbox = vbox();
        VmInfo info = info(vbox).orElseThrow(this::vmMissing);
        if (info.state() != VmState.SAVED) {
            start();
            return ResumeOutcome.BOOTED_COLD;
        }
        return resumeSaved(vbox, info);
    }

    /**
     * {@code startvm} restores the saved VM. modifyvm is refused while a VM is saved, so forwards whose host port
     * was taken meanwhile (or that were added or removed while saved) are put right live, with {@code controlvm
     * natpf1}, once the VM runs. A state VirtualBox cannot load (an {@code VERR_SSM_*} error: damaged file, other
     * VirtualBox version) is discarded and the VM boots cold from its disk; any other failure (no VT-x...) keeps
     * the state for the next try.
     */
    private ResumeOutcome resumeSaved(VBoxCommands vbox, VmInfo info) {
        MachineConfig config = reassignTakenPorts(config());
        MachineConfigFile.write(paths.config(), config);
        CommandResult r = startvm(vbox);
        if (VBoxCommands.failed(r)) {
            String evidence = logEvidence();
            VmState after = currentState(vbox);
            boolean stateRefused = (r.combinedOutput() + evidence).contains(SAVED_STATE_ERROR);
            if (after != VmState.SAVED || !stateRefused
                    || VBoxProblems.diagnose(machine.environment().os(), r.combinedOutput() + "\n" + evidence).isPresent()) {
                throw vbox.failure(startvmArgs(), r, evidence);
            }
            machine.notices().accept("VirtualBox could not restore the saved state of " + vmName() + " ("
                    + VBoxCommands.errorLine(r) + "); discarding it and booting from the disk.");
            vbox.check("discardstate", vmId());
            bootCold(vbox, info.natRules());
            return ResumeOutcome.BOOTED_COLD;
        }
        NatChanges changes = NatChanges.between(info.natRules(), config.ports());
        for (String name : changes.deletions()) {
            vbox.check("controlvm", vmId(), "natpf1", "delete", name);
        }
        for (String spec : changes.additions()) {
            vbox.check("controlvm", vmId(), "natpf1", spec);
        }
        return ResumeOutcome.RESUMED;
    }

    /** What VirtualBox's saved-state manager (SSM) reports when a state file cannot be loaded. */
    static final String SAVED_STATE_ERROR = "VERR_SSM_";

    /** {@code discardstate VM}: deletes the .sav; the VM is powered off and boots cold next time. */
    @Override
    public void discardSuspendedState() {
        VBoxCommands vbox = vbox();
        Optional<VmInfo> info = info(vbox);
        if (info.isPresent() && info.get().state() == VmState.SAVED) {
            vbox.check("discardstate", vmId());
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
        VBoxCommands vbox = vbox();
        Optional<VmInfo> info = info(vbox);
        if (info.isEmpty() || !info.get().state().hasProcess()) {
            return;
        }
        if (info.get().state() == VmState.PAUSED) {
            vbox.check("controlvm", vmId(), "resume"); // a paused guest never sees the power button
        }
        if (!controlIfRunning(vbox, "acpipowerbutton")) {
            return;
        }
        Instant deadline = clock.instant().plus(grace);
        while (clock.instant().isBefore(deadline)) {
            sleeper.sleep(POLL);
            if (!currentState(vbox).hasProcess()) {
                return;
            }
        }
        machine.notices().accept("The guest did not power off within " + grace.toSeconds() + "s; forcing it off.");
        controlIfRunning(vbox, "poweroff");
    }

    @Override
    public void kill() {
        VBoxCommands vbox = vbox();
        if (currentState(vbox).hasProcess()) {
            controlIfRunning(vbox, "poweroff");
        }
    }

    /**
     * {@code controlvm VM action}; false if the VM stopped by itself in between ("is not currently running"),
     * which for a power-off is the wanted outcome anyway.
     */
    private boolean controlIfRunning(VBoxCommands vbox, String action) {
        String[] args = {"controlvm", vmId(), action};
        CommandResult r = vbox.run(args);
        if (!VBoxCommands.failed(r)) {
            return true;
        }
        if (r.stderr().contains(NOT_RUNNING)) {
            return false;
        }
        throw vbox.failure(List.of(args), r, "");
    }

    @Override
    public void remove() {
        if (manager.isEmpty() && Files.exists(vmFolder().resolve(vmName() + ".vbox"))) {
            machine.notices().accept("VBoxManage was not found, so VirtualBox may still list the VM " + vmName()
                    + "; remove it in VirtualBox.");
        }
        if (manager.isPresent()) {
            VBoxCommands vbox = vbox();
            removeVm(vbox);
            if (Files.exists(disk())) {
                // Registered but never attached (a create that failed half-way): VirtualBox must forget it too.
                CommandResult r = vbox.run("closemedium", "disk", disk().toString(), "--delete");
                if (VBoxCommands.failed(r)) {
                    machine.notices().accept("VirtualBox could not close " + disk() + ": " + VBoxCommands.errorLine(r));
                }
            }
        }
        deleteMachineDirectory();
    }

    /** Powers the VM off if it runs and unregisters it, deleting its settings, logs and hard disks (not the ISO). */
    private void removeVm(VBoxCommands vbox) {
        Optional<VmInfo> info = info(vbox);
        if (info.isEmpty()) {
            return;
        }
        if (info.get().state().hasProcess()) {
            controlIfRunning(vbox, "poweroff");
        }
        if (info.get().state() == VmState.SAVED) {
            // unregistervm --delete would take the .sav with the Snapshots folder; discarding first says so plainly.
            vbox.check("discardstate", vmId());
        }
        vbox.check("unregistervm", vmId(), "--delete");
    }

    private void deleteMachineDirectory() {
        if (!Files.exists(paths.dir())) {
            return;
        }
        Trees.delete(paths.dir());
    }

    /**
     * Nonexistent without a config (or with a half-created one whose VM was never registered); Error when the
     * config says the machine was made but VirtualBox no longer knows the VM (deleted in its GUI) or cannot
     * be asked (VBoxManage uninstalled); else what VirtualBox says.
     */
    @Override
    public DriverState state() {
        Optional<MachineConfig> config = MachineConfigFile.read(paths.config());
        if (config.isEmpty()) {
            return DriverState.NONEXISTENT;
        }
        if (manager.isEmpty()) {
            return DriverState.ERROR;
        }
        Optional<VmInfo> info = info(vbox());
        if (info.isEmpty()) {
            return config.get().created() ? DriverState.ERROR : DriverState.NONEXISTENT;
        }
        return info.get().state().driverState();
    }

    private VmState currentState(VBoxCommands vbox) {
        return info(vbox).map(VmInfo::state).orElse(VmState.POWEROFF);
    }

    /** {@code showvminfo --machinereadable}, or empty when VirtualBox has no such VM. */
    private Optional<VmInfo> info(VBoxCommands vbox) {
        String[] args = {"showvminfo", vmId(), "--machinereadable"};
        CommandResult r = vbox.run(args);
        if (!VBoxCommands.failed(r)) {
            return Optional.of(VmInfo.parse(r.stdout()));
        }
        if (r.stderr().contains(NOT_FOUND)) {
            return Optional.empty();
        }
        throw vbox.failure(List.of(args), r, "");
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

    /**
     * {@code controlvm VM natpf1 RULE} while a VM process runs (modifyvm is refused then), else {@code modifyvm
     * --natpf1}. A saved VM takes neither (not mutable, no process): the forward is only persisted, and the resume
     * adds it live.
     */
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
        VBoxCommands vbox = vbox();
        VmState state = currentState(vbox);
        if (state.hasProcess()) {
            vbox.check("controlvm", vmId(), "natpf1", NatRule.of(forward).spec());
        } else if (state.mutable()) {
            vbox.check("modifyvm", vmId(), "--natpf1", NatRule.of(forward).spec());
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
        VBoxCommands vbox = vbox();
        VmState state = currentState(vbox);
        if (state.hasProcess() || state.mutable()) { // a saved VM's rule goes live at the resume
            String[] args = state.hasProcess()
                    ? new String[] {"controlvm", vmId(), "natpf1", "delete", forward.name()}
                    : new String[] {"modifyvm", vmId(), "--natpf1", "delete", forward.name()};
            CommandResult r = vbox.run(args);
            if (VBoxCommands.failed(r) && !r.stderr().contains("A NAT rule of this name does not exist")) {
                throw vbox.failure(List.of(args), r, "");
            }
        }
        List<PortForward> rest = new ArrayList<>(config.ports());
        rest.remove(forward);
        MachineConfigFile.write(paths.config(), config.withPorts(rest));
    }

    @Override
    public String logTails(int lines) {
        return "--- " + vmLog() + " (last " + lines + " lines)\n" + LogTail.of(vmLog(), lines);
    }

    // ---- helpers -----------------------------------------------------------------------------------

    private VBoxCommands vbox() {
        return manager.map(m -> new VBoxCommands(m, sleeper, machine.environment().os()))
                .orElseThrow(() -> new JmkException(Reason.HOST_TOOL_MISSING, "VBoxManage was not found on the PATH",
                        "Install VirtualBox: " + VBoxInstallHint.forHost(machine.environment().os()), null, null));
    }

    private JmkException vmMissing() {
        return new JmkException(Reason.DRIVER_FAILED, "VirtualBox has no VM " + vmName() + " {" + vmId()
                + "} for machine " + paths.profile() + " (was it deleted in VirtualBox?)",
                "Run 'jminikube delete -p " + paths.profile() + "' and start again.", null, null);
    }

    private MachineConfig config() {
        return MachineConfigFile.read(paths.config()).orElseThrow(() -> new JmkException(Reason.GUEST_NOT_FOUND,
                "no machine config at " + paths.config()));
    }
}
