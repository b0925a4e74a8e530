package dev.jminikube.core.exec;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A {@link CommandRunner} that tells {@code lines} what it is about to do in the node, one line per call, then lets
 * {@code delegate} do it: a command as one shell-quoted line ({@code systemctl is-active kubelet}, what one would
 * type after {@code jminikube ssh}), a copy or a write as the file and mode. This is how {@code -v 1} shows the
 * commands of a start without any bootstrap code knowing about verbosity. Reads are not reported: they are the
 * state being looked at, not something done to the node.
 */
public final class LoggingCommandRunner implements CommandRunner {
    private final CommandRunner delegate;
    private final Consumer<String> lines;

    public LoggingCommandRunner(CommandRunner delegate, Consumer<String> lines) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.lines = Objects.requireNonNull(lines, "lines");
    }

    @Override
    public CommandResult run(List<String> argv, RunOptions options) {
        // Reported before it runs, so a command that hangs is the last line the user sees.
        if (!argv.isEmpty()) {
            lines.accept(ShellQuoting.join(argv));
        }
        return delegate.run(argv, options);
    }

    @Override
    public CommandResult run(List<String> argv, InputStream input, RunOptions options) {
        if (!argv.isEmpty()) {
            lines.accept(ShellQuoting.join(argv) + " < (streamed input)");
        }
        return delegate.run(argv, input, options);
    }

    @Override
    public void download(String source, Path target) {
        delegate.download(source, target);
    }

    @Override
    public void copy(Path source, String target, int mode, CopyProgress progress) {
        lines.accept("copy " + source + " to " + target + " (mode " + String.format("%04o", mode) + ")");
        delegate.copy(source, target, mode, progress);
    }

    @Override
    public void write(byte[] content, String target, int mode) {
        lines.accept("write " + content.length + " bytes to " + target + " (mode " + String.format("%04o", mode)
                + ")");
        delegate.write(content, target, mode);
    }

    @Override
    public byte[] readFile(String path) {
        return delegate.readFile(path);
    }

    @Override
    public String pasteReady(List<String> argv) {
        return delegate.pasteReady(argv);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
