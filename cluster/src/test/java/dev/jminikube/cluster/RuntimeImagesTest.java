package dev.jminikube.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jminikube.bootstrap.ContainerRuntime;
import dev.jminikube.bootstrap.images.TarReader;
import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import dev.jminikube.core.exec.CommandResult;
import dev.jminikube.core.exec.RecordingCommandRunner;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The node commands of image ls/rm/save/load/build for each runtime, against the recording runner. */
class RuntimeImagesTest {
    static final String CTR_LS = """
            REF                                   TYPE                                                 DIGEST        SIZE      PLATFORMS   LABELS
            docker.io/library/hello:1             application/vnd.docker.distribution.manifest.v2+json sha256:aaa    1.2 MiB   linux/amd64 io.cri-containerd.image=managed
            docker.io/library/hello-alias:1       application/vnd.docker.distribution.manifest.v2+json sha256:aaa    1.2 MiB   linux/amd64 io.cri-containerd.image=managed
            sha256:cfg1                           application/vnd.docker.distribution.manifest.v2+json sha256:aaa    1.2 MiB   linux/amd64 io.cri-containerd.image=managed
            jminikube.local/busybox:1             application/vnd.docker.distribution.manifest.v2+json sha256:bbb    980.0 KiB linux/amd64 io.cri-containerd.image=managed
            sha256:cfg2                           application/vnd.docker.distribution.manifest.v2+json sha256:bbb    980.0 KiB linux/amd64 io.cri-containerd.image=managed
            """;

    @TempDir
    Path dir;
    final RecordingCommandRunner node = new RecordingCommandRunner();
    final List<String> notes = new ArrayList<>();

    RuntimeImages images(ContainerRuntime runtime) {
        return new RuntimeImages(node, runtime, notes::add);
    }

    @Test
    void containerdListsNamedImagesGroupedByDigest() {
        node.whenRun("ctr", "-n", "k8s.io", "images", "ls").thenOutput(CTR_LS);
        assertThat(images(ContainerRuntime.CONTAINERD).list()).containsExactly(
                new RuntimeImages.Image("sha256:aaa", List.of("docker.io/library/hello:1", "docker.io/library/hello-alias:1"),
                        "1.2 MiB"),
                new RuntimeImages.Image("sha256:bbb", List.of("jminikube.local/busybox:1"), "980.0 KiB"));
    }

    @Test
    void dockerListsTaggedImages() {
        node.whenRun("docker", "images").thenOutput("sha256:111\thello\t1\t1.25MB\nsha256:222\t<none>\t<none>\t5MB\n"
                + "sha256:111\tregistry.local/hello\tv1\t1.25MB\n");
        assertThat(images(ContainerRuntime.DOCKER).list()).containsExactly(
                new RuntimeImages.Image("sha256:111", List.of("hello:1", "registry.local/hello:v1"), "1.25MB"));
    }

    @Test
    void containerdRemovesTheNameAndItsDigestNameOnlyWhenNoOtherNameIsLeft() {
        node.whenRun("ctr", "-n", "k8s.io", "images", "ls").thenOutput(CTR_LS);
        node.whenRun("systemctl", "is-active").thenReturn(3);
        images(ContainerRuntime.CONTAINERD).remove("jminikube.local/busybox:1");
        assertThat(node.commandsRun()).contains("ctr -n k8s.io images rm jminikube.local/busybox:1 sha256:cfg2");

        node.clearCalls();
        images(ContainerRuntime.CONTAINERD).remove("hello:1");
        assertThat(node.commandsRun()).contains("ctr -n k8s.io images rm docker.io/library/hello:1")
                .noneMatch(c -> c.contains("cfg1"));
    }

    @Test
    void removingOrSavingAnImageTheNodeLacksIsImageNotFound() {
        node.whenRun("ctr", "-n", "k8s.io", "images", "ls").thenOutput(CTR_LS);
        assertThatThrownBy(() -> images(ContainerRuntime.CONTAINERD).remove("nothere:1"))
                .hasMessage("the node's containerd has no image nothere:1")
                .extracting(e -> ((JmkException) e).reason()).isEqualTo(Reason.IMAGE_NOT_FOUND);
        node.whenRun("docker", "image", "inspect").thenReturn(1, "", "Error: No such image: nothere:1");
        assertThatThrownBy(() -> images(ContainerRuntime.DOCKER).save("nothere:1", dir.resolve("x.tar")))
                .extracting(e -> ((JmkException) e).reason()).isEqualTo(Reason.IMAGE_NOT_FOUND);
        assertThat(dir.resolve("x.tar")).doesNotExist();
        assertThat(node.commandsRun()).noneMatch(c -> c.startsWith("docker rmi") || c.startsWith("ctr -n k8s.io images rm"));
    }

    @Test
    void saveFetchesTheNodesArchiveAndNeverReplacesAFile() throws IOException {
        node.whenRun("ctr", "-n", "k8s.io", "images", "ls").thenOutput(CTR_LS);
        node.whenRun("ctr", "-n", "k8s.io", "images", "export").thenAnswer(argv -> {
            node.givenFile(argv.get(5), "the archive");
            return new CommandResult(argv, 0, "", "", Duration.ZERO, false);
        });
        Path target = dir.resolve("hello.tar");
        images(ContainerRuntime.CONTAINERD).save("hello:1", target);
        assertThat(target).hasContent("the archive");
        assertThat(node.commandsRun()).anyMatch(c -> c.matches("ctr -n k8s.io images export /tmp/jmk-save-\\w+\\.tar docker\\.io/library/hello:1"))
                .anyMatch(c -> c.matches("rm -f /tmp/jmk-save-\\w+\\.tar"));

        assertThatThrownBy(() -> images(ContainerRuntime.CONTAINERD).save("hello:1", target))
                .hasMessageContaining("exists already")
                .extracting(e -> ((JmkException) e).reason()).isEqualTo(Reason.HOST_FILE_NOT_OURS);
        assertThat(target).hasContent("the archive");
    }

    @Test
    void aFileThatAppearsDuringTheTransferIsNotReplaced() throws IOException {
        Path target = dir.resolve("late.tar");
        node.whenRun("ctr", "-n", "k8s.io", "images", "ls").thenOutput(CTR_LS);
        node.whenRun("ctr", "-n", "k8s.io", "images", "export").thenAnswer(argv -> {
            node.givenFile(argv.get(5), "the archive");
            try {
                Files.writeString(target, "written meanwhile by someone else");
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return new CommandResult(argv, 0, "", "", Duration.ZERO, false);
        });
        assertThatThrownBy(() -> images(ContainerRuntime.CONTAINERD).save("hello:1", target))
                .hasMessageContaining("appeared while the image was being saved")
                .extracting(e -> ((JmkException) e).reason()).isEqualTo(Reason.HOST_FILE_NOT_OURS);
        assertThat(target).hasContent("written meanwhile by someone else");
        try (var files = Files.list(dir)) {
            assertThat(files).as("no temporary file left").containsExactly(target);
        }
    }

    @Test
    void loadStreamsIntoTheRuntimeAndReportsTheNames() {
        node.whenRun("ctr", "-n", "k8s.io", "images", "import", "-")
                .thenOutput("unpacking docker.io/library/app:2 (sha256:abc)...done\n");
        assertThat(images(ContainerRuntime.CONTAINERD).load(new ByteArrayInputStream("tar".getBytes())))
                .containsExactly("docker.io/library/app:2");
        assertThat(node.runs()).last().satisfies(r -> assertThat(r.stdinText()).isEqualTo("tar"));

        node.whenRun("docker", "load").thenReturn(1, "", "open /var/lib/docker/tmp/x: no such file\nunexpected EOF");
        assertThatThrownBy(() -> images(ContainerRuntime.DOCKER).load(new ByteArrayInputStream(new byte[0])))
                .hasMessage("docker could not load the archive: unexpected EOF")
                .extracting(e -> ((JmkException) e).reason()).isEqualTo(Reason.IMAGE_FILE_INVALID);
    }

    @Test
    void aContainerdBuildStartsDockerdHandsOverTheBaseImageBuildsFromTheContextAndImportsTheResult() throws IOException {
        Files.writeString(dir.resolve("Dockerfile"), "FROM jminikube.local/busybox:1\nCOPY index.html /www/\n");
        Files.writeString(dir.resolve("index.html"), "hello");
        node.whenRun("systemctl", "is-active").thenReturn(3);
        node.whenRun("ctr", "-n", "k8s.io", "images", "ls").thenOutput(CTR_LS);
        node.whenRun("docker", "image", "inspect").thenReturn(1);
        List<String> output = new ArrayList<>();

        images(ContainerRuntime.CONTAINERD).build(new RuntimeImages.BuildRequest(BuildContext.of(dir, Optional.empty()),
                ImageName.parse("web:1"), List.of("GREETING=hi"), true), output::add);

        List<String> commands = node.commandsRun();
        assertThat(commands).containsSubsequence(
                "systemctl is-active --quiet docker.service",
                "systemctl start docker.service",
                "docker image inspect jminikube.local/busybox:1",
                "ctr -n k8s.io images ls");
        assertThat(commands).anyMatch(c -> c.matches("ctr -n k8s.io images export /tmp/jmk-base-\\w+\\.tar jminikube\\.local/busybox:1"))
                .anyMatch(c -> c.matches("docker load -i /tmp/jmk-base-\\w+\\.tar"));
        assertThat(commands).containsSubsequence(
                "env DOCKER_BUILDKIT=0 docker build -t web:1 -f Dockerfile --build-arg GREETING=hi --no-cache -",
                "bash -c 'set -o pipefail; docker save web:1 | ctr -n k8s.io images import -'");
        assertThat(notes).contains("Starting dockerd in the node to build with (containerd runtime; once per boot)");
        byte[] context = node.runs().stream().filter(r -> r.argv().contains("build")).findFirst().orElseThrow().stdin();
        TarReader tar = new TarReader(new ByteArrayInputStream(context));
        List<String> names = new ArrayList<>();
        for (var h = tar.next(); h.isPresent(); h = tar.next()) {
            names.add(h.get().name());
            if (h.get().name().equals("index.html")) {
                assertThat(new String(tar.readContent(), StandardCharsets.UTF_8)).isEqualTo("hello");
            }
        }
        assertThat(names).containsExactly("Dockerfile", "index.html");
    }

    @Test
    void aFailedBuildNamesItsStepAndTheError() throws IOException {
        Files.writeString(dir.resolve("Dockerfile"), "FROM busybox\nRUN false\n");
        node.whenRun("env", "DOCKER_BUILDKIT=0", "docker", "build").thenReturn(1,
                "Sending build context to Docker daemon  2.048kB\nStep 1/2 : FROM busybox\n ---> 1a2b\nStep 2/2 : RUN false\n"
                        + " ---> Running in 3c4d\n", "The command '/bin/sh -c false' returned a non-zero code: 1\n");
        List<String> output = new ArrayList<>();
        assertThatThrownBy(() -> images(ContainerRuntime.DOCKER).build(new RuntimeImages.BuildRequest(
                BuildContext.of(dir, Optional.empty()), ImageName.parse("web:1"), List.of(), false), output::add))
                .hasMessage("the build of web:1 failed at Step 2/2 : RUN false: The command '/bin/sh -c false' returned "
                        + "a non-zero code: 1")
                .extracting(e -> ((JmkException) e).reason()).isEqualTo(Reason.IMAGE_BUILD_FAILED);
        assertThat(output).as("the output streamed as it came").contains("Step 2/2 : RUN false");
        assertThat(node.commandsRun()).noneMatch(c -> c.contains("systemctl") || c.contains("ctr "));
    }

    /** A file gone between the context's listing and its sending is the cause, not docker's "unexpected EOF". */
    @Test
    void aContextFileThatCannotBeSentIsNamedEvenWhenTheBuildFailsToo() throws IOException {
        Files.writeString(dir.resolve("Dockerfile"), "FROM busybox\nCOPY index.html /www/\n");
        Files.writeString(dir.resolve("index.html"), "hello");
        BuildContext context = BuildContext.of(dir, Optional.empty());
        Files.delete(dir.resolve("index.html"));
        node.whenRun("env", "DOCKER_BUILDKIT=0", "docker", "build").thenReturn(1, "",
                "Error response from daemon: unexpected EOF\n");

        assertThatThrownBy(() -> images(ContainerRuntime.DOCKER).build(new RuntimeImages.BuildRequest(context,
                ImageName.parse("web:1"), List.of(), false), line -> { }))
                .hasMessageContaining("sending the build context failed").hasMessageContaining("index.html")
                .extracting(e -> ((JmkException) e).reason()).isEqualTo(Reason.BUILD_CONTEXT_INVALID);
    }
}
