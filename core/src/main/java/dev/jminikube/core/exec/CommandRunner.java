package dev.jminikube.core.exec;

import java.nio.file.Path;
import java.util.List;

/**
 * Runs commands somewhere: on this host, in a VM over SSH, or in a recording fake. Bootstrap code
 * talks only to this interface and never knows where it runs (minikube's command runner).
 *
 * <p>{@link #run} never throws for a non-zero exit; {@link #check} does, with a
 * {@link CommandFailedException} that carries a paste-ready command line and its output.
 */
public interface CommandRunner extends AutoCloseable {

    /** Runs {@code argv} (no shell in between) to completion and returns its exit code and output. */
    CommandResult run(List<String> argv, RunOptions options);

    default CommandResult run(List<String> argv) {
        return run(argv, RunOptions.DEFAULTS);
    }

    default CommandResult run(String... argv) {
        return run(List.of(argv), RunOptions.DEFAULTS);
    }

    /** Like {@link #run} but a non-zero exit is a {@link CommandFailedException}. */
    default CommandResult check(List<String> argv, RunOptions options) {
        CommandResult result = run(argv, options);
        if (result.exitCode() != 0) {
            throw new CommandFailedException(result, pasteReady(argv));
        }
        return result;
    }

    default CommandResult check(String... argv) {
        return check(List.of(argv), RunOptions.DEFAULTS);
    }

    /** Copies a local file to {@code target} with the given octal permissions (e.g. 0644). */
    void copy(Path source, String target, int mode, CopyProgress progress);

    default void copy(Path source, String target, int mode) {
        copy(source, target, mode, CopyProgress.NONE);
    }

    /** Writes {@code content} to {@code target} with the given permissions, replacing it. */
    void write(byte[] content, String target, int mode);

    /** Reads a whole file. */
    byte[] readFile(String path);

    /**
     * A command line the user can paste into a terminal on this host to run {@code argv} where this
     * runner runs it, e.g. {@code ssh -i ~/.jminikube/machines/minikube/id_ed25519 -p 40022 root@127.0.0.1 'systemctl status kubelet'}.
     */
    String pasteReady(List<String> argv);

    @Override
    default void close() {
    }

    /** Progress of a copy, in bytes. */
    @FunctionalInterface
    interface CopyProgress {
        CopyProgress NONE = (done, total) -> { };

        void bytesCopied(long done, long total);
    }
}
