package dev.jminikube.bootstrap.binaries;

import dev.jminikube.core.exec.CommandResult;
import dev.jminikube.core.exec.CommandRunner;
import dev.jminikube.core.exec.RunOptions;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs a long build command whose every output line goes to the user and to a log file, keeping the last
 * lines for the error message if it fails (source builds of Kubernetes and of add-on images).
 */
public final class LoggedRun {
    /** The command's result and its last {@code tailLines} output lines. */
    public record Outcome(CommandResult result, String tail) {
    }

    private LoggedRun() {
    }

    public static Outcome run(CommandRunner runner, List<String> argv, Duration timeout, Path log,
                              Consumer<String> output, int tailLines) throws IOException {
        Files.createDirectories(log.getParent());
        Deque<String> tail = new ArrayDeque<>();
        CommandResult result;
        try (BufferedWriter writer = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
            Consumer<String> lines = line -> {
                synchronized (tail) {
                    try {
                        writer.write(line);
                        writer.newLine();
                        writer.flush();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    tail.addLast(line);
                    if (tail.size() > tailLines) {
                        tail.removeFirst();
                    }
                }
                output.accept(line);
            };
            result = runner.run(argv, RunOptions.DEFAULTS.withTimeout(timeout).withOutputLines(lines));
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        synchronized (tail) {
            return new Outcome(result, String.join("\n", tail));
        }
    }
}
