package dev.jminikube.drivers.vmware;

import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stateful vmrun: {@code -T ws|fusion} then start/stop/list/getGuestIPAddress/deleteVM, the running VMs
 * kept in {@code vmrun.json} in a directory so separate driver instances see them. Like vmrun it prints
 * errors on stdout as {@code Error: ...} and exits 255; "not powered on" and "Cannot open VM" are its
 * words, the deleteVM-while-running text is a paraphrase. It reads the .vmx it is given and refuses one
 * whose disk or ISO is missing. Addresses are 192.168.x (vmnet8) and nobody's: nothing connects to them.
 *
 * <p>The guest's "memory" is a boot id (new at each cold boot) and its address. {@code suspend VMX soft|hard}
 * writes it to {@code <name>.vmss} (with a {@code .vmem}) next to the .vmx, records the file in the .vmx as
 * {@code checkpoint.vmState} (VMware's own key) and takes the VM out of {@code list}; {@code start} of such a VM
 * resumes it (same boot id and address, the tools answering at once) and clears both, or, when the .vmss is
 * not one it wrote, fails and leaves the VM suspended. Suspending a VM that is not powered on fails as vmrun
 * does; {@link #hostDiskFull} fails the suspend and the VM runs on; {@link #suspendInterrupted} makes vmrun die
 * half-way (the VM process gone, half a .vmss, no checkpoint). The texts of those failures are paraphrases.
 */
final class FakeVmrun implements VmwareTool {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String USAGE = "\nvmrun version 1.17.0 build-21139696\n\nUsage: vmrun [AUTHENTICATION-FLAGS] COMMAND [PARAMETERS]\n";

    public static final class State {
        public Map<String, Integer> running = new LinkedHashMap<>();
        public int boots;
        /** The running guests' boot ids, by .vmx. */
        public Map<String, String> bootIds = new LinkedHashMap<>();
        /** The address each running guest got (kept in its .vmss while suspended). */
        public Map<String, String> addresses = new LinkedHashMap<>();
    }

    static final String VMSS_MAGIC = "FAKE-VMWARE-VMSS-1";
    static final String VMSS_END = "end-of-state";

    private final Path dir;
    final List<List<String>> calls = new ArrayList<>();
    String usage = USAGE;
    /** getGuestIPAddress -wait answers this many times with a link-local address first. */
    int linkLocalAnswers = 1;
    boolean guestIgnoresSoftStop;
    /** The file system of the VM's directory is full: suspend cannot write the .vmss. */
    boolean hostDiskFull;
    /** The next suspend dies half-way (host trouble): the VM process is gone, half a .vmss is left. */
    boolean suspendInterrupted;

    FakeVmrun(Path dir) {
        this.dir = dir;
    }

    State state() {
        Path f = dir.resolve("vmrun.json");
        try {
            return Files.exists(f) ? JSON.readValue(f.toFile(), State.class) : new State();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void save(State s) {
        try {
            Files.createDirectories(dir);
            JSON.writeValue(dir.resolve("vmrun.json").toFile(), s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized CommandResult run(List<String> args, Duration timeout) {
        calls.add(List.copyOf(args));
        if (args.isEmpty()) {
            return result(255, usage);
        }
        if (args.size() < 3 || !args.get(0).equals("-T") || !List.of("ws", "fusion", "player").contains(args.get(1))) {
            return result(255, "Error: Unrecognized host type or command\n");
        }
        State s = state();
        String command = args.get(2);
        List<String> rest = args.subList(3, args.size());
        CommandResult r = switch (command) {
            case "list" -> {
                StringBuilder sb = new StringBuilder("Total running VMs: " + s.running.size() + "\n");
                s.running.keySet().forEach(v -> sb.append(v).append('\n'));
                yield result(0, sb.toString());
            }
            case "start" -> start(s, rest);
            case "stop" -> stop(s, rest, timeout);
            case "suspend" -> suspend(s, rest, timeout);
            case "getGuestIPAddress" -> ip(s, rest);
            case "deleteVM" -> delete(s, rest);
            default -> throw new AssertionError("the fake does not implement vmrun " + command);
        };
        save(s);
        return r;
    }

    private CommandResult start(State s, List<String> rest) {
        String vmx = rest.get(0);
        if (!rest.equals(List.of(vmx, "nogui"))) {
            throw new AssertionError("the driver starts headless: " + rest);
        }
        String problem = cannotOpen(vmx);
        if (problem != null) {
            return result(255, problem);
        }
        if (s.running.containsKey(vmx)) {
            return result(0, "");
        }
        Path vmxPath = Path.of(vmx);
        try {
            return start(s, vmx, vmxPath, value(vmxPath, "checkpoint.vmState"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private CommandResult start(State s, String vmx, Path vmxPath, String checkpoint) throws IOException {
        if (checkpoint != null && !checkpoint.isEmpty()) {
            Map<String, String> memory = readVmss(vmxPath.resolveSibling(checkpoint));
            if (memory == null) {
                // paraphrase; the VM stays suspended
                return result(255, "Error: Cannot open VM: " + vmx + ", The suspended state in '" + checkpoint
                        + "' could not be restored: the file is corrupt\n");
            }
            s.running.put(vmx, linkLocalAnswers); // the tools were running all along
            s.bootIds.put(vmx, memory.get("bootId"));
            s.addresses.put(vmx, memory.get("address"));
            deleteState(vmxPath);
            append(vmxPath.resolveSibling("vmware.log"), "fake vmware: resumed from " + checkpoint + "\n");
            return result(0, "");
        }
        s.boots++;
        s.running.put(vmx, 0);
        s.bootIds.put(vmx, java.util.UUID.randomUUID().toString());
        s.addresses.put(vmx, "192.168." + (100 + s.boots % 50) + "." + (128 + s.boots % 100));
        append(vmxPath.resolveSibling("vmware.log"), "fake vmware: powered on\n");
        return result(0, "");
    }

    /** Writes the guest's memory to the .vmss, then names it in the .vmx, as VMware marks a finished suspend. */
    private CommandResult suspend(State s, List<String> rest, Duration timeout) {
        String vmx = rest.get(0);
        if (rest.size() != 2 || !List.of("soft", "hard").contains(rest.get(1))) {
            throw new AssertionError("the driver says soft or hard: " + rest);
        }
        if (!s.running.containsKey(vmx)) {
            return result(255, "Error: The virtual machine is not powered on: " + vmx + "\n");
        }
        Path vmxPath = Path.of(vmx);
        String name = vmxPath.getFileName().toString().replaceAll("\\.vmx$", "");
        Path vmss = vmxPath.resolveSibling(name + ".vmss");
        String state = VMSS_MAGIC + "\nbootId=" + s.bootIds.get(vmx) + "\naddress=" + s.addresses.get(vmx) + "\n";
        try {
            Files.writeString(vmss, state);
            Files.write(vmxPath.resolveSibling(name + ".vmem"), new byte[4096]);
            if (suspendInterrupted) {
                suspendInterrupted = false;
                forget(s, vmx);
                return new CommandResult(List.of("vmrun"), -1, "", "", timeout, true);
            }
            if (hostDiskFull) {
                deleteState(vmxPath);
                // paraphrase
                return result(255, "Error: Failed to suspend the virtual machine: No space left on device\n");
            }
            Files.writeString(vmss, state + VMSS_END + "\n");
            setValue(vmxPath, "checkpoint.vmState", vmss.getFileName().toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        forget(s, vmx);
        return result(0, "");
    }

    private static void forget(State s, String vmx) {
        s.running.remove(vmx);
        s.bootIds.remove(vmx);
        s.addresses.remove(vmx);
    }

    /** The memory in a .vmss this fake finished writing, or null. */
    private static Map<String, String> readVmss(Path vmss) {
        try {
            List<String> lines = Files.isRegularFile(vmss) ? Files.readAllLines(vmss) : List.of();
            if (lines.size() < 2 || !lines.get(0).equals(VMSS_MAGIC) || !lines.get(lines.size() - 1).equals(VMSS_END)) {
                return null;
            }
            Map<String, String> memory = new LinkedHashMap<>();
            for (String line : lines.subList(1, lines.size() - 1)) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    memory.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
            return memory.containsKey("bootId") && memory.containsKey("address") ? memory : null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes the .vmss and .vmem and clears the checkpoint key, as VMware does once it resumed from them. */
    private static void deleteState(Path vmx) throws IOException {
        String name = vmx.getFileName().toString().replaceAll("\\.vmx$", "");
        Files.deleteIfExists(vmx.resolveSibling(name + ".vmss"));
        Files.deleteIfExists(vmx.resolveSibling(name + ".vmem"));
        if (value(vmx, "checkpoint.vmState") != null) {
            setValue(vmx, "checkpoint.vmState", "");
        }
    }

    /** Sets {@code key = "value"} in a .vmx, adding the line if it is not there. */
    static void setValue(Path vmx, String key, String value) throws IOException {
        String text = Files.readString(vmx);
        String line = key + " = \"" + value + "\"";
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(key) + " = \"[^\"]*\"$").matcher(text);
        String updated = m.find() ? m.replaceFirst(Matcher.quoteReplacement(line))
                : text + (text.endsWith("\n") ? "" : "\n") + line + "\n";
        Files.writeString(vmx, updated);
    }

    private CommandResult stop(State s, List<String> rest, Duration timeout) {
        String vmx = rest.get(0);
        if (!s.running.containsKey(vmx)) {
            return result(255, "Error: The virtual machine is not powered on: " + vmx + "\n");
        }
        if (rest.size() > 1 && rest.get(1).equals("soft") && guestIgnoresSoftStop) {
            return new CommandResult(List.of("vmrun"), -1, "", "", timeout, true);
        }
        forget(s, vmx);
        return result(0, "");
    }

    private CommandResult ip(State s, List<String> rest) {
        String vmx = rest.get(0);
        if (!s.running.containsKey(vmx)) {
            return result(255, "Error: The virtual machine is not powered on: " + vmx + "\n");
        }
        int asked = s.running.get(vmx);
        boolean wait = rest.contains("-wait");
        if (!wait && asked == 0) {
            return result(255, "Error: The VMware Tools are not running in the virtual machine: " + vmx + "\n");
        }
        s.running.put(vmx, asked + 1);
        if (asked < linkLocalAnswers) {
            return result(0, "169.254.33.7\n");
        }
        return result(0, s.addresses.get(vmx) + "\n");
    }

    private CommandResult delete(State s, List<String> rest) {
        String vmx = rest.get(0);
        if (s.running.containsKey(vmx)) {
            return result(255, "Error: The virtual machine is in use: " + vmx + "\n"); // paraphrase
        }
        String problem = cannotOpen(vmx);
        if (problem != null) {
            return result(255, problem);
        }
        // Like VMware: the VM's own files go (vmx, its disk, logs); others in the directory stay.
        Path vmxPath = Path.of(vmx);
        try {
            deleteState(vmxPath);
            for (String file : List.of(value(vmxPath, "scsi0:0.fileName"), "vmware.log", vmxPath.getFileName().toString())) {
                Path p = vmxPath.resolveSibling(file);
                if (file.endsWith(".vmdk")) {
                    FakeVdiskManager.deleteDisk(p);
                } else {
                    Files.deleteIfExists(p);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return result(0, "");
    }

    private static String cannotOpen(String vmx) {
        if (!vmx.endsWith(".vmx")) {
            return "Error: Cannot open VM: " + vmx + ", unknown file suffix\n";
        }
        Path path = Path.of(vmx);
        if (!Files.isRegularFile(path)) {
            return "Error: Cannot open VM: " + vmx + ", The virtual machine cannot be found\n";
        }
        try {
            String disk = value(path, "scsi0:0.fileName");
            String iso = value(path, "ide1:0.fileName");
            if (disk == null || !Files.isRegularFile(path.resolveSibling(disk))) {
                return "Error: Cannot open VM: " + vmx + ", Cannot open the disk '" + disk + "'\n"; // paraphrase
            }
            if (iso == null || !Files.isRegularFile(Path.of(iso))) {
                return "Error: Cannot open VM: " + vmx + ", Cannot connect the CD-ROM image '" + iso + "'\n"; // paraphrase
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return null;
    }

    /** One key of a .vmx ({@code key = "value"}). */
    static String value(Path vmx, String key) throws IOException {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(key) + " = \"([^\"]*)\"$").matcher(Files.readString(vmx));
        return m.find() ? m.group(1).replace("|22", "\"").replace("|7C", "|") : null;
    }

    private static void append(Path file, String text) {
        try {
            Files.writeString(file, text, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static CommandResult result(int exit, String stdout) {
        return new CommandResult(List.of("vmrun"), exit, stdout, "", Duration.ZERO, false);
    }
}
