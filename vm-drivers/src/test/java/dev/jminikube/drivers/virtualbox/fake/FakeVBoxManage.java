package dev.jminikube.drivers.virtualbox.fake;

import dev.jminikube.core.exec.CommandResult;
import dev.jminikube.core.exec.ShellQuoting;
import dev.jminikube.drivers.virtualbox.VBoxManager;
import dev.jminikube.drivers.virtualbox.fake.FakeRegistry.Attachment;
import dev.jminikube.drivers.virtualbox.fake.FakeRegistry.Controller;
import dev.jminikube.drivers.virtualbox.fake.FakeRegistry.Medium;
import dev.jminikube.drivers.virtualbox.fake.FakeRegistry.State;
import dev.jminikube.drivers.virtualbox.fake.FakeRegistry.Vm;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A stateful fake of the VBoxManage CLI: exactly the subcommands the VirtualBox driver uses, with
 * VirtualBox's output formats, error texts and exit codes (1 for a failed operation, 2 for a syntax error).
 * Its state lives in {@code $VBOX_USER_HOME} (see {@link FakeRegistry}), so it works in-process, as a
 * {@link VBoxManager}, and as an executable ({@link #main}, launched by {@link FakeVBoxInstall}'s script).
 *
 * <p>A started VM is a separate, detached Java process ({@link FakeGuest}) that serves SSH on the host ports
 * of the NAT rules forwarding to guest port 22, with the key it finds in the seed at the start of its disk.
 * ACPI power-off makes it shut down after a moment; poweroff kills it; if it dies any other way, the VM is
 * "aborted", as VirtualBox reports a VM process that went away.
 *
 * <p>{@code controlvm savestate} has the VM process write its memory to a {@code .sav} in the VM's Snapshots
 * folder and exit; the VM is then {@code saved}: not mutable (modifyvm, storagectl and storageattach are refused
 * as VirtualBox refuses them), startvm restores it (and deletes the file), {@code discardstate} deletes it. A
 * save that fails (a full disk: {@link #hostDiskFull}) leaves the VM running without a state; a VM process that
 * dies half-way ({@link #vmDiesWhileSaving}) leaves the VM aborted, its half file referenced by nothing. A state
 * the VM process cannot load fails startvm with SSM's error and leaves the VM saved, as VirtualBox does.
 *
 * <p>What it does not do: boot anything from the ISO (it only checks it is one), other storage buses than
 * SATA, host-only and other adapter types, snapshots. It binds host ports on 127.0.0.1 only, whatever the rule.
 */
public final class FakeVBoxManage implements VBoxManager {
    public static final String VERSION = "7.0.14r161095";
    static final String PROGRESS = "0%...10%...20%...30%...40%...50%...60%...70%...80%...90%...100%\n";
    /** How long startvm waits for the VM process to come up before it calls the start a failure. */
    static final Duration POWER_UP_TIMEOUT = Duration.ofSeconds(30);
    private static final Pattern UUID_TEXT = Pattern.compile(
            "\\{?[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}}?");
    private static final Map<String, String> OS_TYPES = Map.of(
            "Linux26_64", "Linux 2.6 / 3.x / 4.x / 5.x (64-bit)", "Linux_64", "Other Linux (64-bit)",
            "Linux26", "Linux 2.6 / 3.x / 4.x / 5.x (32-bit)", "Debian_64", "Debian (64-bit)",
            "Ubuntu_64", "Ubuntu (64-bit)", "Other", "Other/Unknown", "Other_64", "Other/Unknown (64-bit)");
    private static final Set<String> ON_OFF = Set.of("acpi", "ioapic", "rtcuseutc", "pae", "hpet", "nestedpaging",
            "largepages", "vtxvpid", "cpuhotplug", "accelerate3d", "bioslogofadein", "bioslogofadeout",
            "natdnshostresolver1", "natdnsproxy1", "cableconnected1", "hwvirtex", "longmode", "x2apic");
    private static final Set<String> FREE_VALUE = Set.of("cpus", "memory", "bioslogodisplaytime", "vram");

    /** What one invocation printed and its exit code. */
    public record Outcome(int exit, String stdout, String stderr) {
    }

    /** Ends a command the way VBoxManage does: text on stderr, an exit code. */
    private static final class VBoxError extends RuntimeException {
        final int exit;

        VBoxError(int exit, String stderr) {
            super(stderr, null, false, false);
            this.exit = exit;
        }
    }

    private final Path home;
    private final FakeRegistry registry;
    private final List<List<String>> invocations = new CopyOnWriteArrayList<>();

    public FakeVBoxManage(Path vboxUserHome) {
        this.home = vboxUserHome.toAbsolutePath();
        this.registry = new FakeRegistry(home);
    }

    /** The fake as a program: {@code VBOX_USER_HOME} is required, so it can never touch a real VirtualBox's files. */
    public static void main(String[] args) {
        String userHome = System.getenv("VBOX_USER_HOME");
        if (userHome == null || userHome.isBlank()) {
            System.err.println("VBoxManage: error: this fake VBoxManage needs VBOX_USER_HOME (it never uses ~/.config/VirtualBox)");
            System.exit(1);
        }
        Outcome outcome = new FakeVBoxManage(Path.of(userHome)).execute(List.of(args));
        System.out.print(outcome.stdout());
        System.err.print(outcome.stderr());
        System.out.flush();
        System.err.flush();
        System.exit(outcome.exit());
    }

    public Path home() {
        return home;
    }

    // ---- VBoxManager -------------------------------------------------------------------------------

    @Override
    public CommandResult run(List<String> args) {
        long start = System.nanoTime();
        Outcome o = execute(args);
        List<String> argv = new ArrayList<>(List.of("VBoxManage"));
        argv.addAll(args);
        return new CommandResult(argv, o.exit(), o.stdout(), o.stderr(), Duration.ofNanos(System.nanoTime() - start),
                false);
    }

    @Override
    public String commandLine(List<String> args) {
        List<String> argv = new ArrayList<>(List.of("VBoxManage"));
        argv.addAll(args);
        return ShellQuoting.join(argv);
    }

    /** Every argument list this instance ran, in order (in-process use only). */
    public List<List<String>> invocations() {
        return List.copyOf(invocations);
    }

    // ---- what tests look at --------------------------------------------------------------------------

    /** What the fake VirtualBox still holds: registered VMs and media, live guest processes, guest disks' files. */
    public record Inventory(List<String> vms, List<String> media, List<Long> liveGuests, List<String> guestFs) {
        public boolean empty() {
            return vms.isEmpty() && media.isEmpty() && liveGuests.isEmpty() && guestFs.isEmpty();
        }
    }

    public Inventory inventory() {
        return registry.update(state -> {
            List<String> vms = state.vms.stream().map(vm -> vm.name + " {" + vm.uuid + "} " + vm.state).toList();
            List<String> media = state.media.stream().map(m -> m.deviceType + " " + m.location).toList();
            List<Long> live = state.vms.stream().filter(vm -> vm.guestPid > 0 && FakeGuest.alive(vm.guestPid, vm.uuid))
                    .map(vm -> vm.guestPid).toList();
            List<String> fs = new ArrayList<>();
            Path fsRoot = home.resolve("guest-fs");
            if (Files.isDirectory(fsRoot)) {
                try (Stream<Path> list = Files.list(fsRoot)) {
                    list.forEach(p -> fs.add(p.getFileName().toString()));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return new Inventory(vms, media, live, fs);
        });
    }

    /** The NAT rules of adapter 1 of a VM, in --natpf1 syntax. */
    public List<String> natRules(String vmNameOrUuid) {
        return registry.update(state -> List.copyOf(findVm(state, vmNameOrUuid).natRules));
    }

    /** Makes the host's disk full for the VM processes of this home: a savestate then fails with VERR_DISK_FULL. */
    public void hostDiskFull(boolean full) {
        testSwitch(FakeGuest.DISK_FULL_SWITCH, full);
    }

    /** Makes the next VM process that saves its state die half-way through (killed, host crash). */
    public void vmDiesWhileSaving(boolean dies) {
        testSwitch(FakeGuest.DIE_WHILE_SAVING_SWITCH, dies);
    }

    private void testSwitch(String name, boolean on) {
        try {
            Files.createDirectories(home);
            if (on) {
                Files.writeString(home.resolve(name), "on\n");
            } else {
                Files.deleteIfExists(home.resolve(name));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The saved state file of a VM (VMStateFile), if it is saved. */
    public Optional<Path> stateFile(String vmNameOrUuid) {
        return registry.update(state -> Optional.ofNullable(findVm(state, vmNameOrUuid).stateFile).map(Path::of));
    }

    /** The boot id the running guest of a VM reports (what it keeps in memory), if it runs. */
    public Optional<String> guestBootId(String vmNameOrUuid) {
        String uuid = registry.update(state -> findVm(state, vmNameOrUuid).uuid);
        Path file = new FakeSession(home, uuid).bootId();
        try {
            return Files.exists(file) ? Optional.of(Files.readString(file).strip()) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Kills every guest this home started (test cleanup; a real host would power its VMs off too). */
    public void killAllGuests() {
        registry.update(state -> {
            for (Vm vm : state.vms) {
                if (vm.guestPid > 0) {
                    FakeGuest.kill(vm.guestPid, vm.uuid);
                    vm.guestPid = 0;
                    setState(vm, "aborted");
                }
            }
            return null;
        });
    }

    /** The files of the guest whose data disk has {@code diskUuid} (what its shell sees), for tests. */
    public Path guestFs(String diskUuid) {
        return FakeSession.guestFs(home, diskUuid);
    }

    // ---- the command line --------------------------------------------------------------------------

    public Outcome execute(List<String> argv) {
        invocations.add(List.copyOf(argv));
        StringBuilder out = new StringBuilder();
        StringBuilder err = new StringBuilder();
        List<String> args = new ArrayList<>(argv);
        while (!args.isEmpty() && (args.get(0).equals("-q") || args.get(0).equals("--nologo"))) {
            args.remove(0);
        }
        try {
            if (args.isEmpty()) {
                out.append("Oracle VM VirtualBox Command Line Management Interface Version ")
                        .append(VERSION.substring(0, VERSION.indexOf('r'))).append("\nUsage:\n  VBoxManage [<general option>] <command>\n");
                return new Outcome(1, out.toString(), err.toString());
            }
            String command = args.get(0);
            List<String> rest = args.subList(1, args.size());
            switch (command) {
                case "--version", "-v", "-version" -> out.append(VERSION).append('\n');
                case "list" -> list(rest, out);
                case "createvm" -> createvm(rest, out);
                case "modifyvm" -> modifyvm(rest, err);
                case "storagectl" -> storagectl(rest);
                case "storageattach" -> storageattach(rest);
                case "convertfromraw" -> convertfromraw(rest, out);
                case "modifymedium", "modifyhd", "modifyvdi" -> modifymedium(rest, err);
                case "closemedium" -> closemedium(rest, err);
                case "showvminfo" -> showvminfo(rest, out);
                case "startvm" -> startvm(rest, out);
                case "controlvm" -> controlvm(rest, err);
                case "discardstate" -> discardstate(rest);
                case "unregistervm" -> unregistervm(rest, err);
                default -> throw syntax("Invalid command '" + command + "'");
            }
            return new Outcome(0, out.toString(), err.toString());
        } catch (VBoxError e) {
            return new Outcome(e.exit, out.toString(), err + e.getMessage());
        }
    }

    // ---- errors as VBoxManage prints them ----------------------------------------------------------

    private static VBoxError syntax(String message) {
        return new VBoxError(2, "VBoxManage: error: " + message + "\n");
    }

    /** An API error: the message, then VBoxManage's Details and Context lines. */
    private static VBoxError failure(String message, String details, String context) {
        return new VBoxError(1, "VBoxManage: error: " + message + "\nVBoxManage: error: Details: code " + details
                + "\nVBoxManage: error: Context: \"" + context + "\n");
    }

    private static final String NOT_FOUND = "VBOX_E_OBJECT_NOT_FOUND (0x80bb0001), component VirtualBoxWrap, interface IVirtualBox, callee nsISupports";
    private static final String INVALID_STATE = "VBOX_E_INVALID_OBJECT_STATE (0x80bb0007), component MachineWrap, interface IMachine, callee nsISupports";
    private static final String SESSION_STATE = "VBOX_E_INVALID_OBJECT_STATE (0x80bb0007), component SessionMachine, interface IMachine, callee nsISupports";
    private static final String FILE_ERROR = "VBOX_E_FILE_ERROR (0x80bb0004), component MachineWrap, interface IMachine, callee nsISupports";
    private static final String NAT_ARG = "NS_ERROR_INVALID_ARG (0x80070057), component NATEngineWrap, interface INATEngine, callee nsISupports";
    private static final String MEDIUM_ERROR = "VBOX_E_FILE_ERROR (0x80bb0004), component MediumWrap, interface IMedium, callee nsISupports";
    private static final String INVALID_VM_STATE = "VBOX_E_INVALID_VM_STATE (0x80bb0002), component MachineWrap, interface IMachine, callee nsISupports";
    private static final String IN_USE = "VBOX_E_OBJECT_IN_USE (0x80bb000c), component SessionMachine, interface IMachine, callee nsISupports";

    private static Vm findVm(State state, String nameOrUuid) {
        if (UUID_TEXT.matcher(nameOrUuid).matches()) {
            String uuid = nameOrUuid.replace("{", "").replace("}", "").toLowerCase(Locale.ROOT);
            return state.vms.stream().filter(vm -> vm.uuid.equals(uuid)).findFirst().orElseThrow(() -> failure(
                    "Could not find a registered machine with UUID {" + uuid + "}", NOT_FOUND,
                    "FindMachine(Bstr(VMNameOrUuid).raw(), machine.asOutParam())\" at line 2886 of file VBoxManageInfo.cpp"));
        }
        return state.vms.stream().filter(vm -> vm.name.equals(nameOrUuid)).findFirst().orElseThrow(() -> failure(
                "Could not find a registered machine named '" + nameOrUuid + "'", NOT_FOUND,
                "FindMachine(Bstr(VMNameOrUuid).raw(), machine.asOutParam())\" at line 2886 of file VBoxManageInfo.cpp"));
    }

    /** The VM with its state brought up to date with its process (which may have exited since). */
    private Vm vm(State state, String nameOrUuid) {
        Vm vm = findVm(state, nameOrUuid);
        refresh(vm);
        return vm;
    }

    private void refresh(Vm vm) {
        boolean processState = vm.state.equals("running") || vm.state.equals("paused") || vm.state.equals("stuck");
        if (processState && (vm.guestPid <= 0 || !FakeGuest.alive(vm.guestPid, vm.uuid))) {
            // The VM process is gone: after an ACPI shutdown the guest said so; otherwise it was killed.
            vm.guestPid = 0;
            setState(vm, Files.exists(new FakeSession(home, vm.uuid).cleanShutdown()) ? "poweroff" : "aborted");
        }
    }

    private static void setState(Vm vm, String state) {
        vm.state = state;
        vm.stateChangeMillis = System.currentTimeMillis();
    }

    private static boolean hasProcess(Vm vm) {
        return !Set.of("poweroff", "aborted", "saved", "teleported").contains(vm.state);
    }

    /** modifyvm, storagectl, storageattach: a VM process holds the machine's session, so these are refused. */
    private static void requireUnlocked(Vm vm, String context) {
        if (hasProcess(vm)) {
            throw failure("The machine '" + vm.name + "' is already locked for a session (or being unlocked)",
                    INVALID_STATE, "LockMachine(a->session, LockType_Write)\" at line " + context);
        }
    }

    /**
     * A saved VM has no session to lock, but its hardware must stay what the state was saved with:
     * Machine::i_checkStateDependency(MutableStateDep) refuses every setter.
     */
    private static void requireMutable(Vm vm, String context) {
        if (vm.state.equals("saved")) {
            throw failure("The machine is not mutable (state is Saved)", INVALID_VM_STATE, context);
        }
    }

    private static void requireRunning(Vm vm) {
        if (!hasProcess(vm)) {
            throw new VBoxError(1, "VBoxManage: error: Machine '" + vm.name + "' is not currently running\n");
        }
    }

    /** Options as VBoxManage's getopt sees them: {@code --key value} or {@code --key=value}. */
    private static List<String[]> options(List<String> args, int from, Set<String> flags) {
        List<String[]> opts = new ArrayList<>();
        for (int i = from; i < args.size(); i++) {
            String a = args.get(i);
            if (!a.startsWith("--")) {
                throw syntax("Invalid parameter '" + a + "'");
            }
            int eq = a.indexOf('=');
            if (eq > 0) {
                opts.add(new String[] {a.substring(2, eq), a.substring(eq + 1)});
            } else if (flags.contains(a.substring(2))) {
                opts.add(new String[] {a.substring(2), ""});
            } else {
                if (i + 1 >= args.size()) {
                    throw syntax("Missing value for option '" + a + "'");
                }
                opts.add(new String[] {a.substring(2), args.get(++i)});
            }
        }
        return opts;
    }

    private static String required(Map<String, String> opts, String name) {
        String v = opts.get(name);
        if (v == null) {
            throw syntax("Parameter --" + name + " is required");
        }
        return v;
    }

    private static Map<String, String> optionMap(List<String[]> opts) {
        Map<String, String> m = new LinkedHashMap<>();
        opts.forEach(o -> m.put(o[0], o[1]));
        return m;
    }

    private static String target(List<String> args, String usage) {
        if (args.isEmpty()) {
            throw syntax("Not enough parameters (usage: VBoxManage " + usage + ")");
        }
        return args.get(0);
    }

    // ---- list --------------------------------------------------------------------------------------

    private void list(List<String> args, StringBuilder out) {
        String what = target(args, "list vms|runningvms|hdds|dvds");
        registry.update(state -> {
            switch (what) {
                case "vms" -> state.vms.forEach(vm -> out.append('"').append(vm.name).append("\" {").append(vm.uuid)
                        .append("}\n"));
                case "runningvms" -> state.vms.stream().peek(this::refresh).filter(FakeVBoxManage::hasProcess)
                        .forEach(vm -> out.append('"').append(vm.name).append("\" {").append(vm.uuid).append("}\n"));
                case "hdds", "dvds" -> {
                    String type = what.equals("hdds") ? "HardDisk" : "DVD";
                    for (Medium m : state.media) {
                        if (!m.deviceType.equals(type)) {
                            continue;
                        }
                        List<Vm> users = FakeRegistry.vmsUsing(state, m.uuid);
                        out.append("UUID:           ").append(m.uuid).append('\n');
                        if (type.equals("HardDisk")) {
                            out.append("Parent UUID:    base\n");
                        }
                        out.append("State:          ").append(users.isEmpty() ? "created" : "locked write").append('\n');
                        if (type.equals("HardDisk")) {
                            out.append("Type:           normal (base)\n");
                        }
                        out.append("Location:       ").append(m.location).append('\n');
                        if (type.equals("HardDisk")) {
                            out.append("Storage format: ").append(m.format).append('\n');
                            out.append("Capacity:       ").append(m.logicalSize / (1024 * 1024)).append(" MBytes\n");
                        }
                        out.append("Encryption:     disabled\n");
                        if (!users.isEmpty()) {
                            out.append("In use by VMs:  ").append(String.join(", ", users.stream()
                                    .map(u -> u.name + " (UUID: " + u.uuid + ")").toList())).append('\n');
                        }
                        out.append('\n');
                    }
                }
                default -> throw syntax("Unknown list type '" + what + "'");
            }
            return null;
        });
    }

    // ---- createvm, modifyvm, storagectl, storageattach ---------------------------------------------

    private void createvm(List<String> args, StringBuilder out) {
        Map<String, String> opts = optionMap(options(args, 0, Set.of("register", "default")));
        String name = required(opts, "name");
        String uuid = Optional.ofNullable(opts.get("uuid")).map(u -> u.replace("{", "").replace("}", "")
                .toLowerCase(Locale.ROOT)).orElse(UUID.randomUUID().toString());
        if (!UUID_TEXT.matcher(uuid).matches()) {
            throw syntax("Invalid UUID format " + opts.get("uuid"));
        }
        String ostype = opts.getOrDefault("ostype", "Other");
        if (!OS_TYPES.containsKey(ostype)) {
            throw failure("Guest OS type '" + ostype + "' is invalid", "E_INVALIDARG (0x80070057), component VirtualBoxWrap,"
                    + " interface IVirtualBox, callee nsISupports", "CreateMachine(...)\" at line 311 of file VBoxManageMisc.cpp");
        }
        Path base = Path.of(opts.getOrDefault("basefolder", home.resolve("VirtualBox VMs").toString())).toAbsolutePath();
        Path settings = base.resolve(name).resolve(name + ".vbox");
        registry.update(state -> {
            if (Files.exists(settings)) {
                throw failure("Machine settings file '" + settings + "' already exists", FILE_ERROR,
                        "CreateMachine(bstrSettingsFile.raw(), bstrName.raw(), ComSafeArrayAsInParam(groups), "
                                + "bstrOsTypeId.raw(), createFlags.raw(), machine.asOutParam())\" at line 309 of file VBoxManageMisc.cpp");
            }
            boolean register = opts.containsKey("register");
            if (register) {
                state.vms.stream().filter(vm -> vm.uuid.equals(uuid)).findFirst().ifPresent(other -> {
                    throw failure("Registered machine with UUID {" + uuid + "} ('" + other.settingsFile + "') already exists",
                            "VBOX_E_OBJECT_IN_USE (0x80bb000c), component VirtualBoxWrap, interface IVirtualBox, callee nsISupports",
                            "RegisterMachine(machine)\" at line 336 of file VBoxManageMisc.cpp");
                });
            }
            try {
                Files.createDirectories(settings.getParent());
                Files.writeString(settings, "<?xml version=\"1.0\"?>\n<!-- fake VirtualBox settings -->\n"
                        + "<VirtualBox><Machine uuid=\"{" + uuid + "}\" name=\"" + name + "\" OSType=\"" + ostype
                        + "\"/></VirtualBox>\n");
            } catch (IOException e) {
                throw failure("Could not create the settings file '" + settings + "' (" + e.getMessage() + ")", FILE_ERROR,
                        "SaveSettings()\" at line 320 of file VBoxManageMisc.cpp");
            }
            if (register) {
                Vm vm = new Vm();
                vm.name = name;
                vm.uuid = uuid;
                vm.ostype = ostype;
                vm.settingsFile = settings.toString();
                vm.stateChangeMillis = System.currentTimeMillis();
                // What createvm gives every new VM.
                vm.settings.putAll(Map.of("memory", "128", "cpus", "1", "firmware", "bios", "acpi", "on",
                        "ioapic", "on", "audio", "default", "boot1", "floppy", "boot2", "dvd", "boot3", "disk", "boot4", "none"));
                vm.settings.put("nic1", "nat");
                vm.settings.put("nictype1", "82540EM");
                state.vms.add(vm);
            }
            out.append("Virtual machine '").append(name).append("' is created").append(register ? " and registered" : "")
                    .append(".\nUUID: ").append(uuid).append("\nSettings file: '").append(settings).append("'\n");
            return null;
        });
    }

    private void modifyvm(List<String> args, StringBuilder err) {
        String target = target(args, "modifyvm <uuid|vmname> [--option value]...");
        List<String> tokens = args.subList(1, args.size());
        registry.update(state -> {
            Vm vm = vm(state, target);
            requireUnlocked(vm, "640 of file VBoxManageModifyVM.cpp");
            requireMutable(vm, "COMSETTER(MemorySize)(ValueUnion.u32)\" at line 702 of file VBoxManageModifyVM.cpp");
            for (int i = 0; i < tokens.size(); i++) {
                String a = tokens.get(i);
                if (!a.startsWith("--")) {
                    throw syntax("Invalid parameter '" + a + "'");
                }
                String key = a.substring(2);
                if (i + 1 >= tokens.size()) {
                    throw syntax("Missing value for option '" + a + "'");
                }
                String value = tokens.get(++i);
                if (key.equals("natpf1")) {
                    if (value.equals("delete")) {
                        if (i + 1 >= tokens.size()) {
                            throw syntax("Missing rule name for '--natpf1 delete'");
                        }
                        deleteNatRule(vm, tokens.get(++i));
                    } else {
                        addNatRule(vm, value);
                    }
                    continue;
                }
                setOption(vm, key, value, err);
            }
            return null;
        });
    }

    private static void setOption(Vm vm, String key, String value, StringBuilder err) {
        if (ON_OFF.contains(key)) {
            if (!value.equals("on") && !value.equals("off")) {
                throw syntax("Invalid --" + key + " argument '" + value + "'");
            }
        } else if (FREE_VALUE.contains(key)) {
            if (!value.matches("\\d+")) {
                throw syntax("Invalid --" + key + " argument '" + value + "'");
            }
        } else {
            switch (key) {
                case "ostype" -> {
                    if (!OS_TYPES.containsKey(value)) {
                        throw failure("Guest OS type '" + value + "' is invalid", INVALID_STATE,
                                "COMSETTER(OSTypeId)(Bstr(ValueUnion.psz).raw())\" at line 720 of file VBoxManageModifyVM.cpp");
                    }
                    vm.ostype = value;
                }
                case "firmware" -> oneOf(key, value, "bios", "efi", "efi32", "efi64");
                case "biosbootmenu" -> oneOf(key, value, "disabled", "menuonly", "messageandmenu");
                case "boot1", "boot2", "boot3", "boot4" -> oneOf(key, value, "none", "floppy", "dvd", "disk", "net");
                case "nic1" -> oneOf(key, value, "none", "null", "nat", "bridged", "intnet", "hostonly", "natnetwork");
                case "nictype1" -> oneOf(key, value, "Am79C970A", "Am79C973", "82540EM", "82543GC", "82545EM", "virtio");
                case "audio" -> {
                    oneOf(key, value, "none", "null", "default", "oss", "alsa", "pulse");
                    // VirtualBox 7.0.6 deprecated --audio in favour of --audio-driver and --audio-enabled.
                    err.append("Warning: --audio is deprecated and will be removed soon. Use --audio-driver instead!\n");
                }
                default -> throw syntax("Unknown option: --" + key);
            }
        }
        vm.settings.put(key, value);
    }

    private static void oneOf(String key, String value, String... allowed) {
        if (!List.of(allowed).contains(value)) {
            throw syntax("Invalid --" + key + " argument '" + value + "'");
        }
    }

    /** A NAT rule {@code name,proto,hostip,hostport,guestip,guestport}, checked as INATEngine::AddRedirect does. */
    private static void addNatRule(Vm vm, String spec) {
        String[] f = spec.split(",", -1);
        if (f.length != 6 || f[0].isEmpty() || !(f[1].equals("tcp") || f[1].equals("udp"))
                || !f[3].matches("\\d{1,5}") || !f[5].matches("\\d{1,5}")) {
            throw syntax("Invalid NAT rule format: '" + spec + "'");
        }
        for (String existing : vm.natRules) {
            String[] e = existing.split(",", -1);
            if (e[0].equals(f[0])) {
                throw failure("A NAT rule of this name already exists", NAT_ARG, "AddRedirect(Bstr(strName).raw(), proto, "
                        + "Bstr(strHostIp).raw(), RTStrToUInt16(strHostPort), Bstr(strGuestIp).raw(), "
                        + "RTStrToUInt16(strGuestPort))\" at line 1830 of file VBoxManageModifyVM.cpp");
            }
            if (e[1].equals(f[1]) && e[2].equals(f[2]) && e[3].equals(f[3])) {
                throw failure("A NAT rule for this host port and this host IP already exists", NAT_ARG,
                        "AddRedirect(...)\" at line 1830 of file VBoxManageModifyVM.cpp");
            }
        }
        vm.natRules.add(spec);
        vm.natRules.sort(Comparator.comparing(r -> r.split(",", 2)[0])); // VirtualBox keeps rules by name
    }

    private static void deleteNatRule(Vm vm, String name) {
        boolean removed = vm.natRules.removeIf(r -> r.split(",", 2)[0].equals(name));
        if (!removed) {
            throw failure("A NAT rule of this name does not exist", NAT_ARG,
                    "RemoveRedirect(Bstr(ValueUnion.psz).raw())\" at line 1850 of file VBoxManageModifyVM.cpp");
        }
    }

    private void storagectl(List<String> args) {
        String target = target(args, "storagectl <uuid|vmname> --name <name> --add sata ...");
        Map<String, String> opts = optionMap(options(args, 1, Set.of("remove")));
        String name = required(opts, "name");
        registry.update(state -> {
            Vm vm = vm(state, target);
            requireUnlocked(vm, "1121 of file VBoxManageStorageController.cpp");
            requireMutable(vm, "AddStorageController(Bstr(pszCtl).raw(), StorageBus_SATA, ctl.asOutParam())\" at line 1150 of file VBoxManageStorageController.cpp");
            if (opts.containsKey("remove")) {
                if (!vm.controllers.removeIf(c -> c.name.equals(name))) {
                    throw failure("Could not find a storage controller named '" + name + "'", NOT_FOUND,
                            "RemoveStorageController(Bstr(pszCtl).raw())\" at line 1140 of file VBoxManageStorageController.cpp");
                }
                vm.attachments.removeIf(a -> a.controller.equals(name));
                return null;
            }
            String bus = required(opts, "add");
            if (!Set.of("ide", "sata", "scsi", "floppy", "sas", "usb", "pcie", "virtio").contains(bus)) {
                throw syntax("Invalid --add argument '" + bus + "'");
            }
            if (vm.controllers.stream().anyMatch(c -> c.name.equals(name))) {
                throw failure("Storage controller named '" + name + "' already exists", IN_USE,
                        "AddStorageController(Bstr(pszCtl).raw(), StorageBus_SATA, ctl.asOutParam())\" at line 1196 of file VBoxManageStorageController.cpp");
            }
            Controller c = new Controller();
            c.name = name;
            c.bus = bus;
            c.type = opts.getOrDefault("controller", bus.equals("sata") ? "IntelAhci" : "PIIX4");
            c.portCount = Integer.parseInt(opts.getOrDefault("portcount", bus.equals("sata") ? "30" : "2"));
            c.hostIoCache = opts.getOrDefault("hostiocache", "off");
            c.bootable = opts.getOrDefault("bootable", "on");
            vm.controllers.add(c);
            return null;
        });
    }

    private void storageattach(List<String> args) {
        String target = target(args, "storageattach <uuid|vmname> --storagectl <name> --port <n> --device <n> ...");
        Map<String, String> opts = optionMap(options(args, 1, Set.of()));
        String ctlName = required(opts, "storagectl");
        int port = Integer.parseInt(opts.getOrDefault("port", "0"));
        int device = Integer.parseInt(opts.getOrDefault("device", "0"));
        String medium = required(opts, "medium");
        registry.update(state -> {
            Vm vm = vm(state, target);
            requireUnlocked(vm, "1080 of file VBoxManageStorageController.cpp");
            requireMutable(vm, "AttachDevice(Bstr(pszCtl).raw(), port, device, DeviceType_HardDisk, pMedium2Mount)\" at line 1090 of file VBoxManageStorageController.cpp");
            Controller ctl = vm.controllers.stream().filter(c -> c.name.equals(ctlName)).findFirst().orElseThrow(() ->
                    failure("Could not find a controller named '" + ctlName + "'", NOT_FOUND,
                            "GetStorageControllerByName(Bstr(pszCtl).raw(), storageCtl.asOutParam())\" at line 421 of file VBoxManageStorageController.cpp"));
            if (port < 0 || port >= ctl.portCount || device != 0) {
                throw failure("The port and/or device parameter are out of range [slot=" + port + "] [device=" + device + "]",
                        "E_INVALIDARG (0x80070057), component SessionMachine, interface IMachine, callee nsISupports",
                        "AttachDevice(Bstr(pszCtl).raw(), port, device, DeviceType_HardDisk, pMedium2Mount)\" at line 776 of file VBoxManageStorageController.cpp");
            }
            vm.attachments.removeIf(a -> a.controller.equals(ctlName) && a.port == port && a.device == device);
            if (medium.equals("none")) {
                return null;
            }
            String type = required(opts, "type");
            Attachment a = new Attachment();
            a.controller = ctlName;
            a.port = port;
            a.device = device;
            a.type = type;
            switch (type) {
                case "dvddrive" -> a.mediumUuid = medium.equals("emptydrive") ? null : openMedium(state, medium, "DVD").uuid;
                case "hdd" -> {
                    Medium m = openMedium(state, medium, "HardDisk");
                    List<Vm> users = FakeRegistry.vmsUsing(state, m.uuid);
                    if (!users.isEmpty()) {
                        throw failure("Medium '" + m.location + "' is already attached to the virtual machine '"
                                + users.get(0).name + "'", IN_USE, "AttachDevice(...)\" at line 776 of file VBoxManageStorageController.cpp");
                    }
                    a.mediumUuid = m.uuid;
                }
                default -> throw syntax("Invalid --type argument '" + type + "'");
            }
            vm.attachments.add(a);
            return null;
        });
    }

    /**
     * IVirtualBox::OpenMedium: a registered medium by UUID or path, else the file, which is then registered
     * (so it shows in {@code list hdds} until closed or deleted with its VM).
     */
    private Medium openMedium(State state, String uuidOrPath, String deviceType) {
        if (UUID_TEXT.matcher(uuidOrPath).matches()) {
            String uuid = uuidOrPath.replace("{", "").replace("}", "").toLowerCase(Locale.ROOT);
            return FakeRegistry.mediumByUuid(state, uuid).orElseThrow(() -> failure("Could not find an open "
                    + (deviceType.equals("DVD") ? "CD/DVD" : "hard disk") + " with UUID {" + uuid + "}", NOT_FOUND,
                    "OpenMedium(...)\" at line 188 of file VBoxManageDisk.cpp"));
        }
        Path path = Path.of(uuidOrPath).toAbsolutePath().normalize();
        Optional<Medium> known = FakeRegistry.mediumByLocation(state, path);
        if (known.isPresent()) {
            return known.get();
        }
        if (!Files.isRegularFile(path)) {
            throw failure("Could not find file for the medium '" + path + "' (VERR_FILE_NOT_FOUND)", MEDIUM_ERROR,
                    "OpenMedium(Bstr(pszFilenameOrUuid).raw(), enmDevType, enmAccessMode, fForceNewUuidOnOpen, "
                            + "pMedium.asOutParam())\" at line 191 of file VBoxManageDisk.cpp");
        }
        Medium m = new Medium();
        m.location = path.toString();
        m.deviceType = deviceType;
        try {
            if (deviceType.equals("DVD")) {
                if (!FakeMediumFile.isIso(path)) {
                    throw unknownFormat(path);
                }
                m.uuid = UUID.nameUUIDFromBytes(("dvd:" + path).getBytes()).toString();
                m.format = "RAW";
                m.logicalSize = Files.size(path);
            } else {
                FakeMediumFile.Header h = FakeMediumFile.read(path).orElseThrow(() -> unknownFormat(path));
                m.uuid = h.uuid();
                m.format = h.format();
                m.logicalSize = h.logicalSize();
            }
        } catch (IOException e) {
            throw failure("Could not open the medium '" + path + "' (" + e.getMessage() + ")", MEDIUM_ERROR,
                    "OpenMedium(...)\" at line 191 of file VBoxManageDisk.cpp");
        }
        FakeRegistry.mediumByUuid(state, m.uuid).ifPresent(other -> {
            throw failure("Cannot register the hard disk '" + path + "' {" + m.uuid + "} because a hard disk '"
                    + other.location + "' with UUID {" + m.uuid + "} already exists",
                    "NS_ERROR_INVALID_ARG (0x80070057), component VirtualBoxWrap, interface IVirtualBox, callee nsISupports",
                    "OpenMedium(...)\" at line 191 of file VBoxManageDisk.cpp");
        });
        state.media.add(m);
        return m;
    }

    private static VBoxError unknownFormat(Path path) {
        return failure("Could not get the storage format of the medium '" + path + "' (VERR_NOT_SUPPORTED)",
                "VBOX_E_IPRT_ERROR (0x80bb0005), component MediumWrap, interface IMedium, callee nsISupports",
                "OpenMedium(Bstr(pszFilenameOrUuid).raw(), enmDevType, enmAccessMode, fForceNewUuidOnOpen, "
                        + "pMedium.asOutParam())\" at line 191 of file VBoxManageDisk.cpp");
    }

    // ---- media -------------------------------------------------------------------------------------

    /** {@code convertfromraw INPUT OUTPUT [--format VDI|VMDK|VHD]}: makes an image file; it does not register it. */
    private void convertfromraw(List<String> args, StringBuilder out) {
        if (args.size() < 2) {
            throw syntax("Incorrect number of parameters (usage: VBoxManage convertfromraw <filename> <outputfile> [--format VDI|VMDK|VHD])");
        }
        Path input = Path.of(args.get(0)).toAbsolutePath();
        Path output = Path.of(args.get(1)).toAbsolutePath();
        Map<String, String> opts = optionMap(options(args, 2, Set.of()));
        String format = opts.getOrDefault("format", "VDI").toUpperCase(Locale.ROOT);
        if (!FakeMediumFile.SIGNATURES.containsKey(format)) {
            throw syntax("Invalid --format argument '" + opts.get("format") + "'");
        }
        out.append("Converting from raw image file=\"").append(input).append("\" to file=\"").append(output)
                .append("\"...\n");
        if (!Files.isRegularFile(input)) {
            throw new VBoxError(1, "VBoxManage: error: Cannot open the raw disk '" + input + "': VERR_FILE_NOT_FOUND\n");
        }
        if (Files.exists(output)) {
            throw new VBoxError(1, "VBoxManage: error: Cannot create the disk image \"" + output + "\": VERR_ALREADY_EXISTS\n");
        }
        try {
            byte[] data = Files.readAllBytes(input);
            out.append("Creating dynamic image with size ").append(data.length).append(" bytes (")
                    .append((data.length + (1 << 20) - 1) >> 20).append("MB)...\n");
            FakeMediumFile.create(output, format, UUID.randomUUID().toString(), data);
        } catch (IOException e) {
            throw new VBoxError(1, "VBoxManage: error: Cannot create the disk image \"" + output + "\": " + e.getMessage() + "\n");
        }
    }

    /** {@code modifymedium [disk] FILE|UUID --resize MB}: VDI and VHD grow; other formats cannot be resized. */
    private void modifymedium(List<String> args, StringBuilder err) {
        List<String> rest = !args.isEmpty() && Set.of("disk", "dvd", "floppy").contains(args.get(0)) ? args.subList(1, args.size()) : args;
        String target = target(rest, "modifymedium [disk|dvd|floppy] <uuid|filename> --resize <megabytes>");
        Map<String, String> opts = optionMap(options(rest, 1, Set.of("compact")));
        registry.update(state -> {
            Medium m = openMedium(state, target, "HardDisk");
            if (opts.containsKey("resize")) {
                long bytes = Long.parseLong(opts.get("resize")) * 1024 * 1024;
                err.append("0%...");
                if (!m.format.equals("VDI") && !m.format.equals("VHD")) {
                    throw new VBoxError(1, "\nProgress state: VBOX_E_NOT_SUPPORTED\nVBoxManage: error: Resize medium "
                            + "operation for this format is not implemented yet!\n");
                }
                if (bytes < m.logicalSize) {
                    throw new VBoxError(1, "\nProgress state: VBOX_E_NOT_SUPPORTED\nVBoxManage: error: Shrinking is "
                            + "not yet supported for medium '" + m.location + "'\n");
                }
                try {
                    FakeMediumFile.writeHeader(Path.of(m.location), new FakeMediumFile.Header(m.format, m.uuid, bytes));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                m.logicalSize = bytes;
                err.append(PROGRESS.substring("0%...".length()));
            }
            return null;
        });
    }

    /** {@code closemedium disk|dvd FILE|UUID [--delete]}: forgets a medium no VM uses, deleting the file if asked. */
    private void closemedium(List<String> args, StringBuilder err) {
        String type = !args.isEmpty() && Set.of("disk", "dvd", "floppy").contains(args.get(0)) ? args.get(0) : "disk";
        List<String> rest = args.isEmpty() || !Set.of("disk", "dvd", "floppy").contains(args.get(0)) ? args : args.subList(1, args.size());
        String target = target(rest, "closemedium [disk|dvd|floppy] <uuid|filename> [--delete]");
        boolean delete = rest.contains("--delete");
        registry.update(state -> {
            Medium m = openMedium(state, target, type.equals("dvd") ? "DVD" : "HardDisk");
            List<Vm> users = FakeRegistry.vmsUsing(state, m.uuid);
            if (!users.isEmpty()) {
                throw failure("Cannot close medium '" + m.location + "' because it is still attached to "
                        + users.size() + " virtual machines", "VBOX_E_OBJECT_IN_USE (0x80bb000c), component MediumWrap, "
                        + "interface IMedium, callee nsISupports", "Close()\" at line 1767 of file VBoxManageDisk.cpp");
            }
            state.media.remove(m);
            if (delete) {
                err.append(PROGRESS);
                deleteMediumFiles(m);
            }
            return null;
        });
    }

    private void deleteMediumFiles(Medium m) {
        try {
            Files.deleteIfExists(Path.of(m.location));
            deleteTree(FakeSession.guestFs(home, m.uuid));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- showvminfo --------------------------------------------------------------------------------

    private void showvminfo(List<String> args, StringBuilder out) {
        String target = target(args, "showvminfo <uuid|vmname> [--machinereadable]");
        boolean machine = args.contains("--machinereadable");
        registry.update(state -> {
            Vm vm = vm(state, target);
            if (machine) {
                machineReadable(state, vm, out);
            } else {
                out.append("Name:                        ").append(vm.name).append('\n')
                        .append("UUID:                        ").append(vm.uuid).append('\n')
                        .append("Config file:                 ").append(vm.settingsFile).append('\n')
                        .append("Memory size:                 ").append(vm.settings.get("memory")).append("MB\n")
                        .append("Number of CPUs:              ").append(vm.settings.get("cpus")).append('\n')
                        .append("State:                       ").append(humanState(vm.state)).append(" (since ")
                        .append(Instant.ofEpochMilli(vm.stateChangeMillis)).append(")\n");
            }
            return null;
        });
    }

    private static String humanState(String state) {
        return switch (state) {
            case "poweroff" -> "powered off";
            default -> state;
        };
    }

    private void machineReadable(State state, Vm vm, StringBuilder out) {
        Path folder = Path.of(vm.settingsFile).getParent();
        line(out, "name", vm.name);
        line(out, "groups", "/");
        line(out, "ostype", OS_TYPES.getOrDefault(vm.ostype, vm.ostype));
        line(out, "UUID", vm.uuid);
        line(out, "CfgFile", vm.settingsFile);
        line(out, "SnapFldr", folder.resolve("Snapshots").toString());
        line(out, "LogFldr", folder.resolve("Logs").toString());
        out.append("memory=").append(vm.settings.get("memory")).append('\n');
        out.append("vram=").append(vm.settings.getOrDefault("vram", "8")).append('\n');
        out.append("cpus=").append(vm.settings.get("cpus")).append('\n');
        line(out, "firmware", vm.settings.getOrDefault("firmware", "bios").toUpperCase(Locale.ROOT));
        for (String key : List.of("pae", "hpet", "nestedpaging", "largepages", "vtxvpid", "cpuhotplug", "acpi", "ioapic",
                "rtcuseutc", "accelerate3d")) {
            line(out, key, vm.settings.getOrDefault(key, "off"));
        }
        line(out, "bootmenu", vm.settings.getOrDefault("biosbootmenu", "messageandmenu"));
        for (int i = 1; i <= 4; i++) {
            line(out, "boot" + i, vm.settings.getOrDefault("boot" + i, "none"));
        }
        line(out, "VMState", vm.state);
        line(out, "VMStateChangeTime", Instant.ofEpochMilli(vm.stateChangeMillis).toString());
        if (vm.stateFile != null) {
            line(out, "VMStateFile", vm.stateFile);
        }
        for (int c = 0; c < vm.controllers.size(); c++) {
            Controller ctl = vm.controllers.get(c);
            line(out, "storagecontrollername" + c, ctl.name);
            line(out, "storagecontrollertype" + c, ctl.type);
            line(out, "storagecontrollerinstance" + c, "0");
            line(out, "storagecontrollermaxportcount" + c, ctl.bus.equals("sata") ? "30" : "2");
            line(out, "storagecontrollerportcount" + c, Integer.toString(ctl.portCount));
            line(out, "storagecontrollerbootable" + c, ctl.bootable);
        }
        for (Controller ctl : vm.controllers) {
            for (int p = 0; p < ctl.portCount; p++) {
                final int port = p;
                Optional<Attachment> a = vm.attachments.stream()
                        .filter(x -> x.controller.equals(ctl.name) && x.port == port && x.device == 0).findFirst();
                String key = ctl.name + "-" + p + "-0";
                if (a.isEmpty()) {
                    line(out, key, "none");
                } else if (a.get().mediumUuid == null) {
                    line(out, key, "emptydrive");
                } else {
                    Medium m = FakeRegistry.mediumByUuid(state, a.get().mediumUuid).orElseThrow();
                    line(out, key, m.location);
                    line(out, ctl.name + "-ImageUUID-" + p + "-0", m.uuid);
                    if (a.get().type.equals("dvddrive")) {
                        line(out, ctl.name + "-tempeject-" + p + "-0", "off");
                        line(out, ctl.name + "-IsEjected-" + p + "-0", "off");
                    }
                }
            }
        }
        line(out, "natnet1", "nat");
        line(out, "macaddress1", "080027" + vm.uuid.replace("-", "").substring(0, 6).toUpperCase(Locale.ROOT));
        line(out, "cableconnected1", vm.settings.getOrDefault("cableconnected1", "on"));
        line(out, "nic1", vm.settings.getOrDefault("nic1", "nat"));
        line(out, "nictype1", vm.settings.getOrDefault("nictype1", "82540EM"));
        line(out, "nicspeed1", "0");
        out.append("mtu=\"0\"\nsockSnd=\"64\"\nsockRcv=\"64\"\ntcpWndSnd=\"64\"\ntcpWndRcv=\"64\"\n");
        for (int i = 0; i < vm.natRules.size(); i++) {
            line(out, "Forwarding(" + i + ")", vm.natRules.get(i));
        }
        for (int n = 2; n <= 8; n++) {
            line(out, "nic" + n, "none");
        }
        line(out, "audio", vm.settings.getOrDefault("audio", "default"));
        line(out, "natdnshostresolver1", vm.settings.getOrDefault("natdnshostresolver1", "off"));
        line(out, "natdnsproxy1", vm.settings.getOrDefault("natdnsproxy1", "off"));
    }

    /** {@code key="value"}, with quotes and backslashes escaped as VBoxManage does; keys with '-' are quoted. */
    private static void line(StringBuilder out, String key, String value) {
        String k = key.contains("-") ? "\"" + key + "\"" : key;
        out.append(k).append("=\"").append(value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n"))
                .append("\"\n");
    }

    // ---- startvm, controlvm, unregistervm -----------------------------------------------------------

    private void startvm(List<String> args, StringBuilder out) {
        String target = target(args, "startvm <uuid|vmname> [--type gui|sdl|headless|separate]");
        Map<String, String> opts = optionMap(options(args, 1, Set.of()));
        String type = opts.getOrDefault("type", "gui");
        if (!Set.of("gui", "sdl", "headless", "separate").contains(type)) {
            throw syntax("Invalid session type '" + type + "'");
        }
        FakeGuest.Started started = registry.update(state -> {
            Vm vm = vm(state, target);
            if (hasProcess(vm)) {
                throw failure("The machine '" + vm.name + "' is already locked by a session (or being locked or unlocked)",
                        INVALID_STATE, "LaunchVMProcess(a->session, sessionType.raw(), ComSafeArrayAsInParam(aBstrEnv), "
                                + "progress.asOutParam())\" at line 727 of file VBoxManageMisc.cpp");
            }
            out.append("Waiting for VM \"").append(vm.name).append("\" to power on...\n");
            FakeGuest.Started s = powerUp(state, vm);
            vm.guestPid = s.process().pid();
            setState(vm, "running");
            return s;
        });
        Vm vm = registry.update(state -> findVm(state, target));
        String error = FakeGuest.awaitReady(started, POWER_UP_TIMEOUT);
        Path restoreFailure = new FakeSession(home, vm.uuid).restoreFailure();
        if (error != null && vm.stateFile != null && Files.exists(restoreFailure)) {
            // Console::i_powerUpThread: a state that does not load leaves the machine saved (the GUI then offers to
            // discard it); VBoxManage prints the progress's error.
            String why = readString(restoreFailure).strip();
            registry.update(state -> {
                Vm v = findVm(state, target);
                FakeGuest.kill(v.guestPid, v.uuid);
                v.guestPid = 0;
                setState(v, "saved");
                return null;
            });
            throw failure(why, "NS_ERROR_FAILURE (0x80004005), component ConsoleWrap, interface IConsole",
                    "LaunchVMProcess(...)\" at line 727 of file VBoxManageMisc.cpp");
        }
        if (error != null) {
            registry.update(state -> {
                Vm v = findVm(state, target);
                FakeGuest.kill(v.guestPid, v.uuid);
                v.guestPid = 0;
                setState(v, "aborted");
                return null;
            });
            throw failure("The virtual machine '" + vm.name + "' has terminated unexpectedly during startup " + error
                    + ".  More details may be available in '" + started.log() + "'",
                    "NS_ERROR_FAILURE (0x80004005), component MachineWrap, interface IMachine",
                    "LaunchVMProcess(...)\" at line 727 of file VBoxManageMisc.cpp");
        }
        if (vm.stateFile != null) {
            // Restored: VirtualBox deletes the state file once the VM runs from it.
            registry.update(state -> {
                Vm v = findVm(state, target);
                deleteQuietly(Path.of(v.stateFile));
                v.stateFile = null;
                return null;
            });
        }
        out.append("VM \"").append(vm.name).append("\" has been successfully started.\n");
    }

    private static String readString(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes what the VM boots with, rotates its log and launches the VM process. */
    private FakeGuest.Started powerUp(State state, Vm vm) {
        FakeSession session = new FakeSession(home, vm.uuid);
        Path logs = Path.of(vm.settingsFile).getParent().resolve("Logs");
        try {
            deleteTree(session.dir);
            Files.createDirectories(session.dir);
            Files.createDirectories(logs);
            // VirtualBox keeps the last logs as VBox.log.1, .2, .3.
            for (int i = 2; i >= 1; i--) {
                if (Files.exists(logs.resolve("VBox.log." + i))) {
                    Files.move(logs.resolve("VBox.log." + i), logs.resolve("VBox.log." + (i + 1)),
                            StandardCopyOption.REPLACE_EXISTING);
                }
            }
            if (Files.exists(logs.resolve("VBox.log"))) {
                Files.move(logs.resolve("VBox.log"), logs.resolve("VBox.log.1"), StandardCopyOption.REPLACE_EXISTING);
            }
            FakeSession.Boot boot = new FakeSession.Boot();
            boot.vmName = vm.name;
            boot.vmUuid = vm.uuid;
            boot.log = logs.resolve("VBox.log").toString();
            boot.natRules = new ArrayList<>(vm.natRules);
            boot.restoreFrom = vm.state.equals("saved") ? vm.stateFile : null;
            vm.attachments.stream().sorted(Comparator.comparingInt((Attachment a) -> a.port))
                    .forEach(a -> {
                        if (a.mediumUuid == null) {
                            return;
                        }
                        Medium m = FakeRegistry.mediumByUuid(state, a.mediumUuid).orElseThrow();
                        if (a.type.equals("hdd") && boot.disk == null) {
                            boot.disk = m.location;
                            boot.diskUuid = m.uuid;
                            boot.fsDir = FakeSession.guestFs(home, m.uuid).toString();
                        } else if (a.type.equals("dvddrive") && boot.dvd == null) {
                            boot.dvd = m.location;
                        }
                    });
            Files.writeString(session.boot(), FakeRegistry.json(boot));
            session.writeNatRules(boot.natRules);
            return FakeGuest.launch(home, vm.uuid, Path.of(boot.log));
        } catch (IOException e) {
            throw failure("Failed to power up the VM: " + e.getMessage(), "NS_ERROR_FAILURE (0x80004005), component "
                    + "ConsoleWrap, interface IConsole", "PowerUp()\" at line 2501 of file ConsoleImpl.cpp");
        }
    }

    private void controlvm(List<String> args, StringBuilder err) {
        String target = target(args, "controlvm <uuid|vmname> pause|resume|poweroff|acpipowerbutton|natpf1 ...");
        if (args.size() < 2) {
            throw syntax("Not enough parameters");
        }
        String action = args.get(1);
        registry.update(state -> {
            Vm vm = vm(state, target);
            requireRunning(vm);
            FakeSession session = new FakeSession(home, vm.uuid);
            try {
                switch (action) {
                    case "acpipowerbutton" -> Files.writeString(session.acpiButton(), "pressed\n");
                    case "poweroff" -> {
                        FakeGuest.kill(vm.guestPid, vm.uuid);
                        vm.guestPid = 0;
                        setState(vm, "poweroff");
                        err.append(PROGRESS);
                    }
                    case "savestate" -> saveState(vm, session, err);
                    case "pause" -> setState(vm, "paused");
                    case "resume" -> setState(vm, "running");
                    case "natpf1" -> {
                        if (args.size() < 3) {
                            throw syntax("Missing argument to 'natpf1'");
                        }
                        if (args.get(2).equals("delete")) {
                            if (args.size() < 4) {
                                throw syntax("Missing argument to 'natpf1 delete'");
                            }
                            deleteNatRule(vm, args.get(3));
                        } else {
                            addNatRule(vm, args.get(2));
                        }
                        session.writeNatRules(vm.natRules); // the running NAT engine picks it up
                    }
                    default -> throw syntax("Invalid parameter '" + action + "'");
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return null;
        });
    }

    /**
     * VBoxManage pauses the VM, has it save its state and waits for the VM process to end; on failure it resumes
     * the guest. The file is named as VirtualBox 7 names it, by the time of the save, in the Snapshots folder.
     */
    private void saveState(Vm vm, FakeSession session, StringBuilder err) throws IOException {
        Path snapshots = Path.of(vm.settingsFile).getParent().resolve("Snapshots");
        Path sav = snapshots.resolve(Instant.now().toString().replace(':', '-').replace('.', '-') + ".sav");
        Files.deleteIfExists(session.saveResult());
        Files.writeString(session.saveRequest(), sav + "\n");
        long deadline = System.nanoTime() + POWER_UP_TIMEOUT.toNanos();
        while (!Files.exists(session.saveResult()) && FakeGuest.alive(vm.guestPid, vm.uuid)
                && System.nanoTime() < deadline) {
            sleepMillis(20);
        }
        String result = Files.exists(session.saveResult()) ? Files.readString(session.saveResult()).strip() : "";
        if (result.equals("saved")) {
            while (FakeGuest.alive(vm.guestPid, vm.uuid) && System.nanoTime() < deadline) {
                sleepMillis(20);
            }
            vm.guestPid = 0;
            vm.stateFile = sav.toString();
            setState(vm, "saved");
            err.append(PROGRESS);
            return;
        }
        if (!FakeGuest.alive(vm.guestPid, vm.uuid)) {
            vm.guestPid = 0;
            setState(vm, "aborted"); // the half-written file is nobody's state
            throw new VBoxError(1, "0%...10%...20%...\nVBoxManage: error: Failed to save machine state\n"
                    + failure("The VM session was aborted", "NS_ERROR_FAILURE (0x80004005), component SessionMachine,"
                    + " interface ISession", "SaveState(progress.asOutParam())\" at line 581 of file VBoxManageControlVM.cpp")
                    .getMessage());
        }
        Files.deleteIfExists(session.saveResult());
        throw new VBoxError(1, "0%...10%...20%...\nVBoxManage: error: Failed to save machine state\n"
                + failure("Failed to save the machine state to '" + sav + "' (" + (result.isEmpty() ? "VERR_TIMEOUT" : result)
                + ")", "NS_ERROR_FAILURE (0x80004005), component ConsoleWrap, interface IConsole",
                "SaveState(progress.asOutParam())\" at line 581 of file VBoxManageControlVM.cpp").getMessage());
    }

    private static void sleepMillis(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** {@code discardstate VM}: a saved VM's .sav is deleted and the VM is powered off. */
    private void discardstate(List<String> args) {
        String target = target(args, "discardstate <uuid|vmname>");
        registry.update(state -> {
            Vm vm = vm(state, target);
            if (hasProcess(vm)) {
                throw failure("The machine '" + vm.name + "' is already locked for a session (or being unlocked)",
                        INVALID_STATE, "LockMachine(a->session, LockType_Write)\" at line 1263 of file VBoxManageMisc.cpp");
            }
            if (!vm.state.equals("saved")) {
                throw failure("Cannot delete the machine state as the machine is not in the saved state (machine state: "
                        + apiStateName(vm.state) + ")", "VBOX_E_INVALID_VM_STATE (0x80bb0002), component SessionMachine, "
                        + "interface IMachine, callee nsISupports", "DiscardSavedState(true)\" at line 1279 of file VBoxManageMisc.cpp");
            }
            if (vm.stateFile != null) {
                deleteQuietly(Path.of(vm.stateFile));
            }
            vm.stateFile = null;
            setState(vm, "poweroff");
            return null;
        });
    }

    /** MachineState's names as the API's error texts print them. */
    private static String apiStateName(String state) {
        return switch (state) {
            case "poweroff" -> "PoweredOff";
            case "aborted" -> "Aborted";
            case "teleported" -> "Teleported";
            default -> Character.toUpperCase(state.charAt(0)) + state.substring(1);
        };
    }

    private void unregistervm(List<String> args, StringBuilder err) {
        String target = target(args, "unregistervm <uuid|vmname> [--delete]");
        boolean delete = args.contains("--delete");
        registry.update(state -> {
            Vm vm = vm(state, target);
            if (hasProcess(vm)) {
                throw failure("Cannot unregister the machine '" + vm.name + "' while it is locked", SESSION_STATE,
                        "Unregister(CleanupMode_DetachAllReturnHardDisksOnly, ComSafeArrayAsOutParam(aMedia))\" at line 161 of file VBoxManageMisc.cpp");
            }
            state.vms.remove(vm);
            // The machine's media registry goes with it; --delete deletes its hard disks (never DVD images).
            for (Attachment a : vm.attachments) {
                if (a.mediumUuid == null || !FakeRegistry.vmsUsing(state, a.mediumUuid).isEmpty()) {
                    continue;
                }
                Optional<Medium> m = FakeRegistry.mediumByUuid(state, a.mediumUuid);
                m.ifPresent(state.media::remove);
                if (delete && a.type.equals("hdd")) {
                    m.ifPresent(this::deleteMediumFiles);
                }
            }
            try {
                deleteTree(new FakeSession(home, vm.uuid).dir);
                if (delete) {
                    Path folder = Path.of(vm.settingsFile).getParent();
                    Files.deleteIfExists(Path.of(vm.settingsFile));
                    Files.deleteIfExists(Path.of(vm.settingsFile + "-prev"));
                    deleteTree(folder.resolve("Logs"));
                    deleteTree(folder.resolve("Snapshots"));
                    try (Stream<Path> left = Files.list(folder)) {
                        if (left.findAny().isEmpty()) {
                            Files.delete(folder);
                        }
                    }
                    err.append(PROGRESS);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return null;
        });
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Writes a file VirtualBox takes for an ISO (the node image of fake machines). */
    public static Path writeIso(Path file) throws IOException {
        return FakeMediumFile.writeIso(file);
    }

    /** This JVM's java, for launching guests and the VBoxManage script. */
    static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java" + (File.separatorChar == '\\' ? ".exe" : ""))
                .toString();
    }
}
