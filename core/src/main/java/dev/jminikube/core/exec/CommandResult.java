package dev.jminikube.core.exec;

import java.time.Duration;
import java.util.List;

/** What a finished command left: exit code (-1 when it timed out), captured output, time taken. */
public record CommandResult(List<String> argv, int exitCode, String stdout, String stderr, Duration elapsed,
                            boolean timedOut) {
    public CommandResult {
        argv = List.copyOf(argv);
    }

    public boolean succeeded() {
        return exitCode == 0 && !timedOut;
    }

    /** stdout and stderr, trimmed, for error messages. */
    public String combinedOutput() {
        String out = stdout.strip();
        String err = stderr.strip();
        if (out.isEmpty()) {
            return err;
        }
        return err.isEmpty() ? out : out + "\n" + err;
    }
}
