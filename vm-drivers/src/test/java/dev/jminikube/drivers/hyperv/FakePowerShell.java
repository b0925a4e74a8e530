package dev.jminikube.drivers.hyperv;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.jminikube.core.exec.CommandResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stateful stand-in for powershell.exe with the Hyper-V module: it interprets exactly the scripts
 * {@link HyperVScripts} writes and keeps its VMs and switches in {@code state.json} in a directory, so
 * separate driver instances (separate CLI invocations) see the same VMs.
 *
 * <p>Output shapes are those of Windows PowerShell 5.1: {@code ConvertTo-Json -Compress}, enum values as
 * numbers (SwitchType), {@code .ToString()} names for states, warnings on stdout as {@code WARNING: ...},
 * errors on stderr as an error record and exit code 1 (every script sets $ErrorActionPreference = 'Stop').
 * The "unable to find a virtual machine" text is Hyper-V's own; other error texts are close paraphrases
 * (marked below). New-VM with a taken name fails here, where real Hyper-V would quietly make a second VM
 * with the same name: a driver that creates twice should be caught, not imitated.
 *
 * <p>The guest: after Start-VM it reports addresses through "KVP" only after {@link #kvpDelayQueries}
 * queries, first a link-local pair (fe80::, 169.254/16), then its lease; a graceful Stop-VM times out when
 * {@link #guestIgnoresShutdown}. Nothing connects to the addresses it hands out. Its "memory" is a boot id (new
 * at each cold boot) and its lease.
 *
 * <p>Saved states: Save-VM of a Running VM writes that memory to {@code Virtual Machines/<id>.vmrs} and the VM is
 * Saved; Start-VM of a Saved VM restores it (same boot id, the lease at once) and deletes the file, or, when the
 * file is not a state it wrote, fails and leaves the VM Saved; Remove-VMSavedState deletes it (the VM is Off).
 * Save-VM of a VM that does not run fails, and with {@link #hostDiskFull} fails with Windows' disk-full text
 * while the VM runs on. The error texts are paraphrases.
 */
final class FakePowerShell implements PowerShell {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final String Q = "'((?:[^']|'')*)'";
    private static final Pattern STATE = Pattern.compile("^\\(Hyper-V\\\\Get-VM -Name " + Q + "\\)\\.State\\.ToString\\(\\)$");
    private static final Pattern IPS = Pattern.compile("^ConvertTo-Json -Compress -InputObject @\\(Hyper-V\\\\Get-VMNetworkAdapter -VMName "
            + Q + " \\| ForEach-Object \\{ \\$_\\.IPAddresses \\}\\)$");
    private static final String SWITCHES = "ConvertTo-Json -Compress -InputObject @(Hyper-V\\Get-VMSwitch | Select-Object Name, SwitchType)";
    private static final Pattern CMDLET = Pattern.compile("^Hyper-V\\\\([A-Za-z]+-[A-Za-z]+)((?: -[A-Za-z]+(?: (?:" + Q
            + "|\\$(?:true|false)|\\d+MB|\\d+|[A-Za-z]+))?)*)( \\| Out-Null)?$");
    private static final Pattern PARAM = Pattern.compile(" -([A-Za-z]+)(?: (" + Q + "|\\$(?:true|false)|\\d+MB|\\d+|(?![-])[A-Za-z]+))?");

    /** The fake's persisted world. */
    public static final class State {
        public Map<String, Integer> switches = new LinkedHashMap<>();
        public Map<String, Vm> vms = new LinkedHashMap<>();
        public boolean hyperVEnabled = true;
        public boolean admin = true;
        public boolean hyperVAdmin = false;
        public int bootCounter;
    }

    public static final class Vm {
        public String id;
        public String path;
        public String state = "Off";
        public String switchName;
        public long memoryMb;
        public boolean dynamicMemory = true;
        public int cpus = 1;
        public String dvd;
        public List<String> disks = new ArrayList<>();
        public int ipQueries;
        public String lease;
        /** The running guest's boot id; kept in the .vmrs while Saved. */
        public String bootId;
    }

    private final Path dir;
    final List<String> scripts = new ArrayList<>();
    int kvpDelayQueries = 2;
    boolean guestIgnoresShutdown;
    /** The volume of the VMs' files is full: Save-VM cannot write the state. */
    boolean hostDiskFull;
    static final String STATE_MAGIC = "FAKE-HYPERV-VMRS-1";

    FakePowerShell(Path dir) {
        this.dir = dir;
        if (!Files.exists(dir.resolve("state.json"))) {
            State s = new State();
            s.switches.put("Default Switch", 1); // Internal, with Windows' NAT and DHCP
            save(s);
        }
    }

    State state() {
        try {
            return JSON.readValue(dir.resolve("state.json").toFile(), State.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void save(State s) {
        try {
            Files.createDirectories(dir);
            JSON.writeValue(dir.resolve("state.json").toFile(), s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized CommandResult run(String script, Duration timeout) {
        scripts.add(script);
        if (!script.startsWith(HyperVScripts.PREAMBLE)) {
            throw new AssertionError("every script must start with the preamble: " + script);
        }
        String body = script.substring(HyperVScripts.PREAMBLE.length());
        State s = state();
        try {
            CommandResult r = interpret(body, s, timeout);
            save(s);
            return r;
        } catch (PsError e) {
            return result(1, "", e.getMessage());
        }
    }

    private CommandResult interpret(String body, State s, Duration timeout) {
        if (body.startsWith("$p = [Security.Principal.WindowsPrincipal]")) {
            return ok("{\"HyperV\":" + (s.hyperVEnabled ? 1 : 0) + ",\"Admin\":" + s.admin + ",\"HyperVAdmin\":"
                    + s.hyperVAdmin + "}\r\n");
        }
        if (!s.hyperVEnabled) {
            throw new PsError("The term 'Hyper-V\\Get-VM' is not recognized as the name of a cmdlet, function, script "
                    + "file, or operable program.", "CommandNotFoundException", "CommandNotFoundException");
        }
        Matcher m = STATE.matcher(body);
        if (m.matches()) {
            return ok(vm(s, unquote(m.group(1)), "GetVM").state + "\r\n");
        }
        m = IPS.matcher(body);
        if (m.matches()) {
            Vm vm = vm(s, unquote(m.group(1)), "GetVMNetworkAdapter");
            return ok(addresses(vm) + "\r\n");
        }
        if (body.equals(SWITCHES)) {
            List<String> items = new ArrayList<>();
            s.switches.forEach((name, type) -> items.add("{\"Name\":\"" + name + "\",\"SwitchType\":" + type + "}"));
            return ok("[" + String.join(",", items) + "]\r\n");
        }
        m = CMDLET.matcher(body);
        if (!m.matches()) {
            throw new AssertionError("the fake does not know this script: " + body);
        }
        String cmdlet = m.group(1);
        Map<String, String> p = new LinkedHashMap<>();
        Matcher pm = PARAM.matcher(m.group(2));
        while (pm.find()) {
            p.put(pm.group(1), pm.group(3) != null ? unquote(pm.group(3)) : pm.group(2) == null ? "" : pm.group(2));
        }
        return cmdlet(cmdlet, p, s, timeout);
    }

    private CommandResult cmdlet(String cmdlet, Map<String, String> p, State s, Duration timeout) {
        switch (cmdlet) {
            case "Convert-VHD" -> {
                Path source = Path.of(p.get("Path"));
                Path target = Path.of(p.get("DestinationPath"));
                require(p.get("VHDType").equals("Dynamic"), "fake: only -VHDType Dynamic");
                DynamicVhd.Image image = readVhd(source, cmdlet);
                if (Files.exists(target)) {
                    // paraphrase
                    throw new PsError("Failed to convert the virtual disk. The file exists. (0x80070050)",
                            "InvalidOperation", "InvalidOperation,Microsoft.Vhd.PowerShell.Cmdlets.ConvertVhd");
                }
                writeVhd(target, image.size(), image.data());
                if (p.containsKey("DeleteSource")) {
                    delete(source);
                }
                return ok("");
            }
            case "Resize-VHD" -> {
                Path file = Path.of(p.get("Path"));
                long bytes = megabytes(p.get("SizeBytes"));
                DynamicVhd.Image image = readVhd(file, cmdlet);
                if (bytes < image.size()) {
                    // paraphrase
                    throw new PsError("Failed to resize the virtual disk. The size is smaller than the current size.",
                            "InvalidArgument", "InvalidParameter,Microsoft.Vhd.PowerShell.Cmdlets.ResizeVhd");
                }
                writeVhd(file, bytes, image.data());
                return ok("");
            }
            case "New-VM" -> {
                String name = p.get("Name");
                require(!s.vms.containsKey(name), "fake: a VM named " + name + " exists already (real Hyper-V would "
                        + "make a second one)");
                if (!s.switches.containsKey(p.get("SwitchName"))) {
                    // paraphrase
                    throw new PsError("Hyper-V was unable to find a virtual switch with name \"" + p.get("SwitchName")
                            + "\".", "InvalidArgument", "InvalidParameter,Microsoft.HyperV.PowerShell.Commands.NewVM");
                }
                Vm vm = new Vm();
                vm.id = UUID.nameUUIDFromBytes(name.getBytes()).toString().toUpperCase();
                vm.path = p.get("Path");
                vm.switchName = p.get("SwitchName");
                vm.memoryMb = megabytes(p.get("MemoryStartupBytes")) / (1024 * 1024);
                Path config = Path.of(vm.path, name, "Virtual Machines", vm.id + ".vmcx");
                try {
                    Files.createDirectories(config.getParent());
                    Files.write(config, new byte[] {0x01});
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                s.vms.put(name, vm);
                return ok("");
            }
            case "Set-VMMemory" -> {
                vm(s, p.get("VMName"), "SetVMMemory").dynamicMemory = Boolean.parseBoolean(p.get("DynamicMemoryEnabled")
                        .substring(1));
                return ok("");
            }
            case "Set-VMProcessor" -> {
                Vm vm = vm(s, p.get("VMName"), "SetVMProcessor");
                requireOff(vm, "SetVMProcessor");
                vm.cpus = Integer.parseInt(p.get("Count"));
                return ok("");
            }
            case "Set-VMDvdDrive" -> {
                vm(s, p.get("VMName"), "SetVMDvdDrive").dvd = p.get("Path");
                return ok("");
            }
            case "Add-VMHardDiskDrive" -> {
                Vm vm = vm(s, p.get("VMName"), "AddVMHardDiskDrive");
                readVhd(Path.of(p.get("Path")), cmdlet);
                vm.disks.add(p.get("Path"));
                return ok("");
            }
            case "Start-VM" -> {
                String name = p.get("Name");
                Vm vm = vm(s, name, "StartVM");
                if (vm.state.equals("Running")) {
                    return ok("WARNING: The virtual machine is already in the specified state.\r\n");
                }
                if (vm.state.equals("Saved")) {
                    Map<String, String> memory = readState(savedState(vm, name));
                    if (memory == null) {
                        // paraphrase
                        throw new PsError("'" + name + "' failed to start. Failed to restore virtual machine state. "
                                + "(Virtual machine ID " + vm.id + ")", "NotSpecified",
                                "Unspecified,Microsoft.HyperV.PowerShell.Commands.StartVM");
                    }
                    delete(savedState(vm, name));
                    vm.state = "Running";
                    vm.bootId = memory.get("bootId");
                    vm.lease = memory.get("lease");
                    vm.ipQueries = kvpDelayQueries; // the guest's KVP daemon was running all along
                    return ok("");
                }
                vm.state = "Running";
                vm.ipQueries = 0;
                vm.bootId = UUID.randomUUID().toString();
                s.bootCounter++;
                vm.lease = "172.25." + (80 + s.bootCounter % 16) + "." + (10 + s.bootCounter % 200);
                return ok("");
            }
            case "Save-VM" -> {
                String name = p.get("Name");
                Vm vm = vm(s, name, "SaveVM");
                if (vm.state.equals("Saved")) {
                    return ok("WARNING: The virtual machine is already in the specified state.\r\n");
                }
                if (!vm.state.equals("Running")) {
                    throw currentState("SaveVM");
                }
                if (hostDiskFull) {
                    // paraphrase; the Win32 text and code are Windows' own (ERROR_DISK_FULL)
                    throw new PsError("'" + name + "' could not save its state: There is not enough space on the disk. "
                            + "(0x80070070). (Virtual machine ID " + vm.id + ")", "NotSpecified",
                            "Unspecified,Microsoft.HyperV.PowerShell.Commands.SaveVM");
                }
                write(savedState(vm, name), STATE_MAGIC + "\nbootId=" + vm.bootId + "\nlease=" + vm.lease + "\n");
                vm.state = "Saved";
                vm.bootId = null;
                vm.lease = null;
                return ok("");
            }
            case "Remove-VMSavedState" -> {
                String name = p.get("VMName");
                Vm vm = vm(s, name, "RemoveVMSavedState");
                if (!vm.state.equals("Saved")) {
                    throw currentState("RemoveVMSavedState");
                }
                delete(savedState(vm, name));
                vm.state = "Off";
                return ok("");
            }
            case "Stop-VM" -> {
                Vm vm = vm(s, p.get("Name"), "StopVM");
                if (vm.state.equals("Saved")) {
                    throw currentState("StopVM"); // the driver discards a state with Remove-VMSavedState
                }
                if (vm.state.equals("Off")) {
                    return ok("WARNING: The virtual machine is already in the specified state.\r\n");
                }
                if (!p.containsKey("TurnOff") && guestIgnoresShutdown) {
                    return new CommandResult(List.of("powershell.exe"), -1, "", "", timeout, true);
                }
                vm.state = "Off";
                vm.lease = null;
                vm.bootId = null;
                return ok("");
            }
            case "Remove-VM" -> {
                Vm vm = vm(s, p.get("Name"), "RemoveVM");
                require(p.containsKey("Force"), "fake: Remove-VM without -Force would prompt");
                if (!vm.state.equals("Off")) {
                    // paraphrase
                    throw new PsError("Hyper-V could not delete the virtual machine: it is not turned off.",
                            "InvalidOperation", "InvalidState,Microsoft.HyperV.PowerShell.Commands.RemoveVM");
                }
                // Like Hyper-V: the configuration goes, the disks and the directory stay.
                delete(Path.of(vm.path, p.get("Name"), "Virtual Machines", vm.id + ".vmcx"));
                s.vms.remove(p.get("Name"));
                return ok("");
            }
            default -> throw new AssertionError("the fake does not implement " + cmdlet);
        }
    }

    /** What the KVP daemon has reported so far, as ConvertTo-Json -InputObject @(...) prints it. */
    private String addresses(Vm vm) {
        if (!vm.state.equals("Running")) {
            return "[]";
        }
        vm.ipQueries++;
        if (vm.ipQueries <= kvpDelayQueries) {
            return vm.ipQueries == 1 ? "[]" : "[\"fe80::215:5dff:fe00:107\",\"169.254.12.7\"]";
        }
        return "[\"" + vm.lease + "\",\"fe80::215:5dff:fe00:107\"]";
    }

    private static Vm vm(State s, String name, String cmd) {
        Vm vm = s.vms.get(name);
        if (vm == null) {
            // Hyper-V's own words.
            throw new PsError("Hyper-V was unable to find a virtual machine with name \"" + name + "\".",
                    "InvalidArgument", "InvalidParameter,Microsoft.HyperV.PowerShell.Commands." + cmd);
        }
        return vm;
    }

    private static void requireOff(Vm vm, String cmd) {
        if (!vm.state.equals("Off")) {
            throw currentState(cmd);
        }
    }

    private static PsError currentState(String cmd) {
        return new PsError("The operation cannot be performed while the virtual machine is in its current state.",
                "InvalidOperation", "InvalidState,Microsoft.HyperV.PowerShell.Commands." + cmd);
    }

    /** Where Hyper-V keeps a saved VM's memory and device state: next to its configuration. */
    static Path savedState(Vm vm, String name) {
        return Path.of(vm.path, name, "Virtual Machines", vm.id + ".vmrs");
    }

    /** The memory in a .vmrs this fake wrote, or null when the file is missing or not one. */
    private static Map<String, String> readState(Path file) {
        try {
            List<String> lines = Files.isRegularFile(file) ? Files.readAllLines(file) : List.of();
            if (lines.isEmpty() || !lines.get(0).equals(STATE_MAGIC)) {
                return null;
            }
            Map<String, String> memory = new LinkedHashMap<>();
            for (String line : lines.subList(1, lines.size())) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    memory.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
            return memory.containsKey("bootId") && memory.containsKey("lease") ? memory : null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static DynamicVhd.Image readVhd(Path file, String cmdlet) {
        try {
            return DynamicVhd.read(file);
        } catch (IOException e) {
            // paraphrase
            throw new PsError("The system cannot find the file specified or it is not a virtual hard disk: " + file
                    + " (" + e.getMessage() + ")", "ObjectNotFound", "ObjectNotFound," + cmdlet);
        }
    }

    private static void writeVhd(Path file, long size, byte[] data) {
        try {
            DynamicVhd.write(file, size, data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long megabytes(String value) {
        require(value.endsWith("MB"), "fake: sizes are written as NMB");
        return Long.parseLong(value.substring(0, value.length() - 2)) * 1024 * 1024;
    }

    private static void require(boolean ok, String why) {
        if (!ok) {
            throw new AssertionError(why);
        }
    }

    private static String unquote(String quoted) {
        String inner = quoted.startsWith("'") ? quoted.substring(1, quoted.length() - 1) : quoted;
        return inner.replace("''", "'");
    }

    private static CommandResult ok(String stdout) {
        return result(0, stdout, "");
    }

    private static CommandResult result(int exit, String out, String err) {
        return new CommandResult(List.of("powershell.exe"), exit, out, err, Duration.ZERO, false);
    }

    /** A terminating error as powershell.exe prints it on stderr. */
    private static final class PsError extends RuntimeException {
        PsError(String message, String category, String fullyQualifiedId) {
            super(message + "\r\n    + CategoryInfo          : " + category + "\r\n    + FullyQualifiedErrorId : "
                    + fullyQualifiedId + "\r\n");
        }
    }
}
