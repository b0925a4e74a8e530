package dev.jminikube.bootstrap.binaries;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.jminikube.bootstrap.KubernetesVersion;
import dev.jminikube.core.Environment;
import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import dev.jminikube.core.exec.CommandResult;
import dev.jminikube.core.exec.LocalCommandRunner;
import dev.jminikube.core.exec.RecordingCommandRunner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceBuildSourceTest {
    private static final KubernetesVersion V = KubernetesVersion.of(1, 20, 2);

    @TempDir
    Path home;
    private final List<String> out = new ArrayList<>();
    private final RecordingCommandRunner runner = new RecordingCommandRunner();

    private Environment env() {
        return Environment.from(Map.of("JMINIKUBE_HOME", home.toString()), home, "Linux", "amd64");
    }

    private BinarySourceChain chain(BinarySource source) {
        return new BinarySourceChain(BinaryCache.of(env()), List.of(source), out::add, ProgressListener.NONE);
    }

    /** Plays the recipe: writes every binary and pause into OUT_DIR (argv[2]) and prints like the script. */
    private static CommandResult buildsEverything(List<String> argv) {
        Path outDir = Path.of(argv.get(2));
        try {
            Files.createDirectories(outDir);
            for (String b : KubernetesBinaries.REQUIRED) {
                Files.writeString(outDir.resolve(b), "built " + b);
            }
            Files.writeString(outDir.resolve("pause"), "built pause");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new CommandResult(argv, 0, "", "==> fetching Debian sources\n==> done\n", Duration.ofMinutes(9), false);
    }

    @Test
    void debianRecipeServesOnlyV1202OnAmd64() {
        SourceBuildSource source = SourceBuildSource.debianKubernetes120(runner, env(), out::add);
        assertThat(source.name()).isEqualTo("source build (Debian kubernetes 1.20.5+really1.20.2, Go 1.19)");
        assertThat(source.canServe(V, LinuxArch.AMD64)).isTrue();
        assertThat(source.canServe(V, LinuxArch.ARM64)).isFalse();
        assertThat(source.canServe(KubernetesVersion.of(1, 20, 3), LinuxArch.AMD64)).isFalse();
        assertThat(runner.calls()).isEmpty();
    }

    @Test
    void runsTheRecipeAndCachesItsOutputWithTheRecipeHash() throws IOException {
        runner.whenRun("bash").thenAnswer(SourceBuildSourceTest::buildsEverything);
        SourceBuildSource source = SourceBuildSource.debianKubernetes120(runner, env(), out::add);

        InstalledBinaries installed = chain(source).obtain(V, LinuxArch.AMD64);

        Path work = home.resolve("cache/kubernetes/.build/v1.20.2");
        Path partial = home.resolve("cache/kubernetes/v1.20.2/linux-amd64.partial");
        assertThat(runner.runs()).singleElement().satisfies(run -> {
            assertThat(run.argv()).containsExactly("bash", work.resolve("kubernetes-from-debian-source.sh").toString(),
                    partial.toString(), work.toString());
            assertThat(run.timeout()).isEqualTo(SourceBuildSource.BUILD_TIMEOUT);
        });
        assertThat(installed.servedBy()).isEqualTo(source.name());
        assertThat(installed.binary("kubelet")).hasContent("built kubelet");
        assertThat(installed.pause()).hasValue(installed.dir().resolve("pause"));
        BinaryManifest manifest = BinaryManifest.read(installed.dir().resolve("manifest.json"));
        String recipeSha = BuildRecipe.fromClasspath("kubernetes-from-debian-source.sh").sha256();
        assertThat(manifest.recipeSha256()).isEqualTo(recipeSha).hasSize(64);
        assertThat(manifest.files()).containsOnlyKeys("kube-apiserver", "kube-controller-manager", "kube-scheduler",
                "kubelet", "kube-proxy", "kubectl", "pause");
        assertThat(home.resolve("logs/build-kubernetes-v1.20.2.log")).content()
                .contains("==> fetching Debian sources\n==> done\n");
        assertThat(out).contains("==> done", "Kubernetes v1.20.2 binaries: from " + source.name());
        assertThat(work).as("work tree removed after a successful build").doesNotExist();
        assertThat(partial).doesNotExist();

        runner.clearCalls();
        assertThat(chain(source).obtain(V, LinuxArch.AMD64).servedBy()).isEqualTo("cache (from " + source.name() + ")");
        assertThat(runner.calls()).isEmpty();
    }

    @Test
    void failedBuildNamesTheLogAndLeavesNothingInTheCache() {
        runner.whenRun("bash").thenReturn(2, "", "==> building\ncompile: undefined: foo\n");
        SourceBuildSource source = SourceBuildSource.debianKubernetes120(runner, env(), out::add);

        JmkException e = catchThrowableOfType(() -> chain(source).obtain(V, LinuxArch.AMD64), JmkException.class);

        Path log = home.resolve("logs/build-kubernetes-v1.20.2.log");
        assertThat(e.reason()).isEqualTo(Reason.K8S_SOURCE_BUILD_FAILED);
        assertThat(e.getMessage()).isEqualTo(source.name() + " of v1.20.2 failed with status 2; full log: " + log);
        assertThat(e.details()).startsWith("$ bash ").endsWith("==> building\ncompile: undefined: foo");
        assertThat(log).content().contains("compile: undefined: foo");
        assertThat(home.resolve("cache/kubernetes/v1.20.2/linux-amd64")).doesNotExist();
        assertThat(home.resolve("cache/kubernetes/v1.20.2/linux-amd64.partial")).doesNotExist();
        assertThat(home.resolve("cache/kubernetes/.build/v1.20.2")).as("kept for a quicker retry").isDirectory();
    }

    @Test
    void missingToolsPassOnAndTheInstallCommandBecomesTheAdvice() {
        runner.whenRun("bash").thenReturn(3, "", "missing build tools: golang-1.19-go rsync "
                + "(install: apt-get install -y golang-1.19-go dpkg-dev rsync make gcc curl)\n");
        SourceBuildSource source = SourceBuildSource.debianKubernetes120(runner, env(), out::add);

        JmkException e = catchThrowableOfType(() -> chain(source).obtain(V, LinuxArch.AMD64), JmkException.class);

        assertThat(e.reason()).isEqualTo(Reason.K8S_BINARIES_UNAVAILABLE);
        assertThat(e.getMessage()).contains(source.name() + ": missing build tools: golang-1.19-go rsync)");
        assertThat(e.advice()).isEqualTo("Install them (sudo apt-get install -y golang-1.19-go dpkg-dev rsync make "
                + "gcc curl), or pass --binary-mirror=URL with a release tree.");
    }

    @Test
    void runsARealRecipeWithBash() throws IOException {
        String script = """
                set -eu
                OUT=$1; WORK=$2
                [ -d "$WORK" ] || exit 9
                mkdir -p "$OUT"
                for b in kube-apiserver kube-controller-manager kube-scheduler kubelet kube-proxy kubectl; do
                  echo "binary $b" > "$OUT/$b"
                done
                echo "==> done" >&2
                """;
        BuildRecipe recipe = new BuildRecipe("fake-recipe.sh", script.getBytes(StandardCharsets.UTF_8));
        SourceBuildSource source = new SourceBuildSource("source build (fake)", recipe, v -> true,
                Set.of(LinuxArch.AMD64, LinuxArch.ARM64), new LocalCommandRunner(), home.resolve("work"),
                home.resolve("logs"), out::add);

        InstalledBinaries installed = chain(source).obtain(KubernetesVersion.of(1, 31, 0), LinuxArch.ARM64);

        assertThat(installed.binary("kubectl")).hasContent("binary kubectl");
        assertThat(installed.pause()).isEmpty();
        assertThat(out).contains("==> done");
    }
}
