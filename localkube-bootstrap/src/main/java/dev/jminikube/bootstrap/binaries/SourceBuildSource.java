package dev.jminikube.bootstrap.binaries;

import dev.jminikube.bootstrap.KubernetesVersion;
import dev.jminikube.core.Environment;
import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import dev.jminikube.core.exec.CommandResult;
import dev.jminikube.core.exec.CommandRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds the binaries from source with a bundled recipe, the last resort when no release tree can be
 * reached. The script's output goes to the user and to {@code $JMINIKUBE_HOME/logs/build-kubernetes-<version>.log}.
 * Its work directory survives a failed build (downloaded sources and the Go build cache make the retry
 * quicker) and is removed after a successful one.
 */
public final class SourceBuildSource implements BinarySource {
    /** The recipes' exit status for "build tools missing"; their stderr names the tools and the install command. */
    static final int EXIT_MISSING_TOOLS = 3;
    static final Duration BUILD_TIMEOUT = Duration.ofHours(3);
    private static final int TAIL_LINES = 25;
    private static final Pattern INSTALL_HINT = Pattern.compile("\\(install: ([^)]*)\\)");

    private final String name;
    private final BuildRecipe recipe;
    private final Predicate<KubernetesVersion> versions;
    private final Set<LinuxArch> arches;
    private final CommandRunner runner;
    private final Path workRoot;
    private final Path logsDir;
    private final Consumer<String> output;
    private final java.util.function.Function<KubernetesVersion, List<String>> leadingArguments;
    private final Map<String, String> environment;

    /**
     * @param versions which versions the recipe builds (cheap, no network)
     * @param arches   which architectures it builds; recipes build natively, so only the host's
     * @param workRoot per-version work directories go under it
     * @param output   each line the script prints, for the user
     */
    public SourceBuildSource(String name, BuildRecipe recipe, Predicate<KubernetesVersion> versions,
                             Set<LinuxArch> arches, CommandRunner runner, Path workRoot, Path logsDir,
                             Consumer<String> output) {
        this(name, recipe, versions, arches, runner, workRoot, logsDir, output, v -> List.of(), Map.of());
    }

    /**
     * @param leadingArguments arguments before OUT_DIR WORK_DIR (the Go-proxy recipe takes the version first)
     * @param environment      variables for the recipe (shared Go caches), passed through {@code env}
     */
    public SourceBuildSource(String name, BuildRecipe recipe, Predicate<KubernetesVersion> versions,
                             Set<LinuxArch> arches, CommandRunner runner, Path workRoot, Path logsDir,
                             Consumer<String> output,
                             java.util.function.Function<KubernetesVersion, List<String>> leadingArguments,
                             Map<String, String> environment) {
        this.leadingArguments = leadingArguments;
        this.environment = Map.copyOf(environment);
        this.name = name;
        this.recipe = recipe;
        this.versions = versions;
        this.arches = Set.copyOf(arches);
        this.runner = runner;
        this.workRoot = workRoot;
        this.logsDir = logsDir;
        this.output = output;
    }

    /** Kubernetes v1.20.2 from Debian bookworm's source package, amd64 hosts only (the recipe's output path). */
    public static SourceBuildSource debianKubernetes120(CommandRunner runner, Environment env, Consumer<String> output) {
        KubernetesVersion only = KubernetesVersion.of(1, 20, 2);
        return new SourceBuildSource("source build (Debian kubernetes 1.20.5+really1.20.2, Go 1.19)",
                BuildRecipe.fromClasspath("kubernetes-from-debian-source.sh"), only::equals, Set.of(LinuxArch.AMD64),
                runner, env.cacheDir().resolve("kubernetes").resolve(".build"), env.logsDir(), output);
    }

    /**
     * A current release built from the Go module proxy with the host's Go (k8s.io/kubernetes plus its
     * staging modules at their v0.x tags). The Go module and build caches are kept beside the binary
     * cache, so another patch release or a retry does not download and compile everything again.
     */
    public static SourceBuildSource goProxy(CommandRunner runner, Environment env, Consumer<String> output) {
        Map<String, String> vars = goEnvironment(env);
        return new SourceBuildSource("source build (Go module proxy, host Go)",
                BuildRecipe.fromClasspath("kubernetes-from-go-proxy.sh"),
                v -> v.compareTo(dev.jminikube.bootstrap.SupportedVersions.OLDEST_GO_PROXY_BUILD) >= 0,
                Set.of(LinuxArch.AMD64, LinuxArch.ARM64), runner,
                env.cacheDir().resolve("kubernetes").resolve(".build"), env.logsDir(), output,
                v -> List.of(v.toString()), vars);
    }

    /**
     * The Go module and build caches every Go build of jminikube shares (Kubernetes, add-on images), kept
     * beside the binary cache, plus the user's GOPROXY if set.
     */
    public static Map<String, String> goEnvironment(Environment env) {
        Path goCaches = env.cacheDir().resolve("kubernetes").resolve(".go");
        Map<String, String> vars = new java.util.TreeMap<>();
        vars.put("GOMODCACHE", goCaches.resolve("mod").toString());
        vars.put("GOCACHE", goCaches.resolve("build").toString());
        env.variable("GOPROXY").ifPresent(p -> vars.put("GOPROXY", p));
        return vars;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean canServe(KubernetesVersion version, LinuxArch arch) {
        return arches.contains(arch) && versions.test(version);
    }

    @Override
    public Optional<String> recipeSha256() {
        return Optional.of(recipe.sha256());
    }

    public Path logFile(KubernetesVersion version) {
        return logsDir.resolve("build-kubernetes-" + version + ".log");
    }

    @Override
    public void fetch(KubernetesVersion version, LinuxArch arch, Path targetDir, ProgressListener progress) {
        Path work = workRoot.resolve(version.toString());
        Path log = logFile(version);
        LoggedRun.Outcome outcome;
        List<String> argv;
        try {
            Files.createDirectories(work);
            Path script = work.resolve(recipe.fileName());
            Files.write(script, recipe.script());
            List<String> command = new java.util.ArrayList<>();
            if (!environment.isEmpty()) {
                command.add("env");
                environment.forEach((k, v) -> command.add(k + "=" + v));
            }
            command.addAll(List.of("bash", script.toString()));
            command.addAll(leadingArguments.apply(version));
            command.addAll(List.of(targetDir.toString(), work.toString()));
            argv = List.copyOf(command);
            output.accept("Building Kubernetes " + version + " from source with " + recipe.fileName() + " (recipe "
                    + recipe.sha256().substring(0, 12) + "); this takes a while, log: " + log);
            outcome = LoggedRun.run(runner, argv, BUILD_TIMEOUT, log, output, TAIL_LINES);
        } catch (IOException e) {
            throw new JmkException(Reason.HOST_HOME_NOT_WRITABLE, "cannot prepare the source build under " + work
                    + " (log " + log + "): " + e.getMessage(), e);
        }
        CommandResult result = outcome.result();
        if (result.exitCode() == EXIT_MISSING_TOOLS && !result.timedOut()) {
            throw missingTools(result);
        }
        if (!result.succeeded()) {
            String status = result.timedOut() ? "timed out after " + BUILD_TIMEOUT.toHours() + " h"
                    : "failed with status " + result.exitCode();
            throw new JmkException(Reason.K8S_SOURCE_BUILD_FAILED, name + " of " + version + " " + status
                    + "; full log: " + log, null, "$ " + runner.pasteReady(argv) + "\n" + outcome.tail(), null);
        }
        Directories.deleteQuietly(work);
    }

    private JmkException missingTools(CommandResult result) {
        String message = result.stderr().lines().filter(l -> l.contains("missing")).findFirst()
                .orElse(result.combinedOutput().lines().reduce((a, b) -> b).orElse("missing build tools")).strip();
        Matcher install = INSTALL_HINT.matcher(message);
        String advice = install.find()
                ? "Install them (sudo " + install.group(1).strip() + "), or pass --binary-mirror=URL with a release tree."
                : null;
        String shortMessage = install.replaceAll("").strip();
        return new JmkException(Reason.HOST_TOOL_MISSING, name + ": " + shortMessage, advice, null, null);
    }
}
