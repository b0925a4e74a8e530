package dev.jminikube.drivers.virtualbox.fake;

import dev.jminikube.core.exec.EmbeddedSshServer;
import dev.jminikube.drivers.qemu.SeedDisk;
import java.io.Closeable;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The VM process of the fake VirtualBox: one JVM per running VM, detached from whoever ran startvm. It does
 * what the node image and VirtualBox's NAT engine do as far as the host can see:
 * <ul>
 *   <li>on first boot it finds the boot2docker-style seed at the start of its hard disk (a tar whose first
 *       member is {@value SeedDisk#MAGIC}), takes {@code .ssh/authorized_keys} from it and "formats" the disk
 *       (overwrites the seed); later boots find the formatted disk and keep the key they stored;</li>
 *   <li>for each NAT rule it listens on 127.0.0.1:hostport: guest port 22 is an SSH server admitting that key
 *       and running commands with {@code sh -c} in the guest's directory; other ports accept and close, as
 *       VirtualBox's NAT does when nothing in the guest listens;</li>
 *   <li>it follows live rule changes (controlvm natpf1), and the ACPI power button: it shuts down after
 *       {@link #ACPI_SHUTDOWN} and says it did so cleanly;</li>
 *   <li>its "memory" is a boot id, new at each cold boot, that SSH shows as
 *       {@code /proc/sys/kernel/random/boot_id}; savestate makes it write that memory to the {@code .sav} VirtualBox
 *       names and exit, and a startvm of the saved VM restores it from there, so a resumed guest reports the same
 *       boot id and a cold-booted one a new id. A {@code .sav} it cannot load (not one of its own, cut short)
 *       makes it fail with VirtualBox's saved-state error and exit before it runs.</li>
 * </ul>
 * It exits by itself when its session disappears (the test's directory was deleted) or after {@link #MAX_LIFE}.
 */
public final class FakeGuest {
    static final Duration ACPI_SHUTDOWN = Duration.ofMillis(300);
    static final Duration MAX_LIFE = Duration.ofMinutes(30);
    /** What the guest writes over the seed when it formats its disk. */
    static final String FILESYSTEM_MAGIC = "JMKFAKEFS1\n";
    /** The first line of a fake saved state; the last line is {@link #STATE_END}, so a cut-short file shows. */
    static final String STATE_MAGIC = "FAKEVBOX-SSM-1";
    static final String STATE_END = "end-of-state";
    /** Where the real guest's kernel shows its boot id; SSH commands naming it see this guest's one. */
    static final String BOOT_ID_PATH = "/proc/sys/kernel/random/boot_id";
    /** Test switches in $VBOX_USER_HOME: the host disk is full (a save fails), the VM process dies mid-save. */
    static final String DISK_FULL_SWITCH = "fake-host-disk-full";
    static final String DIE_WHILE_SAVING_SWITCH = "fake-vm-dies-while-saving";
    private static final int POLL_MS = 100;

    /** A VM process that startvm launched. */
    record Started(Process process, Path log, Path ready) {
    }

    private final long startNanos = System.nanoTime();
    private final Path logFile;

    private FakeGuest(Path logFile) {
        this.logFile = logFile;
    }

    // ---- the side of VBoxManage --------------------------------------------------------------------

    static Started launch(Path home, String vmUuid, Path log) throws IOException {
        // The VM's UUID comes first: the JDK reads only the first page of /proc/PID/cmdline, and a test classpath
        // is longer than that, so alive() would never see arguments after it.
        List<String> cmd = List.of(FakeVBoxManage.javaExecutable(), "-Dfakevbox.vm=" + vmUuid, "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-Xmx96m", "-cp", System.getProperty("java.class.path"),
                FakeGuest.class.getName(), home.toString(), vmUuid);
        Files.createDirectories(log.getParent());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        p.getOutputStream().close();
        return new Started(p, log, new FakeSession(home, vmUuid).ready());
    }

    /** Null once the guest is up; else how it ended ("with exit code 1 (0x1)"). */
    static String awaitReady(Started started, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(started.ready())) {
                return null;
            }
            if (!started.process().isAlive()) {
                int code = started.process().exitValue();
                return "with exit code " + code + " (0x" + Integer.toHexString(code) + ")";
            }
            sleep(50);
        }
        return "(no sign of life within " + timeout.toSeconds() + "s)";
    }

    /** Alive and ours: PIDs get reused, so the command line must name the VM; a zombie is dead. */
    /**
     * Writes a file another process polls for: whole or not at all (a plain write lets the poller see the file
     * empty between its creation and its content, which read as a failed save once in a CI run).
     */
    private static void publish(Path file, String content) throws IOException {
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        Files.writeString(partial, content);
        Files.move(partial, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    static boolean alive(long pid, String vmUuid) {
        Optional<ProcessHandle> h = ProcessHandle.of(pid);
        if (h.isEmpty() || !h.get().isAlive() || zombie(pid)) {
            return false;
        }
        return h.get().info().commandLine().map(c -> c.contains(vmUuid)).orElse(true);
    }

    static void kill(long pid, String vmUuid) {
        if (pid <= 0 || !alive(pid, vmUuid)) {
            return;
        }
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (alive(pid, vmUuid) && System.nanoTime() < deadline) {
            sleep(20);
        }
    }

    /** Linux keeps an exited child of a dead parent as a zombie until init reaps it. */
    private static boolean zombie(long pid) {
        Path stat = Path.of("/proc", Long.toString(pid), "stat");
        try {
            String s = Files.readString(stat);
            int close = s.lastIndexOf(')');
            return close > 0 && close + 2 < s.length() && s.charAt(close + 2) == 'Z';
        } catch (IOException e) {
            return false; // no /proc (macOS), or it just went away; isAlive() decides
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    // ---- the VM process ----------------------------------------------------------------------------

    public static void main(String[] args) throws Exception {
        Path home = Path.of(args[0]);
        FakeSession session = new FakeSession(home, args[1]);
        FakeSession.Boot boot = FakeRegistry.fromJson(session.boot(), FakeSession.Boot.class);
        FakeGuest guest = new FakeGuest(Path.of(boot.log));
        int exit;
        try {
            exit = guest.run(home, session, boot);
        } catch (Throwable t) {
            StringWriter trace = new StringWriter();
            t.printStackTrace(new PrintWriter(trace));
            guest.log("Guru Meditation: the fake guest failed: " + trace);
            exit = 1;
        }
        System.exit(exit);
    }

    private int run(Path home, FakeSession session, FakeSession.Boot boot) throws IOException {
        log("VirtualBox VM " + FakeVBoxManage.VERSION.replace("r", " r") + " linux.amd64 release log (fake VirtualBox,"
                + " pid " + ProcessHandle.current().pid() + ")");
        log("VM: " + boot.vmName + " {" + boot.vmUuid + "}");
        log(boot.dvd == null ? "DVD: empty" : "DVD: " + boot.dvd + " (the fake does not boot it)");
        Path root = boot.fsDir == null ? null : Path.of(boot.fsDir).resolve("root");
        Path authorizedKeys = root == null ? null : root.resolve(".ssh").resolve("authorized_keys");
        String bootId;
        if (boot.restoreFrom != null) {
            Map<String, String> memory = new HashMap<>();
            String problem = loadState(Path.of(boot.restoreFrom), boot.vmUuid, memory);
            if (problem != null) {
                publish(session.restoreFailure(), problem + "\n");
                log("SSM: " + problem);
                log("VM: the saved state could not be restored; the VM process exits");
                return 1;
            }
            bootId = memory.get("bootId");
            log("SSM: restored the saved state from " + boot.restoreFrom + "; the guest continues");
        } else {
            bootId = java.util.UUID.randomUUID().toString();
            if (boot.disk == null) {
                log("No hard disk attached: nothing to log in with");
            } else {
                Files.createDirectories(root);
                prepareDisk(Path.of(boot.disk), authorizedKeys);
            }
        }
        Files.createDirectories(session.bootId().getParent());
        publish(session.bootId(), bootId + "\n");
        NatEngine nat = new NatEngine(authorizedKeys, root, session.bootId());
        try {
            nat.apply(boot.natRules);
            publish(session.ready(), "up\n");
            FileTime rulesSeen = Files.getLastModifiedTime(session.natRules());
            while (true) {
                sleep(POLL_MS);
                if (!Files.exists(session.boot()) || Duration.ofNanos(System.nanoTime() - startNanos).compareTo(MAX_LIFE) > 0) {
                    log("Session gone or lifetime over: the VM process exits");
                    return 0;
                }
                if (Files.exists(session.saveRequest())) {
                    Path target = Path.of(Files.readString(session.saveRequest()).strip());
                    Files.delete(session.saveRequest());
                    if (saveState(home, target, boot.vmUuid, bootId)) {
                        nat.close();
                        publish(session.saveResult(), "saved\n");
                        log("SSM: state saved to " + target + "; the VM process exits");
                        return 0;
                    }
                    publish(session.saveResult(), "VERR_DISK_FULL\n");
                    continue;
                }
                if (Files.exists(session.acpiButton())) {
                    log("ACPI: power button pressed; the guest shuts down");
                    sleep(ACPI_SHUTDOWN.toMillis());
                    nat.close();
                    publish(session.cleanShutdown(), "powered off by the guest\n");
                    log("Guest powered the VM off (ACPI)");
                    return 0;
                }
                FileTime now = Files.getLastModifiedTime(session.natRules());
                if (!now.equals(rulesSeen)) {
                    rulesSeen = now;
                    nat.apply(Files.readAllLines(session.natRules()));
                }
            }
        } finally {
            nat.close();
        }
    }

    /**
     * Writes the guest's memory to {@code target}, as VirtualBox's SSM writes a .sav straight to its final name.
     * On a full disk it deletes what it wrote, as SSM does, and the guest goes on running (false).
     */
    private boolean saveState(Path home, Path target, String vmUuid, String bootId) throws IOException {
        String state = STATE_MAGIC + "\nvm=" + vmUuid + "\nbootId=" + bootId + "\n";
        Files.createDirectories(target.getParent());
        Files.writeString(target, state);
        if (Files.exists(home.resolve(DIE_WHILE_SAVING_SWITCH))) {
            log("SSM: saving to " + target + " ... (the VM process is killed half-way)");
            Runtime.getRuntime().halt(137);
        }
        if (Files.exists(home.resolve(DISK_FULL_SWITCH))) {
            Files.delete(target);
            log("SSM: failed to save the VM state to " + target + " (VERR_DISK_FULL); the guest goes on running");
            return false;
        }
        Files.writeString(target, state + STATE_END + "\n");
        return true;
    }

    /** Null when {@code file} is this VM's complete saved state (its values into {@code memory}); else SSM's error. */
    private static String loadState(Path file, String vmUuid, Map<String, String> memory) throws IOException {
        List<String> lines = Files.isRegularFile(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
        if (lines.isEmpty() || !lines.get(0).equals(STATE_MAGIC)) {
            return "Failed to load the saved state '" + file + "' (VERR_SSM_INTEGRITY_MAGIC)";
        }
        if (!lines.get(lines.size() - 1).equals(STATE_END)) {
            return "Failed to load unit 'pgm' from the saved state '" + file + "' (VERR_SSM_LOADED_TOO_LITTLE)";
        }
        for (String line : lines.subList(1, lines.size() - 1)) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                memory.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        if (!vmUuid.equals(memory.get("vm")) || memory.get("bootId") == null) {
            return "Failed to load the saved state '" + file + "' (VERR_SSM_LOAD_CONFIG_MISMATCH)";
        }
        return null;
    }

    /** The node image's first-boot logic as far as the host sees it: take the key from the seed, format the disk. */
    private void prepareDisk(Path disk, Path authorizedKeys) throws IOException {
        byte[] data = FakeMediumFile.readData(disk, 1024 * 1024);
        if (new String(data, 0, FILESYSTEM_MAGIC.length(), StandardCharsets.US_ASCII).equals(FILESYSTEM_MAGIC)) {
            log("Data disk: formatted on an earlier boot; mounted");
            return;
        }
        Map<String, byte[]> tar = readTar(data);
        if (tar.isEmpty() || !tar.keySet().iterator().next().equals(SeedDisk.MAGIC)) {
            log("Data disk: neither a seed nor a filesystem; left alone");
            return;
        }
        // A first boot makes new host keys, as the node image does: none of an earlier disk survives formatting.
        Files.deleteIfExists(hostKeyFile(authorizedKeys.getParent().getParent()));
        byte[] keys = tar.get(".ssh/authorized_keys");
        if (keys != null) {
            Files.createDirectories(authorizedKeys.getParent());
            Files.write(authorizedKeys, keys);
        }
        byte[] formatted = Arrays.copyOf(FILESYSTEM_MAGIC.getBytes(StandardCharsets.US_ASCII), 16 * 1024);
        FakeMediumFile.writeData(disk, formatted);
        log("Data disk: found the seed (" + (keys == null ? "no authorized_keys" : "authorized_keys taken") + "); formatted");
    }

    /**
     * The guest's SSH host key, made at first boot and kept on its disk like the node image's: the same key at every
     * later boot and on every forwarded port, so a host key pinned at first contact stays valid.
     */
    static Path hostKeyFile(Path root) {
        return root.resolve(".ssh").resolve("ssh_host_ecdsa_key");
    }

    /** The members of a ustar archive at the start of {@code data}, in order (name -> content). */
    static Map<String, byte[]> readTar(byte[] data) {
        Map<String, byte[]> members = new java.util.LinkedHashMap<>();
        int off = 0;
        while (off + 512 <= data.length && data[off] != 0) {
            String name = field(data, off, 100);
            String sizeField = field(data, off + 124, 12).strip();
            long size = sizeField.isEmpty() ? 0 : Long.parseLong(sizeField, 8);
            char type = (char) data[off + 156];
            int start = off + 512;
            if (start + size > data.length) {
                break;
            }
            if (type == '0' || type == 0) {
                members.put(name, Arrays.copyOfRange(data, start, (int) (start + size)));
            } else {
                members.put(name, new byte[0]);
            }
            off = start + (int) ((size + 511) / 512 * 512);
        }
        return members;
    }

    private static String field(byte[] data, int off, int len) {
        int end = off;
        while (end < off + len && data[end] != 0) {
            end++;
        }
        return new String(data, off, end - off, StandardCharsets.US_ASCII);
    }

    private synchronized void log(String message) {
        long micros = (System.nanoTime() - startNanos) / 1000;
        String stamp = String.format("%02d:%02d:%02d.%06d", micros / 3_600_000_000L, micros / 60_000_000 % 60,
                micros / 1_000_000 % 60, micros % 1_000_000);
        try {
            Files.writeString(logFile, stamp + " " + message + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException ignored) {
            // The log went away with the VM's folder; nothing to tell.
        }
    }

    /** VirtualBox's NAT port forwarding, on 127.0.0.1 only. */
    private final class NatEngine implements Closeable {
        private final Path authorizedKeys;
        private final Path root;
        private final Path bootIdFile;
        private final Map<String, Closeable> listeners = new HashMap<>();

        /**
         * How a command sent to this guest runs on the host: the boot id is this guest's, and setting the clock (as
         * start does after a resume) must never reach the host's clock, so it succeeds without doing anything.
         */
        private String guestView(String command) {
            if (command.startsWith("date -u -s ")) {
                return "true";
            }
            return command.replace(BOOT_ID_PATH, bootIdFile.toString());
        }

        NatEngine(Path authorizedKeys, Path root, Path bootIdFile) {
            this.authorizedKeys = authorizedKeys;
            this.root = root;
            this.bootIdFile = bootIdFile;
        }

        void apply(List<String> rules) {
            for (String rule : new ArrayList<>(listeners.keySet())) {
                if (!rules.contains(rule)) {
                    closeQuietly(listeners.remove(rule));
                    log("NAT: removed redirect " + rule);
                }
            }
            for (String rule : rules) {
                if (!rule.isBlank() && !listeners.containsKey(rule)) {
                    open(rule);
                }
            }
        }

        private void open(String rule) {
            String[] f = rule.split(",", -1);
            int hostPort = Integer.parseInt(f[3]);
            int guestPort = Integer.parseInt(f[5]);
            if (!f[1].equals("tcp") || !(f[2].isEmpty() || f[2].equals("127.0.0.1"))) {
                log("NAT: not redirecting " + rule + " (this fake forwards TCP on 127.0.0.1 only)");
                return;
            }
            try {
                if (guestPort == 22 && authorizedKeys != null) {
                    Files.createDirectories(hostKeyFile(root).getParent());
                    EmbeddedSshServer ssh = EmbeddedSshServer.start(authorizedKeys, hostPort, root,
                            this::guestView, hostKeyFile(root));
                    listeners.put(rule, ssh::close);
                    log("NAT: set redirect TCP host 127.0.0.1:" + hostPort + " => guest 10.0.2.15:22 (sshd)");
                } else {
                    listeners.put(rule, new RefusingGuestPort(hostPort));
                    log("NAT: set redirect TCP host 127.0.0.1:" + hostPort + " => guest 10.0.2.15:" + guestPort);
                }
            } catch (IOException e) {
                log("NAT#0: failed to redirect TCP 127.0.0.1:" + hostPort + " -> 0.0.0.0:" + guestPort + " ("
                        + e.getMessage() + ")");
            }
        }

        @Override
        public void close() {
            listeners.values().forEach(FakeGuest::closeQuietly);
            listeners.clear();
        }
    }

    /** A forwarded port with nothing listening behind it in the guest: connections are accepted, then closed. */
    private static final class RefusingGuestPort implements Closeable {
        private final ServerSocket socket;

        RefusingGuestPort(int port) throws IOException {
            socket = new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
            Thread t = new Thread(() -> {
                while (!socket.isClosed()) {
                    try (Socket s = socket.accept()) {
                        s.setSoLinger(true, 0);
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "nat-" + port);
            t.setDaemon(true);
            t.start();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    private static void closeQuietly(Closeable c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // Going away anyway.
        }
    }
}
