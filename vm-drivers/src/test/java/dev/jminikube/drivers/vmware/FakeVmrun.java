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
 */
final class FakeVmrun implements VmwareTool {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String USAGE = "\nvmrun version 1.17.0 build-21139696\n\nUsage: vmrun [AUTHENTICATION-FLAGS] COMMAND [PARAMETERS]\n";

    public static final class State {
        public Map<String, Integer> running = new LinkedHashMap<>();
        public int boots;
    }

    private final Path dir;
    final List<List<String>> calls = new ArrayList<>();
    String usage = USAGE;
    /** getGuestIPAddress -wait answers this many times with a link-local address first. */
    int linkLocalAnswers = 1;
    boolean guestIgnoresSoftStop;

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
        if (!s.running.containsKey(vmx)) {
            s.boots++;
            s.running.put(vmx, 0);
            append(Path.of(vmx).resolveSibling("vmware.log"), "fake vmware: powered on\n");
        }
        return result(0, "");
    }

    private CommandResult stop(State s, List<String> rest, Duration timeout) {
        String vmx = rest.get(0);
        if (!s.running.containsKey(vmx)) {
            return result(255, "Error: The virtual machine is not powered on: " + vmx + "\n");
        }
        if (rest.size() > 1 && rest.get(1).equals("soft") && guestIgnoresSoftStop) {
            return new CommandResult(List.of("vmrun"), -1, "", "", timeout, true);
        }
        s.running.remove(vmx);
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
        return result(0, "192.168." + (100 + s.boots % 50) + "." + (128 + s.boots % 100) + "\n");
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
