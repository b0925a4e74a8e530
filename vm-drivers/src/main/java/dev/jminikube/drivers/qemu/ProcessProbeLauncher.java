package dev.jminikube.drivers.qemu;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Launches the probe as a real process and watches its output file. */
public final class ProcessProbeLauncher implements ProbeLauncher {

    @Override
    public ProbeRun run(List<String> argv, Path output, String marker, Duration timeout) {
        Path stderrFile = output.resolveSibling(output.getFileName() + ".stderr");
        Process process;
        try {
            Files.deleteIfExists(output);
            process = new ProcessBuilder(selfLimited(argv, timeout, TIMEOUT_TOOL)).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(stderrFile.toFile()).start();
        } catch (IOException e) {
            return new ProbeRun(false, true, e.getMessage());
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (System.nanoTime() < deadline) {
                if (contains(output, marker)) {
                    return new ProbeRun(true, false, "");
                }
                if (!process.isAlive()) {
                    return new ProbeRun(contains(output, marker), true, read(stderrFile));
                }
                Thread.sleep(100);
            }
            return new ProbeRun(contains(output, marker), false, read(stderrFile));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ProbeRun(false, false, "interrupted");
        } finally {
            // The probe runs under timeout (see selfLimited): killing only that wrapper would orphan the QEMU.
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            try {
                process.waitFor();
                Files.deleteIfExists(stderrFile);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException ignored) {
                // A leftover stderr file in the cache directory is harmless.
            }
        }
    }

    /** coreutils' timeout, where the host has it (every Linux with coreutils). */
    private static final Path TIMEOUT_TOOL = Path.of("/usr/bin/timeout");

    /**
     * The probe under {@code timeout -s KILL}, a few seconds past our own deadline, when the host has the tool:
     * a probe VM that never runs (KVM that cannot run a guest) otherwise outlives a jminikube killed while it
     * waited, since nothing else ever ends it (two such QEMUs were found 46 minutes after a fault-injection run).
     */
    static List<String> selfLimited(List<String> argv, Duration timeout, Path timeoutTool) {
        if (!Files.isExecutable(timeoutTool)) {
            return argv;
        }
        List<String> limited = new java.util.ArrayList<>(List.of(timeoutTool.toString(), "-s", "KILL",
                String.valueOf(timeout.toSeconds() + 5)));
        limited.addAll(argv);
        return limited;
    }

    private static boolean contains(Path file, String marker) {
        return read(file).contains(marker);
    }

    private static String read(Path file) {
        try {
            return Files.isRegularFile(file) ? new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1) : "";
        } catch (IOException e) {
            return "";
        }
    }
}
