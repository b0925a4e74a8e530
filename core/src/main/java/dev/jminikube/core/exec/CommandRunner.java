package dev.jminikube.core.exec;

import dev.jminikube.core.io.PartialFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
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

    /**
     * Runs {@code argv} with its standard input streamed from {@code input} as the command reads it, so an image of
     * hundreds of megabytes piped in ({@code docker save app | jminikube image load -}) never sits in memory whole.
     * This default reads {@code input} to its end first; runners that can stream override it.
     */
    default CommandResult run(List<String> argv, InputStream input, RunOptions options) {
        byte[] all;
        try {
            all = input.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("reading the input for " + pasteReady(argv) + ": " + e.getMessage(), e);
        }
        return run(argv, options.withStdin(all));
    }

    /**
     * Copies the file {@code source} (where this runner runs) to {@code target} on this host. {@code target} appears
     * only once every byte has arrived: the bytes go to a sibling temporary file that is then renamed, so an
     * interrupted copy never leaves a truncated file under the real name. This default reads the file whole through
     * {@link #readFile}; runners that can stream override it.
     */
    default void download(String source, Path target) {
        byte[] content = readFile(source);
        try {
            PartialFile.write(target, out -> out.write(content));
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + target + ": " + e.getMessage(), e);
        }
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
