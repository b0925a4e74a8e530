package dev.jminikube.cluster;

import dev.jminikube.core.Environment;
import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import dev.jminikube.core.ToolLocator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * {@code image load NAME}: an image of this host's docker (or podman) piped from its {@code save} straight into the
 * node, with no copy of the whole image on disk in between.
 */
public final class HostImageExport {
    /** How long a save whose output was read to its end gets to exit and say how it went. */
    private static final Duration SAVE_EXIT = Duration.ofSeconds(60);
    /** How long a save gets to show that it, not the node, failed when the node's load fails. */
    static final Duration SAVE_FAILURE_GRACE = Duration.ofSeconds(2);
    private final Path tool;

    private HostImageExport(Path tool) {
        this.tool = tool;
    }

    /** docker if this host has it, else podman; HOST_TOOL_MISSING when it has neither. */
    public static HostImageExport find(Environment env, String image) {
        ToolLocator tools = new ToolLocator(env);
        Optional<Path> tool = tools.find("docker").or(() -> tools.find("podman"));
        return new HostImageExport(tool.orElseThrow(() -> new JmkException(Reason.HOST_TOOL_MISSING,
                "no docker or podman on this host's PATH to take the image " + image + " from")
                .withAdvice("Pass an image tar instead ('docker save -o app.tar " + image
                        + "' where docker runs, then 'jminikube image load app.tar'), or '-' to read one from stdin.")));
    }

    public String toolName() {
        return tool.getFileName().toString();
    }

    /**
     * Runs {@code TOOL save IMAGE} and gives its output to {@code load} as it comes; a failing save (an image the
     * host does not have) is IMAGE_NOT_FOUND with the tool's own words, even when the node already read part of it.
     */
    public <T> T pipe(String image, Function<InputStream, T> load) {
        Process process;
        try {
            process = new ProcessBuilder(List.of(tool.toString(), "save", image))
                    .redirectInput(ProcessBuilder.Redirect.PIPE).start();
        } catch (IOException e) {
            throw new JmkException(Reason.HOST_TOOL_MISSING, "cannot run " + tool + ": " + e.getMessage(), e);
        }
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        Thread errPump = new Thread(() -> {
            try (InputStream err = process.getErrorStream()) {
                err.transferTo(stderr);
            } catch (IOException ignored) {
                // what was read is kept
            }
        }, "host-save-stderr");
        errPump.setDaemon(true);
        errPump.start();
        try {
            process.getOutputStream().close();
            T result;
            try (InputStream out = process.getInputStream()) {
                try {
                    result = load.apply(out);
                } catch (RuntimeException loadFailure) {
                    // A save that failed (no such image) has exited by now; a healthy one is still blocked writing to
                    // the pipe nobody reads, so after a moment's wait the node's own failure is the one to report.
                    if (failedWithin(process, SAVE_FAILURE_GRACE)) {
                        throw saveFailed(image, stderr, errPump);
                    }
                    throw loadFailure;
                }
            }
            if (failedWithin(process, SAVE_EXIT)) {
                throw saveFailed(image, stderr, errPump);
            }
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            process.destroy();
        }
    }

    /** Whether the save exited within {@code wait} and unsuccessfully; one still running has not failed (yet). */
    private static boolean failedWithin(Process process, Duration wait) {
        try {
            return process.waitFor(wait.toMillis(), TimeUnit.MILLISECONDS) && process.exitValue() != 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    private JmkException saveFailed(String image, ByteArrayOutputStream stderr, Thread errPump) {
        try {
            errPump.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        String said = stderr.toString(StandardCharsets.UTF_8).strip();
        List<String> lines = said.lines().filter(l -> !l.isBlank()).toList();
        return new JmkException(Reason.IMAGE_NOT_FOUND, toolName() + " save " + image + " failed: "
                + (lines.isEmpty() ? "(no output)" : lines.get(lines.size() - 1)))
                .withAdvice("'" + toolName() + " images' lists what this host has; build or pull it there first.");
    }
}
