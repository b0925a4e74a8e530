package dev.jminikube.drivers.qemu;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The host's process table through {@link ProcessHandle}. A handle remembers its process's start time, and the JDK
 * checks it before it signals, so a number reused between the look and the signal is never hit.
 */
final class SystemProcessTable implements ProcessTable {

    @Override
    public Optional<Entry> find(long pid) {
        return ProcessHandle.of(pid).filter(SystemProcessTable::running).map(HandleEntry::new);
    }

    /**
     * Alive and not a zombie. A daemonized QEMU's parent is init, and where init reaps late (a container's or a
     * micro-VM's first process) a killed QEMU stays a zombie that the JDK calls alive: a VM killed while it was
     * being saved read as "still running".
     */
    static boolean running(ProcessHandle handle) {
        return handle.isAlive() && !isZombie(handle.pid());
    }

    /** Linux: the state letter after the command name in /proc/PID/stat is Z (or X, dead); false without /proc. */
    static boolean isZombie(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.ISO_8859_1);
            int end = stat.lastIndexOf(')');
            if (end < 0 || end + 2 >= stat.length()) {
                return false;
            }
            char state = stat.charAt(end + 2);
            return state == 'Z' || state == 'X';
        } catch (IOException | SecurityException e) {
            return false;
        }
    }

    private record HandleEntry(ProcessHandle handle) implements Entry {
        @Override
        public long pid() {
            return handle.pid();
        }

        @Override
        public Optional<List<String>> commandLine() {
            Optional<List<String>> argv = procCmdline(handle.pid()).or(() -> fromInfo(handle.info()));
            // Read by number: if the process died meanwhile, what was read may be its successor's.
            return handle.isAlive() ? argv : Optional.empty();
        }

        @Override
        public boolean isAlive() {
            return running(handle);
        }

        @Override
        public boolean awaitExit(Duration timeout) {
            try {
                handle.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                return true;
            } catch (TimeoutException | ExecutionException e) {
                return !running(handle);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return !running(handle);
            }
        }

        @Override
        public void terminate() {
            handle.destroy();
        }

        @Override
        public void kill() {
            handle.destroyForcibly();
        }
    }

    /**
     * Linux: the NUL-separated argv exactly as the process has it (the JDK's Info joins it with spaces, which
     * cannot be split back when a path has one). Empty where there is no /proc, or for a zombie (empty file).
     */
    static Optional<List<String>> procCmdline(long pid) {
        byte[] raw;
        try {
            raw = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
        return raw.length == 0 ? Optional.empty() : Optional.of(splitNulTerminated(raw));
    }

    static List<String> splitNulTerminated(byte[] raw) {
        List<String> argv = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= raw.length; i++) {
            if (i == raw.length || raw[i] == 0) {
                if (i > start || i < raw.length) {
                    argv.add(new String(raw, start, i - start, StandardCharsets.UTF_8));
                }
                start = i + 1;
            }
        }
        return argv;
    }

    /** macOS: the executable and its arguments as the JDK reads them (only for the user's own processes). */
    private static Optional<List<String>> fromInfo(ProcessHandle.Info info) {
        if (info.command().isEmpty() || info.arguments().isEmpty()) {
            return Optional.empty();
        }
        List<String> argv = new ArrayList<>();
        argv.add(info.command().get());
        argv.addAll(List.of(info.arguments().get()));
        return Optional.of(argv);
    }
}
