package dev.jminikube.core.exec;

import dev.jminikube.core.io.PartialFile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** Runs commands as child processes of this JVM. Paths in copy/write/readFile are host paths. */
public final class LocalCommandRunner implements CommandRunner {
    private final Map<String, String> environment;
    private final Path workingDirectory;

    /** @param environment extra variables for the children (on top of this process's), may be empty */
    public LocalCommandRunner(Map<String, String> environment, Path workingDirectory) {
        this.environment = Map.copyOf(environment);
        this.workingDirectory = workingDirectory;
    }

    public LocalCommandRunner() {
        this(Map.of(), null);
    }

    @Override
    public CommandResult run(List<String> argv, RunOptions options) {
        return run(argv, (InputStream) null, options);
    }

    /** Pumps {@code input} into the child's stdin on a thread of its own, so the timeout holds while it streams. */
    @Override
    public CommandResult run(List<String> argv, InputStream input, RunOptions options) {
        long start = System.nanoTime();
        ProcessBuilder pb = new ProcessBuilder(argv);
        pb.environment().putAll(environment);
        if (workingDirectory != null) {
            pb.directory(workingDirectory.toFile());
        }
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            // Not found or not executable: report it like a shell would (127), not as a crash.
            return new CommandResult(argv, 127, "", e.getMessage(), Duration.ofNanos(System.nanoTime() - start), false);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread outPump = pump(process.getInputStream(), out, options.outputLines());
        Thread errPump = pump(process.getErrorStream(), err, options.outputLines());
        if (input != null) {
            Thread inPump = new Thread(() -> {
                try (OutputStream stdin = process.getOutputStream()) {
                    input.transferTo(stdin);
                } catch (IOException ignored) {
                    // The command closed its stdin early; its exit status tells the rest.
                }
            }, "input-pump");
            inPump.setDaemon(true);
            inPump.start();
        } else {
            try (OutputStream stdin = process.getOutputStream()) {
                if (options.stdin() != null) {
                    stdin.write(options.stdin());
                }
            } catch (IOException ignored) {
                // The command closed its stdin early; its exit status tells the rest.
            }
        }
        boolean finished;
        try {
            finished = process.waitFor(options.timeout().toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
            outPump.join(5000);
            errPump.join(5000);
        } catch (InterruptedException e) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + ShellQuoting.join(argv), e);
        }
        return new CommandResult(argv, finished ? process.exitValue() : -1,
                out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8),
                Duration.ofNanos(System.nanoTime() - start), !finished);
    }

    private static Thread pump(InputStream in, ByteArrayOutputStream sink, Consumer<String> lines) {
        Thread t = new Thread(() -> {
            StringBuilder line = new StringBuilder();
            byte[] buf = new byte[8192];
            try (in) {
                int n;
                while ((n = in.read(buf)) > 0) {
                    synchronized (sink) {
                        sink.write(buf, 0, n);
                    }
                    String chunk = new String(buf, 0, n, StandardCharsets.UTF_8);
                    for (char c : chunk.toCharArray()) {
                        if (c == '\n') {
                            lines.accept(line.toString());
                            line.setLength(0);
                        } else {
                            line.append(c);
                        }
                    }
                }
            } catch (IOException ignored) {
                // The process went away; what was read is kept.
            }
            if (line.length() > 0) {
                lines.accept(line.toString());
            }
        }, "output-pump");
        t.setDaemon(true);
        t.start();
        return t;
    }

    @Override
    public void copy(Path source, String target, int mode, CopyProgress progress) {
        try {
            Path dest = Path.of(target);
            long size = Files.size(source);
            Path tmp = dest.resolveSibling(dest.getFileName() + ".tmp-" + ProcessHandle.current().pid());
            Files.copy(source, tmp, StandardCopyOption.REPLACE_EXISTING);
            setMode(tmp, mode);
            Files.move(tmp, dest, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            progress.bytesCopied(size, size);
        } catch (IOException e) {
            throw new UncheckedIOException("copy " + source + " to " + target + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void write(byte[] content, String target, int mode) {
        try {
            Path dest = Path.of(target);
            Path tmp = dest.resolveSibling(dest.getFileName() + ".tmp-" + ProcessHandle.current().pid());
            Files.write(tmp, content);
            setMode(tmp, mode);
            Files.move(tmp, dest, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("write " + target + ": " + e.getMessage(), e);
        }
    }

    /** Streamed: an image tar of gigabytes is not held in memory. */
    @Override
    public void download(String source, Path target) {
        try {
            PartialFile.write(target, out -> Files.copy(Path.of(source), out));
        } catch (IOException e) {
            throw new UncheckedIOException("copy " + source + " to " + target + ": " + e.getMessage(), e);
        }
    }

    @Override
    public byte[] readFile(String path) {
        try {
            return Files.readAllBytes(Path.of(path));
        } catch (IOException e) {
            throw new UncheckedIOException("read " + path + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String pasteReady(List<String> argv) {
        return ShellQuoting.join(argv);
    }

    static void setMode(Path path, int mode) throws IOException {
        if (!path.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return;
        }
        Set<PosixFilePermission> perms = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] order = {
            PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
            PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ,
        };
        for (int bit = 0; bit < order.length; bit++) {
            if ((mode & (1 << bit)) != 0) {
                perms.add(order[bit]);
            }
        }
        Files.setPosixFilePermissions(path, perms);
    }
}
