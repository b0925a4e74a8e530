package dev.jminikube.addons.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jminikube.addons.AddonImage;
import dev.jminikube.addons.AddonImages;
import dev.jminikube.bootstrap.binaries.LinuxArch;
import dev.jminikube.bootstrap.images.ImageTarReader;
import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import dev.jminikube.core.exec.LocalCommandRunner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real build script and builder, with a stand-in {@code go} (a shell script) so the test needs no Go and no
 * network: it checks what the script asks of go, what becomes of the binary, the cache, and the failures.
 */
class LocalImageBuilderTest {
    @TempDir
    Path dir;
    final List<String> progress = new ArrayList<>();

    /** A fake go: 'env GOVERSION' answers {@code version}; 'build ... -o OUT .' writes a binary or fails. */
    Path fakeGo(String version, boolean buildFails) throws IOException {
        Path go = dir.resolve("fake-go");
        Files.writeString(go, """
                #!/bin/sh
                echo "$@" >> "%s"
                if [ "$1" = env ]; then echo %s; exit 0; fi
                if [ "$1" = build ]; then
                  %s
                  while [ "$#" -gt 1 ]; do if [ "$1" = -o ]; then out=$2; fi; shift; done
                  test -f main.go || { echo "no main.go in $(pwd)" >&2; exit 1; }
                  printf 'ELF-ish binary built from %%s\\n' "$(head -c 40 go.mod)" > "$out"; exit 0
                fi
                exit 2
                """.formatted(dir.resolve("go-calls"), version,
                buildFails ? "echo './main.go:3:2: undefined: coremain.Run' >&2; exit 1" : ""));
        Files.setPosixFilePermissions(go, PosixFilePermissions.fromString("rwxr-xr-x"));
        return go;
    }

    LocalImageBuilder builder(Path go) {
        return new LocalImageBuilder(new LocalCommandRunner(), dir.resolve("cache/images"), dir.resolve("logs"),
                LinuxArch.AMD64, Map.of("GO", go.toString(), "GOPROXY", "http://127.0.0.1:9"));
    }

    List<String> goCalls() throws IOException {
        Path calls = dir.resolve("go-calls");
        return Files.exists(calls) ? Files.readAllLines(calls) : List.of();
    }

    @Test
    void buildsTheBinaryIntoAnImageTarTaggedWithTheImageAndCachesIt() throws Exception {
        Path tar = builder(fakeGo("go1.26.8", false)).imageTar(AddonImages.STORAGE_PROVISIONER, progress::add);

        assertThat(tar.getParent()).isEqualTo(dir.resolve("cache/images"));
        assertThat(tar.getFileName().toString()).matches("storage-provisioner-v1\\.0\\.0-amd64-[0-9a-f]{12}\\.tar");
        assertThat(ImageTarReader.inspect(tar).repoTags()).containsExactly(AddonImages.STORAGE_PROVISIONER.reference());
        assertThat(goCalls()).anyMatch(c -> c.startsWith("build -trimpath -ldflags -s -w -o ")
                && c.endsWith("/bin/storage-provisioner.partial ."));
        assertThat(progress).anyMatch(l -> l.contains("built " + AddonImages.STORAGE_PROVISIONER.reference()));
        try (Stream<Path> left = Files.list(dir.resolve("cache/images"))) {
            assertThat(left).as("no work directory or partial file is left").containsExactly(tar);
        }

        int callsBefore = goCalls().size();
        assertThat(builder(fakeGo("go1.26.8", false)).imageTar(AddonImages.STORAGE_PROVISIONER, progress::add))
                .isEqualTo(tar);
        assertThat(goCalls()).as("the second call is served from the cache").hasSize(callsBefore);
    }

    @Test
    void aGoOlderThanTheModulesDirectiveIsAMissingTool() throws Exception {
        assertThatThrownBy(() -> builder(fakeGo("go1.22.1", false)).imageTar(AddonImages.COREDNS, progress::add))
                .isInstanceOfSatisfying(JmkException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.HOST_TOOL_MISSING);
                    assertThat(e.getMessage()).contains("go >= 1.26").contains("have go1.22.1");
                    assertThat(e.advice()).contains("https://go.dev/dl");
                });
    }

    @Test
    void noGoAtAllIsAMissingToolWithTheInstallLine() {
        assertThatThrownBy(() -> builder(dir.resolve("no-such-go")).imageTar(AddonImages.COREDNS, progress::add))
                .isInstanceOfSatisfying(JmkException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.HOST_TOOL_MISSING);
                    assertThat(e.advice()).contains("apt-get install -y golang-go");
                });
    }

    @Test
    void aFailedBuildNamesItsLogAndLeavesNoImage() throws Exception {
        assertThatThrownBy(() -> builder(fakeGo("go1.26.8", true)).imageTar(AddonImages.COREDNS, progress::add))
                .isInstanceOfSatisfying(JmkException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.ADDON_IMAGE_BUILD_FAILED);
                    assertThat(e.getMessage()).contains(dir.resolve("logs/build-image-coredns.log").toString());
                    assertThat(e.details()).contains("undefined: coremain.Run").contains("build-go-binary.sh");
                });
        assertThat(Files.readString(dir.resolve("logs/build-image-coredns.log"), StandardCharsets.UTF_8))
                .contains("undefined: coremain.Run");
        try (Stream<Path> images = Files.list(dir.resolve("cache/images"))) {
            assertThat(images.filter(p -> p.toString().endsWith(".tar"))).isEmpty();
        }
    }

    @Test
    void everyLocallyBuiltImageHasARecipeWithItsModuleOnTheClasspath() {
        for (AddonImage image : AddonImages.all()) {
            if (image.origin() == AddonImage.Origin.BUILT_LOCALLY) {
                GoImageRecipe recipe = LocalImageRecipes.of(image).orElseThrow();
                Map<String, byte[]> sources = recipe.sources();
                assertThat(new String(sources.get("go.mod"), StandardCharsets.UTF_8)).as(image.reference())
                        .containsPattern("(?m)^module jminikube\\.local/").containsPattern("(?m)^go 1\\.");
                assertThat(sources.get("go.sum")).isNotEmpty();
                assertThat(new String(sources.get("main.go"), StandardCharsets.UTF_8)).contains("func main()");
            }
        }
    }

    @Test
    void theCoreDnsOfEachImagePinsTheReleaseItsTagNames() {
        for (AddonImage image : List.of(AddonImages.COREDNS, AddonImages.COREDNS_LEGACY)) {
            String tag = image.reference().substring(image.reference().lastIndexOf(':') + 1);
            String goMod = new String(LocalImageRecipes.of(image).orElseThrow().sources().get("go.mod"), StandardCharsets.UTF_8);
            assertThat(goMod).as(image.reference()).contains("github.com/coredns/coredns " + tag);
        }
    }

    @Test
    void theCacheKeyChangesWithEverySourceFile() {
        GoImageRecipe recipe = LocalImageRecipes.of(AddonImages.COREDNS).orElseThrow();
        Map<String, byte[]> sources = recipe.sources();
        byte[] script = "#!/bin/sh\n".getBytes(StandardCharsets.UTF_8);
        String key = LocalImageBuilder.inputsKey(recipe, sources, script, LinuxArch.AMD64);
        assertThat(LocalImageBuilder.inputsKey(recipe, sources, script, LinuxArch.ARM64)).isNotEqualTo(key);
        assertThat(LocalImageBuilder.inputsKey(recipe, sources, "#!/bin/bash\n".getBytes(StandardCharsets.UTF_8),
                LinuxArch.AMD64)).isNotEqualTo(key);
        for (String file : sources.keySet()) {
            Map<String, byte[]> changed = new java.util.LinkedHashMap<>(sources);
            changed.put(file, (new String(sources.get(file), StandardCharsets.UTF_8) + "\n").getBytes(StandardCharsets.UTF_8));
            assertThat(LocalImageBuilder.inputsKey(recipe, changed, script, LinuxArch.AMD64)).as(file).isNotEqualTo(key);
        }
    }
}
