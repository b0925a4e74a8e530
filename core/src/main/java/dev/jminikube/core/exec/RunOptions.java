package dev.jminikube.core.exec;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * How to run one command.
 *
 * @param timeout    give up (and kill the command) after this long; the result then has exit code -1
 *                   and {@code timedOut} set
 * @param stdin      bytes fed to the command's standard input, or null for none
 * @param outputLines called with each line of stdout and stderr as it arrives (for progress and
 *                   {@code --follow}); output is captured in the result as well
 */
public record RunOptions(Duration timeout, byte[] stdin, Consumer<String> outputLines) {
    public static final RunOptions DEFAULTS = new RunOptions(Duration.ofMinutes(10), null, line -> { });

    public RunOptions {
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(outputLines, "outputLines");
    }

    public RunOptions withTimeout(Duration t) {
        return new RunOptions(t, stdin, outputLines);
    }

    public RunOptions withStdin(byte[] in) {
        return new RunOptions(timeout, in, outputLines);
    }

    public RunOptions withOutputLines(Consumer<String> lines) {
        return new RunOptions(timeout, stdin, lines);
    }
}
