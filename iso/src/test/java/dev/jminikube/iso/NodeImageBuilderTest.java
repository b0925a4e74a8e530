package dev.jminikube.iso;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import dev.jminikube.core.exec.CommandResult;
import dev.jminikube.core.exec.RecordingCommandRunner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeImageBuilderTest {
    @TempDir
    Path dir;

    private Path cache;
    private final RecordingCommandRunner runner = new RecordingCommandRunner();
    private final FakeHost host = new FakeHost();
    private final NodeImageRecipe recipe = new NodeImageRecipe("echo build\n".getBytes(), "v9.9.9");
    private final List<String> progress = new ArrayList<>();

    /** A host with every tool, as root, with plenty of disk; tests take things away. */
    static final class FakeHost implements HostTools {
        final Set<String> missingTools = new HashSet<>();
        final Set<Path> missingPaths = new HashSet<>();
        boolean root = true;
        long free = 100L << 30;

        @Override
        public Optional<Path> which(String tool) {
            return missingTools.contains(tool) ? Optional.empty() : Optional.of(Path.of("/usr/bin", tool));
        }

        @Override
        public boolean isRoot() {
            return root;
        }

        @Override
        public boolean exists(Path path) {
            return !missingPaths.contains(path);
        }

        @Override
        public long usableSpace(Path d) {
            return free;
        }
    }

    @BeforeEach
    void setUp() {
        cache = dir.resolve("cache/iso");
    }

    private NodeImageBuilder builder() {
        return new NodeImageBuilder(recipe, cache, runner, host);
    }

    /** The build script as the fake runs it: writes argv[2] (the partial ISO) and succeeds. */
    private void scriptWritesIso() {
        runner.whenRun("bash").thenAnswer(argv -> {
            try {
                Files.writeString(Path.of(argv.get(2)), "ISO");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new CommandResult(argv, 0, "==> mmdebstrap bookworm\n==> done: 1 MB\n", "", Duration.ZERO, false);
        });
    }

    @Test
    void buildsIntoTheCacheUnderTheRecipesNameAndShowsProgress() {
        scriptWritesIso();
        Path iso = builder().build(Optional.empty(), progress::add);
        assertThat(iso).isEqualTo(cache.resolve(recipe.isoFileName())).hasContent("ISO");
        assertThat(iso.getFileName().toString()).matches("jminikube-node-v9\\.9\\.9-[0-9a-f]{12}\\.iso");
        assertThat(progress).contains("mmdebstrap bookworm", "done: 1 MB");
        List<String> argv = runner.runs().get(0).argv();
        assertThat(argv.get(0)).isEqualTo("bash");
        assertThat(argv.subList(4, 6)).containsExactly("v9.9.9", recipe.sha256());
        assertThat(runner.commandsRun()).anyMatch(c -> c.startsWith("rm -rf --one-file-system"));
    }

    @Test
    void secondBuildReusesTheCacheWithoutRunningTheScript() {
        scriptWritesIso();
        builder().build(Optional.empty(), progress::add);
        runner.clearCalls();
        builder().build(Optional.empty(), progress::add);
        assertThat(runner.commandsRun()).isEmpty();
        assertThat(progress).anyMatch(p -> p.startsWith("Reusing the cached node image"));
    }

    @Test
    void aChangedRecipeIsANewImage() {
        NodeImageRecipe other = new NodeImageRecipe("echo other\n".getBytes(), "v9.9.9");
        assertThat(other.isoFileName()).isNotEqualTo(recipe.isoFileName());
        assertThat(new NodeImageRecipe("echo build\n".getBytes(), "v9.9.10").sha256()).isNotEqualTo(recipe.sha256());
    }

    @Test
    void outputDirGetsACopyAndItsPathIsReturned() {
        scriptWritesIso();
        Path out = dir.resolve("out");
        Path iso = builder().build(Optional.of(out), progress::add);
        assertThat(iso.getParent()).isEqualTo(out);
        assertThat(iso).hasContent("ISO");
        assertThat(cache.resolve(recipe.isoFileName())).exists();
    }

    @Test
    void missingToolsNameTheExactPackagesToInstall() {
        host.missingTools.add("mmdebstrap");
        host.missingTools.add("xorriso");
        host.missingPaths.add(Path.of("/usr/lib/grub/x86_64-efi"));
        assertThatThrownBy(() -> builder().build(Optional.empty(), progress::add))
                .isInstanceOfSatisfying(JmkException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.HOST_TOOL_MISSING);
                    assertThat(e.getMessage()).contains("mmdebstrap", "xorriso", "/usr/lib/grub/x86_64-efi");
                    assertThat(e.advice()).isEqualTo("sudo apt-get install -y mmdebstrap xorriso grub-efi-amd64-bin");
                });
        assertThat(runner.commandsRun()).isEmpty();
    }

    @Test
    void needsRoot() {
        host.root = false;
        assertThatThrownBy(() -> builder().build(Optional.empty(), progress::add))
                .isInstanceOfSatisfying(JmkException.class, e -> assertThat(e.reason()).isEqualTo(Reason.HOST_NOT_ROOT));
    }

    @Test
    void tooLittleDiskIsRefusedBeforeStarting() {
        host.free = 100L << 20;
        assertThatThrownBy(() -> builder().build(Optional.empty(), progress::add))
                .isInstanceOfSatisfying(JmkException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.RESOURCE_DISK_FULL));
        assertThat(runner.commandsRun()).isEmpty();
    }

    @Test
    void diskFullMidBuildLeavesNothingInTheCache() {
        runner.whenRun("bash").thenAnswer(argv -> {
            try {
                Files.writeString(Path.of(argv.get(2)), "half an ISO");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new CommandResult(argv, 1, "==> compressing\n", "Write failed because No space left on device\n",
                    Duration.ZERO, false);
        });
        assertThatThrownBy(() -> builder().build(Optional.empty(), progress::add))
                .isInstanceOfSatisfying(JmkException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.RESOURCE_DISK_FULL);
                    assertThat(e.details()).contains("$ bash ").contains("No space left on device");
                });
        try (var files = Files.list(cache)) {
            assertThat(files.filter(p -> p.toString().endsWith("iso") || p.toString().endsWith("partial")))
                    .isEmpty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(builder().findCached()).isEmpty();
    }

    @Test
    void aFailedBuildIsAGuestImageErrorWithTheCommandAndOutput() {
        runner.whenRun("bash").thenReturn(100, "", "E: Unable to locate package docker.io");
        assertThatThrownBy(() -> builder().build(Optional.empty(), progress::add))
                .isInstanceOfSatisfying(JmkException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.GUEST_IMAGE_BUILD_FAILED);
                    assertThat(e.getMessage()).contains("status 100");
                    assertThat(e.details()).contains("Unable to locate package docker.io");
                });
        assertThat(builder().findCached()).isEmpty();
    }

    @Test
    void bundledRecipeIsTheShippedScript() {
        NodeImageRecipe bundled = NodeImageRecipe.bundled();
        assertThat(new String(bundled.script())).startsWith("#!/bin/bash").contains("mmdebstrap")
                .contains("jminikube, please format-me");
        assertThat(bundled.version()).isEqualTo(NodeImageRecipe.IMAGE_VERSION);
    }
}
