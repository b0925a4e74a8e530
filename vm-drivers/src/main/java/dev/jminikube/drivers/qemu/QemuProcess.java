package dev.jminikube.drivers.qemu;

import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import dev.jminikube.core.exec.ShellQuoting;
import dev.jminikube.drivers.LogTail;
import dev.jminikube.drivers.MachinePaths;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The QEMU process of one machine, found through its pidfile so it is known after the CLI that started
 * it has exited. A pid only counts if the process is alive and its command line names this machine's
 * directory: after a crash the pid may belong to some unrelated process by now.
 */
final class QemuProcess {
    private final MachinePaths paths;

    QemuProcess(MachinePaths paths) {
        this.paths = paths;
    }

    Optional<ProcessHandle> find() {
        Optional<Long> pid = readPid();
        if (pid.isEmpty()) {
            return Optional.empty();
        }
        return ProcessHandle.of(pid.get()).filter(ProcessHandle::isAlive).filter(this::isOurs);
    }

    private Optional<Long> readPid() {
        try {
            return Optional.of(Long.parseLong(Files.readString(paths.pidFile(), StandardCharsets.US_ASCII).strip()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private boolean isOurs(ProcessHandle handle) {
        String dir = paths.dir().toString();
        Optional<String> cmdline = handle.info().arguments().map(a -> String.join(" ", a))
                .or(() -> handle.info().commandLine()).or(() -> procCmdline(handle.pid()));
        // Where the OS hides other processes' arguments, a live QMP socket is the best evidence left.
        return cmdline.map(c -> c.contains(dir)).orElseGet(() -> Files.exists(paths.qmpSocket()));
    }

    private static Optional<String> procCmdline(long pid) {
        try {
            byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
            return Optional.of(new String(raw, StandardCharsets.UTF_8).replace('\0', ' '));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * Runs QEMU with -daemonize: the parent returns once the VM is set up (or failed to be), leaving the
     * daemon running on its own session. Its stderr (option errors, ports in use) goes to qemu.log.
     */
    void launch(List<String> argv) {
        String command = ShellQuoting.join(argv);
        try {
            Files.writeString(paths.qemuLog(), "# " + Instant.now() + "\n$ " + command + "\n", StandardCharsets.UTF_8);
            Process parent = new ProcessBuilder(argv).directory(paths.dir().toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(nullDevice()))
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(paths.qemuLog().toFile()))
                    .redirectError(ProcessBuilder.Redirect.appendTo(paths.qemuLog().toFile()))
                    .start();
            if (!parent.waitFor(2, TimeUnit.MINUTES)) {
                parent.destroyForcibly();
                throw failed("QEMU did not finish starting within 2 minutes", command);
            }
            if (parent.exitValue() != 0) {
                throw failed("QEMU exited with status " + parent.exitValue() + " while starting", command);
            }
        } catch (IOException e) {
            throw new JmkException(Reason.DRIVER_FAILED, "cannot run QEMU: " + e.getMessage(), null, "$ " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JmkException(Reason.DRIVER_FAILED, "interrupted while starting QEMU", e);
        }
        if (find().isEmpty()) {
            throw failed("QEMU reported success but no live process is recorded in " + paths.pidFile(), command);
        }
    }

    private JmkException failed(String message, String command) {
        return new JmkException(Reason.DRIVER_FAILED, message, null,
                "$ " + command + "\n" + LogTail.of(paths.qemuLog(), 20), null);
    }

    private static java.io.File nullDevice() {
        return new java.io.File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }

    /** True once the process has exited, waiting at most {@code timeout}. */
    static boolean waitForExit(ProcessHandle handle, Duration timeout) {
        try {
            handle.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            return !handle.isAlive();
        } catch (java.util.concurrent.ExecutionException e) {
            return !handle.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !handle.isAlive();
        }
    }

    /** SIGKILL, then wait for the process to be gone. */
    void kill() {
        find().ifPresent(h -> {
            h.destroyForcibly();
            if (!waitForExit(h, Duration.ofSeconds(15))) {
                throw new JmkException(Reason.DRIVER_FAILED, "QEMU process " + h.pid() + " survived SIGKILL", null,
                        "$ kill -9 " + h.pid(), null);
            }
        });
        cleanStale();
    }

    /** Removes the pidfile and socket a dead QEMU left (it deletes the pidfile itself only on a clean exit). */
    void cleanStale() {
        if (find().isPresent()) {
            return;
        }
        try {
            Files.deleteIfExists(paths.pidFile());
            Files.deleteIfExists(paths.qmpSocket());
        } catch (IOException e) {
            throw new JmkException(Reason.HOST_HOME_NOT_WRITABLE, "cannot remove stale files in " + paths.dir() + ": "
                    + e.getMessage(), e);
        }
    }
}
