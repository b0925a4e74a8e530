package dev.jminikube.cluster;

import dev.jminikube.bootstrap.ClusterStateFile.ClusterState;
import dev.jminikube.bootstrap.ContainerRuntime;
import dev.jminikube.bootstrap.ImageLoader;
import dev.jminikube.core.Environment;
import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import dev.jminikube.core.exec.CommandResult;
import dev.jminikube.core.exec.CommandRunner;
import dev.jminikube.core.exec.RunOptions;
import dev.jminikube.core.exec.ShellQuoting;
import dev.jminikube.drivers.MachineManager;
import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The images of a node's container runtime: {@code image ls}, {@code rm}, {@code save}, {@code load} from a stream,
 * and {@code build}. Every operation is a command in the node; nothing needs a registry.
 *
 * <p>Builds run in the node's dockerd, which the node image carries for both runtimes (BuildKit is not packaged by
 * Debian, so there is no buildkitd to run beside containerd). On a containerd node, dockerd is started for the
 * first build, the Dockerfile's base images are handed to it from containerd, and the built image is handed back
 * with {@code docker save | ctr images import -}; dockerd keeps its copy as the build cache of the next build.
 */
public final class RuntimeImages implements AutoCloseable {
    static final Duration BUILD_TIMEOUT = Duration.ofMinutes(30);
    static final Duration TRANSFER_TIMEOUT = Duration.ofMinutes(30);
    private static final Pattern STEP = Pattern.compile("^Step \\d+/\\d+ : .*");
    private static final Pattern DOCKER_LOADED = Pattern.compile("^Loaded image(?: ID)?: (\\S+)");
    private static final Pattern CTR_UNPACKING = Pattern.compile("^unpacking (\\S+) \\(");

    private final CommandRunner node;
    private final ContainerRuntime runtime;
    private final Consumer<String> notes;

    public RuntimeImages(CommandRunner node, ContainerRuntime runtime, Consumer<String> notes) {
        this.node = node;
        this.runtime = runtime;
        this.notes = notes;
    }

    /** The images of {@code profile}'s cluster; GUEST_NOT_FOUND without one, GUEST_NOT_RUNNING when it is stopped. */
    public static RuntimeImages of(Environment env, MachineManager machines, String profile, Consumer<String> notes) {
        ClusterState state = ProfileStore.of(env, profile).requireCluster();
        return new RuntimeImages(machines.guestRunner(profile), state.runtime(), notes);
    }

    public ContainerRuntime runtime() {
        return runtime;
    }

    /**
     * One image of the runtime.
     *
     * @param id       the image ID (docker) or manifest digest (containerd)
     * @param repoTags its names, as the runtime lists them
     * @param size     its size as the runtime prints it
     */
    public record Image(String id, List<String> repoTags, String size) {
    }

    /** The named images (untagged ones and containerd's digest-only entries left out), in the runtime's order. */
    public List<Image> list() {
        Map<String, List<String>> names = new LinkedHashMap<>();
        Map<String, String> sizes = new LinkedHashMap<>();
        if (runtime == ContainerRuntime.DOCKER) {
            CommandResult r = node.check(List.of("docker", "images", "--no-trunc", "--format",
                    "{{.ID}}\t{{.Repository}}\t{{.Tag}}\t{{.Size}}"), RunOptions.DEFAULTS);
            for (String line : r.stdout().lines().toList()) {
                String[] f = line.split("\t");
                if (f.length < 4 || f[1].equals("<none>") || f[2].equals("<none>")) {
                    continue;
                }
                names.computeIfAbsent(f[0], k -> new ArrayList<>()).add(f[1] + ":" + f[2]);
                sizes.put(f[0], f[3]);
            }
        } else {
            for (CtrImage image : ctrImages()) {
                if (!image.ref.startsWith("sha256:")) {
                    names.computeIfAbsent(image.digest, k -> new ArrayList<>()).add(image.ref);
                    sizes.put(image.digest, image.size);
                }
            }
        }
        List<Image> images = new ArrayList<>();
        names.forEach((id, tags) -> images.add(new Image(id, List.copyOf(tags), sizes.get(id))));
        return images;
    }

    /** Removes the image {@code name}; IMAGE_NOT_FOUND when the runtime has no such image. */
    public void remove(String name) {
        ImageName image = ImageName.parse(name);
        if (runtime == ContainerRuntime.DOCKER) {
            requireInDocker(image);
            CommandResult r = node.run(List.of("docker", "rmi", image.familiar()), RunOptions.DEFAULTS);
            if (r.exitCode() != 0) {
                throw new JmkException(Reason.RUNTIME_FAILED, "docker could not remove " + image + ": "
                        + lastLine(r.stderr())).withAdvice("An image a container still uses stays; delete the pods "
                        + "that use it ('jminikube kubectl -- get pods -A -o wide'), then remove it again.");
            }
            return;
        }
        List<CtrImage> all = ctrImages();
        Set<String> digests = new LinkedHashSet<>();
        all.stream().filter(i -> i.ref.equals(image.normalized())).forEach(i -> digests.add(i.digest));
        if (digests.isEmpty()) {
            throw notFound(image);
        }
        List<String> refs = new ArrayList<>(List.of(image.normalized()));
        // containerd's CRI plugin also names the image by its config digest; without that name gone too, the image
        // stays. It goes only when no other name still points at the same image.
        for (String digest : digests) {
            boolean otherNames = all.stream().anyMatch(i -> i.digest.equals(digest) && !i.ref.startsWith("sha256:")
                    && !i.ref.equals(image.normalized()));
            if (!otherNames) {
                all.stream().filter(i -> i.digest.equals(digest) && i.ref.startsWith("sha256:")).forEach(i -> refs.add(i.ref));
            }
        }
        List<String> argv = new ArrayList<>(List.of("ctr", "-n", "k8s.io", "images", "rm"));
        argv.addAll(refs);
        node.check(argv, RunOptions.DEFAULTS);
        if (dockerdActive()) {
            // the build's copy in dockerd (its cache) goes too, so a removed image is gone from the node
            node.run(List.of("docker", "rmi", image.familiar()), RunOptions.DEFAULTS);
        }
    }

    /**
     * Writes the image {@code name} to {@code file} on this host as a tar {@code image load} and {@code docker load}
     * read. An existing file is never replaced; the file appears only once whole.
     */
    public void save(String name, Path file) {
        ImageName image = ImageName.parse(name);
        Path target = file.toAbsolutePath();
        if (Files.exists(target)) {
            throw new JmkException(Reason.HOST_FILE_NOT_OURS, file + " exists already")
                    .withAdvice("Choose another file name, or delete the file first: image save never overwrites one.");
        }
        if (!Files.isDirectory(target.getParent())) {
            throw new JmkException(Reason.HOST_PATH_NOT_WRITABLE, "directory " + target.getParent() + " does not exist");
        }
        if (!Files.isWritable(target.getParent())) {
            throw new JmkException(Reason.HOST_PATH_NOT_WRITABLE, "cannot write to " + target.getParent());
        }
        String staged = "/tmp/jmk-save-" + Long.toHexString(System.nanoTime()) + ".tar";
        if (runtime == ContainerRuntime.DOCKER) {
            requireInDocker(image);
            node.check(List.of("docker", "save", "-o", staged, image.familiar()), RunOptions.DEFAULTS.withTimeout(TRANSFER_TIMEOUT));
        } else {
            if (ctrImages().stream().noneMatch(i -> i.ref.equals(image.normalized()))) {
                throw notFound(image);
            }
            node.check(List.of("ctr", "-n", "k8s.io", "images", "export", staged, image.normalized()),
                    RunOptions.DEFAULTS.withTimeout(TRANSFER_TIMEOUT));
        }
        // Fetched under a name of its own, then published with a hard link, which fails if the file appeared
        // meanwhile: a file that exists is never replaced, not even one made during a long transfer.
        Path fetched = target.resolveSibling("." + target.getFileName() + "." + Long.toHexString(System.nanoTime()) + ".saved");
        try {
            node.download(staged, fetched);
            publish(fetched, target);
        } finally {
            node.run(List.of("rm", "-f", staged), RunOptions.DEFAULTS);
            try {
                Files.deleteIfExists(fetched);
            } catch (IOException ignored) {
                // the outcome above is what matters
            }
        }
    }

    private static void publish(Path fetched, Path target) {
        try {
            try {
                Files.createLink(target, fetched);
            } catch (UnsupportedOperationException | java.nio.file.FileSystemException e) {
                if (e instanceof java.nio.file.FileAlreadyExistsException) {
                    throw e;
                }
                Files.move(fetched, target); // no hard links here: a plain rename, which refuses an existing target
            }
        } catch (java.nio.file.FileAlreadyExistsException e) {
            throw new JmkException(Reason.HOST_FILE_NOT_OURS, target + " appeared while the image was being saved")
                    .withAdvice("Choose another file name: image save never overwrites one.");
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + target + ": " + e.getMessage(), e);
        }
    }

    /**
     * Loads an image archive read from {@code archive} as it arrives ({@code docker save} output or a tar on stdin)
     * and returns the names the runtime reports.
     */
    public List<String> load(InputStream archive) {
        List<String> argv = ImageLoader.importCommand(runtime, "-");
        CommandResult r = node.run(argv, archive, RunOptions.DEFAULTS.withTimeout(TRANSFER_TIMEOUT));
        if (r.exitCode() != 0) {
            throw new JmkException(Reason.IMAGE_FILE_INVALID, runtime.flagValue() + " could not load the archive: "
                    + lastLine(r.stderr().isBlank() ? r.stdout() : r.stderr()));
        }
        return loadedNames(r.stdout());
    }

    /**
     * What to build.
     *
     * @param tag       the image's name ({@code -t})
     * @param buildArgs {@code --build-arg K=V}, in order
     */
    public record BuildRequest(BuildContext context, ImageName tag, List<String> buildArgs, boolean noCache) {
        public BuildRequest {
            buildArgs = List.copyOf(buildArgs);
        }
    }

    /**
     * Builds in the node's dockerd, streaming the context to it and each output line to {@code output}; on a
     * containerd node the image is then handed to containerd. A failing step is IMAGE_BUILD_FAILED naming it.
     */
    public void build(BuildRequest request, Consumer<String> output) {
        if (runtime == ContainerRuntime.CONTAINERD) {
            startDockerd();
            handBaseImagesToDockerd(request.context());
        }
        List<String> argv = new ArrayList<>(List.of("env", "DOCKER_BUILDKIT=0", "docker", "build",
                "-t", request.tag().familiar(), "-f", request.context().dockerfileName()));
        for (String arg : request.buildArgs()) {
            argv.addAll(List.of("--build-arg", arg));
        }
        if (request.noCache()) {
            argv.add("--no-cache");
        }
        argv.add("-");
        List<String> lines = new ArrayList<>();
        CommandResult result = streamContext(request.context(), argv, line -> {
            synchronized (lines) {
                lines.add(line);
            }
            output.accept(line);
        });
        if (result.exitCode() != 0) {
            throw buildFailed(request.tag(), lines, result);
        }
        if (runtime == ContainerRuntime.CONTAINERD) {
            output.accept("Handing " + request.tag() + " to containerd (docker save | ctr images import)");
            String pipe = "set -o pipefail; docker save " + ShellQuoting.quote(request.tag().familiar())
                    + " | ctr -n k8s.io images import -";
            node.check(List.of("bash", "-c", pipe), RunOptions.DEFAULTS.withTimeout(TRANSFER_TIMEOUT));
        }
    }

    /** The tar of the context, written on a thread of its own into the build's stdin as the node reads it. */
    private CommandResult streamContext(BuildContext context, List<String> argv, Consumer<String> output) {
        AtomicReference<RuntimeException> writeFailure = new AtomicReference<>();
        try (PipedInputStream in = new PipedInputStream(1 << 16)) {
            PipedOutputStream out = new PipedOutputStream(in);
            Thread writer = new Thread(() -> {
                try (out) {
                    context.writeTar(out);
                } catch (UncheckedIOException e) {
                    // the build ended early (its own failure tells why) or a file changed while being read
                    writeFailure.set(e);
                } catch (IOException e) {
                    writeFailure.set(new UncheckedIOException(e));
                }
            }, "build-context");
            writer.setDaemon(true);
            writer.start();
            CommandResult result = node.run(argv, in, RunOptions.DEFAULTS.withTimeout(BUILD_TIMEOUT)
                    .withOutputLines(output));
            in.close(); // a writer still sending (the build ended early) fails at once instead of blocking
            joinQuietly(writer);
            RuntimeException sendFailure = writeFailure.get();
            // A failed build closes its end of the pipe, and the writer then fails too: that is the build's failure.
            // Any other writer failure (a file unreadable or changed while read) is why the build failed, if it did.
            if (sendFailure != null && (result.exitCode() == 0 || !endedByTheReader(sendFailure))) {
                throw new JmkException(Reason.BUILD_CONTEXT_INVALID, "sending the build context failed: "
                        + sendFailure.getMessage(), sendFailure);
            }
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The writer ends within moments once its pipe is closed; its outcome is read only after it has. */
    private static void joinQuietly(Thread writer) {
        try {
            writer.join(Duration.ofSeconds(10).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** What PipedOutputStream says once the reading side is gone. */
    private static boolean endedByTheReader(RuntimeException failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String message = String.valueOf(t.getMessage());
            if (message.contains("Pipe closed") || message.contains("Read end dead") || message.contains("Pipe broken")) {
                return true;
            }
        }
        return false;
    }

    private JmkException buildFailed(ImageName tag, List<String> lines, CommandResult result) {
        if (result.timedOut()) {
            return new JmkException(Reason.IMAGE_BUILD_FAILED, "the build of " + tag + " did not finish within "
                    + BUILD_TIMEOUT.toMinutes() + " min");
        }
        String step;
        synchronized (lines) {
            step = lines.stream().filter(l -> STEP.matcher(l).matches()).reduce((a, b) -> b).orElse(null);
        }
        String why = lastLine(result.stderr().isBlank() ? result.stdout() : result.stderr());
        return new JmkException(Reason.IMAGE_BUILD_FAILED, "the build of " + tag + " failed"
                + (step == null ? "" : " at " + step) + ": " + why);
    }

    private void startDockerd() {
        if (dockerdActive()) {
            return;
        }
        notes.accept("Starting dockerd in the node to build with (containerd runtime; once per boot)");
        node.check(List.of("systemctl", "start", "docker.service"), RunOptions.DEFAULTS.withTimeout(Duration.ofMinutes(3)));
    }

    private boolean dockerdActive() {
        return node.run(List.of("systemctl", "is-active", "--quiet", "docker.service"), RunOptions.DEFAULTS).exitCode() == 0;
    }

    /** A base image containerd has and dockerd does not goes over (ctr export, docker load), so FROM works offline. */
    private void handBaseImagesToDockerd(BuildContext context) {
        List<CtrImage> inContainerd = null;
        for (String base : context.baseImages()) {
            ImageName name;
            try {
                name = ImageName.parse(base);
            } catch (JmkException e) {
                continue; // docker names the bad FROM itself, with its step
            }
            if (ImageLoader.has(node, ContainerRuntime.DOCKER, name.familiar())) {
                continue;
            }
            if (inContainerd == null) {
                inContainerd = ctrImages();
            }
            if (inContainerd.stream().noneMatch(i -> i.ref.equals(name.normalized()))) {
                continue; // docker says it cannot pull it, at its FROM step
            }
            notes.accept("Handing the base image " + name + " from containerd to dockerd");
            String staged = "/tmp/jmk-base-" + Long.toHexString(System.nanoTime()) + ".tar";
            try {
                node.check(List.of("ctr", "-n", "k8s.io", "images", "export", staged, name.normalized()),
                        RunOptions.DEFAULTS.withTimeout(TRANSFER_TIMEOUT));
                node.check(ImageLoader.importCommand(ContainerRuntime.DOCKER, staged),
                        RunOptions.DEFAULTS.withTimeout(TRANSFER_TIMEOUT));
            } finally {
                node.run(List.of("rm", "-f", staged), RunOptions.DEFAULTS);
            }
        }
    }

    private void requireInDocker(ImageName image) {
        if (!ImageLoader.has(node, ContainerRuntime.DOCKER, image.familiar())) {
            throw notFound(image);
        }
    }

    private JmkException notFound(ImageName image) {
        return new JmkException(Reason.IMAGE_NOT_FOUND, "the node's " + runtime.flagValue() + " has no image " + image);
    }

    private record CtrImage(String ref, String digest, String size) {
    }

    /** {@code ctr images ls}: REF TYPE DIGEST SIZE (a number and a unit) PLATFORMS LABELS. */
    private List<CtrImage> ctrImages() {
        CommandResult r = node.check(List.of("ctr", "-n", "k8s.io", "images", "ls"), RunOptions.DEFAULTS);
        List<CtrImage> images = new ArrayList<>();
        for (String line : r.stdout().lines().skip(1).toList()) {
            String[] f = line.strip().split("\\s+");
            if (f.length >= 5) {
                images.add(new CtrImage(f[0], f[2], f[3] + " " + f[4]));
            }
        }
        return images;
    }

    static List<String> loadedNames(String output) {
        List<String> names = new ArrayList<>();
        for (String line : output.lines().toList()) {
            Matcher m = DOCKER_LOADED.matcher(line.strip());
            if (!m.find()) {
                m = CTR_UNPACKING.matcher(line.strip());
                if (!m.find()) {
                    continue;
                }
            }
            names.add(m.group(1));
        }
        return names;
    }

    private static String lastLine(String text) {
        List<String> lines = text.strip().lines().filter(l -> !l.isBlank()).toList();
        return lines.isEmpty() ? "(no output)" : lines.get(lines.size() - 1).strip();
    }

    @Override
    public void close() {
        node.close();
    }
}
