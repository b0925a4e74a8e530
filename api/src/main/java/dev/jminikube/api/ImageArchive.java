package dev.jminikube.api;

import dev.jminikube.bootstrap.binaries.LinuxArch;
import dev.jminikube.bootstrap.images.ContainerImage;
import dev.jminikube.bootstrap.images.ImageConfig;
import dev.jminikube.bootstrap.images.ImageLayer;
import dev.jminikube.bootstrap.images.ImageTarWriter;
import dev.jminikube.core.Reason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * A container image made on this host without docker or a registry: a static binary plus files, written as a
 * {@code docker save} archive for {@link Cluster#loadImage(Path)}. The same files give the same image (fixed
 * timestamps, sorted entries), so an unchanged service is not reloaded under a new ID.
 *
 * <pre>{@code
 * Path tar = ImageArchive.named("example.local/hello:1")
 *         .staticBinary(Path.of("/bin/busybox"), "/bin/busybox", "/bin/sh", "/bin/httpd")
 *         .directory(Path.of("src/main/www"), "/www")
 *         .command("/bin/httpd", "-f", "-p", "8080", "-h", "/www")
 *         .exposedPort(8080)
 *         .writeTo(Path.of("target/hello.tar"));
 * }</pre>
 */
public final class ImageArchive {
    private static final int EXECUTABLE = 0755;
    private static final int READABLE = 0644;
    private final String name;
    private final ImageLayer.Builder layer = ImageLayer.builder();
    private final List<String> command = new ArrayList<>();
    private final List<String> env = new ArrayList<>(List.of(ImageConfig.DEFAULT_PATH));
    private final List<String> ports = new ArrayList<>();
    private String workingDir = "/";
    private String architecture = LinuxArch.AMD64.goName();

    private ImageArchive(String name) {
        this.name = Objects.requireNonNull(name, "name");
    }

    /**
     * An empty image named {@code name}, the reference pods use (e.g. {@code example.local/hello:1}; a name without a
     * registry is docker.io's to containerd, so give one of your own to keep it from being pulled).
     */
    public static ImageArchive named(String name) {
        return new ImageArchive(name);
    }

    /**
     * A statically linked executable of this host at {@code imagePath} (mode 0755), with symbolic links to it at
     * {@code aliases} (for a multi-call binary such as busybox: {@code "/bin/sh"}, {@code "/bin/httpd"}).
     */
    public ImageArchive staticBinary(Path hostBinary, String imagePath, String... aliases) {
        return guarded(() -> {
            layer.file(relative(imagePath), EXECUTABLE, hostBinary);
            for (String alias : aliases) {
                layer.symlink(relative(alias), imagePath);
            }
        });
    }

    /** A file with {@code content} (UTF-8) at {@code imagePath}; {@code mode} e.g. 0644, or 0755 for a script. */
    public ImageArchive file(String imagePath, String content, int mode) {
        return guarded(() -> layer.file(relative(imagePath), mode, content.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Every file under the host directory {@code hostDir}, at the same place under {@code imagePath}; executable
     * files (scripts) get mode 0755, the others 0644.
     */
    public ImageArchive directory(Path hostDir, String imagePath) {
        if (!Files.isDirectory(hostDir)) {
            throw Failures.of(Reason.IMAGE_FILE_INVALID, hostDir + " is not a directory",
                    "Give the directory whose files go into the image.");
        }
        try (Stream<Path> walk = Files.walk(hostDir)) {
            for (Path file : walk.filter(Files::isRegularFile).sorted().toList()) {
                String inImage = imagePath.replaceAll("/+$", "") + "/"
                        + hostDir.relativize(file).toString().replace('\\', '/');
                guarded(() -> layer.file(relative(inImage), Files.isExecutable(file) ? EXECUTABLE : READABLE, file));
            }
        } catch (IOException e) {
            throw Failures.of(Reason.IMAGE_FILE_INVALID, "cannot read " + hostDir + ": " + e.getMessage(),
                    "Check the directory's permissions.");
        }
        return this;
    }

    /** What the container runs (the image's {@code Cmd}), e.g. {@code "/bin/httpd", "-f", "-p", "8080"}. */
    public ImageArchive command(String... argv) {
        command.clear();
        command.addAll(Arrays.asList(argv));
        return this;
    }

    /** An environment variable of the container, {@code "KEY=VALUE"} (PATH is set already). */
    public ImageArchive env(String keyValue) {
        env.add(keyValue);
        return this;
    }

    /** The container's working directory (default {@code /}). */
    public ImageArchive workingDir(String dir) {
        workingDir = dir;
        return this;
    }

    /** A TCP port the container listens on (documentation for the image, as {@code EXPOSE}). */
    public ImageArchive exposedPort(int port) {
        ports.add(port + "/tcp");
        return this;
    }

    /** The CPU architecture of the binaries, Go's name ({@code amd64}, the default; {@code arm64}). */
    public ImageArchive architecture(String goArch) {
        architecture = LinuxArch.fromName(goArch).goName();
        return this;
    }

    /** Writes the image as a {@code docker save} archive to {@code tar} (parent directories made); returns it. */
    public Path writeTo(Path tar) {
        if (command.isEmpty()) {
            throw Failures.of(Reason.USAGE, "image " + name + " has no command", "Call command(...) before writeTo.");
        }
        ContainerImage image = new ContainerImage(List.of(name), new ImageConfig(architecture, List.of(), command, env,
                workingDir, ports), List.of(layer.build()));
        try {
            Path parent = tar.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            ImageTarWriter.write(image, tar);
            return tar;
        } catch (IOException e) {
            throw Failures.of(Reason.HOST_PATH_NOT_WRITABLE, "cannot write " + tar + ": " + e.getMessage(),
                    "Choose a directory you can write to.");
        }
    }

    /** Image paths are absolute to the user; the layer keeps them relative to its root, as image layers do. */
    private static String relative(String imagePath) {
        String p = imagePath.replaceAll("^/+", "");
        if (p.isEmpty() || Arrays.asList(p.split("/")).contains("..")) {
            throw Failures.of(Reason.USAGE, "'" + imagePath + "' is not a path in the image",
                    "Give an absolute path such as /www/index.html.");
        }
        return p;
    }

    private interface Edit {
        void apply() throws IOException;
    }

    /** Turns a bad host file or a path given twice into a {@link JminikubeException}. */
    private ImageArchive guarded(Edit edit) {
        try {
            edit.apply();
            return this;
        } catch (JminikubeException e) {
            throw e;
        } catch (IOException | java.io.UncheckedIOException e) {
            throw Failures.of(Reason.IMAGE_FILE_INVALID, e.getMessage(), "Check that the host file exists and is readable.");
        } catch (IllegalArgumentException e) {
            throw Failures.of(Reason.USAGE, e.getMessage(), "Give each path in the image once.");
        }
    }
}
