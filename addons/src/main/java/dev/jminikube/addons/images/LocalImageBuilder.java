package dev.jminikube.addons.images;

import dev.jminikube.addons.AddonImage;
import dev.jminikube.bootstrap.binaries.Directories;
import dev.jminikube.bootstrap.binaries.LinuxArch;
import dev.jminikube.bootstrap.binaries.LoggedRun;
import dev.jminikube.core.Sha256;
import dev.jminikube.bootstrap.binaries.SourceBuildSource;
import dev.jminikube.bootstrap.images.ContainerImage;
import dev.jminikube.bootstrap.images.ImageConfig;
import dev.jminikube.bootstrap.images.ImageLayer;
import dev.jminikube.bootstrap.images.ImageTarWriter;
import dev.jminikube.core.Environment;
import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import dev.jminikube.core.exec.CommandResult;
import dev.jminikube.core.exec.CommandRunner;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds the images jminikube makes itself: the recipe's Go module is compiled with the host's Go (modules
 * from the Go module proxy) and the binary written into a one-layer image tar by our own code. Tars are
 * cached in {@code $JMINIKUBE_HOME/cache/images/} under a name holding the hash of everything that goes into
 * them (sources, build script, architecture), so a second call returns at once; a failed build leaves none.
 */
public final class LocalImageBuilder {
    static final String SCRIPT = "build-go-binary.sh";
    static final int EXIT_MISSING_TOOLS = 3;
    private static final Duration BUILD_TIMEOUT = Duration.ofHours(1);
    private static final Pattern INSTALL_HINT = Pattern.compile("\\(install: ([^)]*)\\)");

    private final CommandRunner local;
    private final Path imagesDir;
    private final Path logsDir;
    private final LinuxArch arch;
    private final Map<String, String> goEnvironment;

    public LocalImageBuilder(CommandRunner local, Path imagesDir, Path logsDir, LinuxArch arch,
                             Map<String, String> goEnvironment) {
        this.local = local;
        this.imagesDir = imagesDir;
        this.logsDir = logsDir;
        this.arch = arch;
        this.goEnvironment = Map.copyOf(goEnvironment);
    }

    public static LocalImageBuilder of(CommandRunner local, Environment env) {
        return new LocalImageBuilder(local, env.cacheDir().resolve("images"), env.logsDir(),
                LinuxArch.fromName(env.arch()), SourceBuildSource.goEnvironment(env));
    }

    /**
     * The docker-archive tar of {@code image} (one jminikube builds: see {@link LocalImageRecipes}), built on first
     * use and then taken from the cache; {@code progress} gets one line per step.
     */
    public Path imageTar(AddonImage image, Consumer<String> progress) {
        GoImageRecipe recipe = LocalImageRecipes.of(image).orElseThrow(() -> new IllegalArgumentException(
                image.reference() + " is not an image jminikube builds"));
        Map<String, byte[]> sources = recipe.sources();
        byte[] script = GoImageRecipe.resource(SCRIPT);
        String key = inputsKey(recipe, sources, script, arch);
        Path tar = cachedTar(recipe, key);
        if (Files.isRegularFile(tar)) {
            return tar;
        }
        Path work = imagesDir.resolve(".build-" + recipe.sourceDir() + "-" + key.substring(0, 12));
        Path log = logsDir.resolve("build-image-" + recipe.sourceDir() + ".log");
        Path binary = work.resolve("bin").resolve(recipe.binary().substring(1));
        List<String> argv = new ArrayList<>(List.of("env"));
        goEnvironment.forEach((k, v) -> argv.add(k + "=" + v));
        argv.add("GOARCH=" + arch.goName());
        argv.addAll(List.of("bash", work.resolve(SCRIPT).toString(), work.resolve("src").toString(), binary.toString()));
        progress.accept("building " + image.reference() + " from the Go module proxy (log: " + log + ")");
        LoggedRun.Outcome outcome;
        try {
            Files.createDirectories(work.resolve("src"));
            Files.write(work.resolve(SCRIPT), script);
            for (Map.Entry<String, byte[]> f : sources.entrySet()) {
                Files.write(work.resolve("src").resolve(f.getKey()), f.getValue());
            }
            outcome = LoggedRun.run(local, argv, BUILD_TIMEOUT, log, progress, 25);
        } catch (IOException e) {
            throw new JmkException(Reason.HOST_HOME_NOT_WRITABLE, "cannot prepare the image build in " + work + ": "
                    + e.getMessage(), e);
        }
        CommandResult result = outcome.result();
        if (result.exitCode() == EXIT_MISSING_TOOLS && !result.timedOut()) {
            throw missingTools(result);
        }
        if (!result.succeeded()) {
            throw new JmkException(Reason.ADDON_IMAGE_BUILD_FAILED, "building " + image.reference() + " "
                    + (result.timedOut() ? "timed out" : "failed with status " + result.exitCode()) + "; full log: " + log,
                    null, "$ " + local.pasteReady(argv) + "\n" + outcome.tail(), null);
        }
        writeImage(recipe, binary, tar);
        Directories.deleteQuietly(work);
        progress.accept("built " + image.reference() + " (" + sizeMb(tar) + " MB image tar)");
        return tar;
    }

    /** Where the tar of {@code recipe} goes; the name changes whenever an input does. */
    Path cachedTar(GoImageRecipe recipe, String key) {
        String tag = recipe.image().reference().substring(recipe.image().reference().lastIndexOf(':') + 1);
        return imagesDir.resolve(recipe.sourceDir() + "-" + tag + "-" + arch.goName() + "-" + key.substring(0, 12) + ".tar");
    }

    static String inputsKey(GoImageRecipe recipe, Map<String, byte[]> sources, byte[] script, LinuxArch arch) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] header = (recipe.image().reference() + "\n" + recipe.binary() + "\n" + arch.goName() + "\n"
                + String.join(",", recipe.exposedPorts()) + "\n").getBytes(StandardCharsets.UTF_8);
        all.writeBytes(header);
        all.writeBytes(Sha256.of(script).getBytes(StandardCharsets.UTF_8));
        sources.forEach((name, bytes) -> all.writeBytes((name + ":" + Sha256.of(bytes) + "\n").getBytes(StandardCharsets.UTF_8)));
        return Sha256.of(all.toByteArray());
    }

    private void writeImage(GoImageRecipe recipe, Path binary, Path tar) {
        ImageLayer layer = ImageLayer.builder().file(recipe.binary(), 0755, binary).build();
        ImageConfig config = new ImageConfig(arch.goName(), List.of(recipe.binary()), List.of(),
                List.of(ImageConfig.DEFAULT_PATH), "/", recipe.exposedPorts());
        ContainerImage image = new ContainerImage(List.of(recipe.image().reference()), config, List.of(layer));
        Path partial = tar.resolveSibling(tar.getFileName() + ".partial");
        try {
            ImageTarWriter.write(image, partial);
            Files.move(partial, tar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(partial);
            } catch (IOException ignored) {
                // The write error is the one to report.
            }
            throw new JmkException(Reason.HOST_HOME_NOT_WRITABLE, "cannot write the image tar " + tar + ": " + e.getMessage(), e);
        }
    }

    private static JmkException missingTools(CommandResult result) {
        String line = result.stderr().lines().filter(l -> l.contains("missing build tools")).findFirst()
                .orElse("missing build tools").strip();
        Matcher install = INSTALL_HINT.matcher(line);
        String advice = install.find() ? "Install it (sudo " + install.group(1).strip() + ") and run the command again." : null;
        return new JmkException(Reason.HOST_TOOL_MISSING, install.replaceAll("").strip(), advice, null, null);
    }

    private static long sizeMb(Path file) {
        try {
            return Math.max(1, Files.size(file) / (1024 * 1024));
        } catch (IOException e) {
            return 0;
        }
    }
}
