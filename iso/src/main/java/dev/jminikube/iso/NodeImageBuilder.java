package dev.jminikube.iso;

import dev.jminikube.core.JmkException;
import dev.jminikube.core.NoSpaceLeft;
import dev.jminikube.core.Reason;
import dev.jminikube.core.exec.CommandResult;
import dev.jminikube.core.exec.CommandRunner;
import dev.jminikube.core.exec.RunOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Builds the node image from its recipe, or reuses the cached one. The cache holds only complete
 * images: the build writes to a partial file and renames it into place when the script succeeded,
 * so a failed or interrupted build never leaves an ISO that a later run would take for good.
 */
public final class NodeImageBuilder {
    /** Tools the recipe runs, each with the Debian package that provides it. */
    static final Map<String, String> REQUIRED_TOOLS = new LinkedHashMap<>();

    static {
        REQUIRED_TOOLS.put("mmdebstrap", "mmdebstrap");
        REQUIRED_TOOLS.put("mksquashfs", "squashfs-tools");
        REQUIRED_TOOLS.put("grub-mkrescue", "grub-common");
        REQUIRED_TOOLS.put("xorriso", "xorriso");
        REQUIRED_TOOLS.put("mformat", "mtools");
    }

    /** GRUB platform directories grub-mkrescue needs for a BIOS + UEFI hybrid image. */
    static final Map<Path, String> REQUIRED_GRUB_PLATFORMS = Map.of(
            Path.of("/usr/lib/grub/i386-pc"), "grub-pc-bin",
            Path.of("/usr/lib/grub/x86_64-efi"), "grub-efi-amd64-bin");

    /** rootfs (~750 MB) + squashfs + ISO, with room to spare. */
    static final long REQUIRED_FREE_BYTES = 3L * 1024 * 1024 * 1024;

    private final NodeImageRecipe recipe;
    private final Path cacheDir;
    private final CommandRunner runner;
    private final HostTools host;

    public NodeImageBuilder(NodeImageRecipe recipe, Path cacheDir, CommandRunner runner, HostTools host) {
        this.recipe = recipe;
        this.cacheDir = cacheDir;
        this.runner = runner;
        this.host = host;
    }

    public Path cachedIso() {
        return cacheDir.resolve(recipe.isoFileName());
    }

    /** The cached image if it was built from this recipe. */
    public Optional<Path> findCached() {
        Path iso = cachedIso();
        try {
            return Files.isRegularFile(iso) && Files.size(iso) > 0 ? Optional.of(iso) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * Returns the image path: the cached one, or a freshly built one. With {@code outputDir} the image
     * is also copied there (atomically) and that copy's path is returned.
     */
    public Path build(Optional<Path> outputDir, Consumer<String> progress) {
        outputDir.ifPresent(NodeImageBuilder::checkWritable);
        Path iso = findCached().map(p -> {
            progress.accept("Reusing the cached node image (recipe " + recipe.sha256().substring(0, 12) + ")");
            return p;
        }).orElseGet(() -> buildIntoCache(progress));
        if (outputDir.isEmpty()) {
            return iso;
        }
        Path target = outputDir.get().resolve(iso.getFileName());
        Path partial = outputDir.get().resolve("." + iso.getFileName() + ".partial");
        try {
            Files.copy(iso, partial, StandardCopyOption.REPLACE_EXISTING);
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return target;
        } catch (IOException e) {
            deleteQuietly(partial);
            throw new JmkException(Reason.HOST_PATH_NOT_WRITABLE,
                    "cannot write the node image to " + outputDir.get() + ": " + e.getMessage(), e);
        }
    }

    void checkPrerequisites() {
        List<String> missingPackages = new ArrayList<>();
        List<String> missingWhat = new ArrayList<>();
        REQUIRED_TOOLS.forEach((tool, pkg) -> {
            if (host.which(tool).isEmpty()) {
                missingWhat.add(tool);
                missingPackages.add(pkg);
            }
        });
        REQUIRED_GRUB_PLATFORMS.forEach((dir, pkg) -> {
            if (!host.exists(dir)) {
                missingWhat.add(dir.toString());
                missingPackages.add(pkg);
            }
        });
        if (!missingWhat.isEmpty()) {
            throw new JmkException(Reason.HOST_TOOL_MISSING,
                    "building the node image needs " + String.join(", ", missingWhat) + ", which is not installed",
                    "sudo apt-get install -y " + String.join(" ", missingPackages.stream().distinct().toList()),
                    null, null);
        }
        if (!host.isRoot()) {
            throw new JmkException(Reason.HOST_NOT_ROOT,
                    "building the node image needs root (mmdebstrap installs packages into a chroot)");
        }
        long free = host.usableSpace(cacheDir);
        if (free < REQUIRED_FREE_BYTES) {
            throw new JmkException(Reason.RESOURCE_DISK_FULL, "building the node image needs "
                    + REQUIRED_FREE_BYTES / (1 << 20) + " MB free under " + cacheDir + ", only " + free / (1 << 20)
                    + " MB are");
        }
    }

    private Path buildIntoCache(Consumer<String> progress) {
        checkPrerequisites();
        Path iso = cachedIso();
        Path partial = cacheDir.resolve("." + iso.getFileName() + ".partial");
        Path work = cacheDir.resolve(".build-" + recipe.sha256().substring(0, 12));
        try {
            Files.createDirectories(work);
            Path script = work.resolve("build-node-image.sh");
            Files.write(script, recipe.script());
            progress.accept("Building node image " + recipe.version() + " from Debian packages (takes a few minutes)");
            List<String> argv = List.of("bash", script.toString(), partial.toString(), work.toString(),
                    recipe.version(), recipe.sha256());
            CommandResult result = runner.run(argv, RunOptions.DEFAULTS.withTimeout(Duration.ofMinutes(60))
                    .withOutputLines(line -> {
                        if (line.startsWith("==> ")) {
                            progress.accept(line.substring(4));
                        }
                    }));
            if (!result.succeeded()) {
                List<String> lines = result.combinedOutput().lines().toList();
                String output = String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
                Reason reason = output.contains("No space left on device") ? Reason.RESOURCE_DISK_FULL
                        : Reason.GUEST_IMAGE_BUILD_FAILED;
                throw new JmkException(reason, "the node image build "
                        + (result.timedOut() ? "timed out" : "failed with status " + result.exitCode()), null,
                        "$ " + runner.pasteReady(argv) + "\n" + output, null);
            }
            if (!Files.isRegularFile(partial)) {
                throw new JmkException(Reason.GUEST_IMAGE_BUILD_FAILED, "the build script finished but wrote no ISO");
            }
            Files.move(partial, iso, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            progress.accept("Node image ready: " + Files.size(iso) / (1 << 20) + " MB");
            return iso;
        } catch (IOException e) {
            Reason reason = NoSpaceLeft.in(e) ? Reason.RESOURCE_DISK_FULL
                    : Reason.HOST_HOME_NOT_WRITABLE;
            throw new JmkException(reason, "cannot write under " + cacheDir + ": " + e.getMessage(), e);
        } finally {
            deleteQuietly(partial);
            // The work tree holds a whole root file system; rm keeps to it and does not follow links out.
            runner.run("rm", "-rf", "--one-file-system", work.toString());
        }
    }

    private static void checkWritable(Path dir) {
        try {
            Files.createDirectories(dir);
            Path probe = Files.createTempFile(dir, ".jminikube-write-test", "");
            Files.delete(probe);
        } catch (IOException | SecurityException e) {
            throw new JmkException(Reason.HOST_PATH_NOT_WRITABLE, "--output " + dir + " is not writable: "
                    + e.getMessage(), e);
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // best effort: a leftover partial file is never taken for an image (it keeps its .partial name)
        }
    }
}
