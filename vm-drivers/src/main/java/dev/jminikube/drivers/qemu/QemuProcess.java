package dev.jminikube.drivers.qemu;

import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import dev.jminikube.core.exec.ShellQuoting;
import dev.jminikube.drivers.LogTail;
import dev.jminikube.drivers.MachinePaths;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The QEMU process of one machine, found through its pidfile so it is known after the CLI that started it has
 * exited. A pid only counts if a process lives under it and its command line is this machine's QEMU
 * ({@link QemuCommandLine#isThisMachines}): after a crash or a reboot the number may belong to anything by now, and
 * a process that is not verified is never signalled. A pidfile naming anything else is stale.
 */
final class QemuProcess {
    private final MachinePaths paths;
    private final ProcessTable processes;

    QemuProcess(MachinePaths paths, ProcessTable processes) {
        this.paths = paths;
        this.processes = processes;
    }

    /** This machine's running QEMU, verified; empty when the pidfile is missing, stale or names another process. */
    Optional<ProcessTable.Entry> find() {
        return readPid().flatMap(processes::find).filter(this::isOurs);
    }

    private Optional<Long> readPid() {
        try {
            return Optional.of(Long.parseLong(Files.readString(paths.pidFile(), StandardCharsets.US_ASCII).strip()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * Our QEMU runs as this user, whose processes' arguments the OS always shows; a process whose arguments are
     * hidden is someone else's, so not ours.
     */
    private boolean isOurs(ProcessTable.Entry process) {
        return process.commandLine().map(argv -> QemuCommandLine.isThisMachines(argv, paths)).orElse(false);
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

    /** SIGKILL to this machine's verified QEMU, then wait for it to be gone; the stale files go too. */
    void kill() {
        find().ifPresent(QemuProcess::killAndWait);
        cleanStale();
    }

    /**
     * Ends a QEMU whose monitor does not answer: SIGTERM (QEMU flushes its disk images and exits), SIGKILL if it is
     * still there after {@code patience}.
     */
    static void terminate(ProcessTable.Entry process, Duration patience) {
        process.terminate();
        if (!process.awaitExit(patience)) {
            killAndWait(process);
        }
    }

    static void killAndWait(ProcessTable.Entry process) {
        process.kill();
        if (!process.awaitExit(Duration.ofSeconds(15))) {
            throw new JmkException(Reason.DRIVER_FAILED, "QEMU process " + process.pid() + " survived SIGKILL", null,
                    "$ kill -9 " + process.pid(), null);
        }
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
