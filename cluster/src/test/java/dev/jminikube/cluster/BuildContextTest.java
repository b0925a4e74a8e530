package dev.jminikube.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jminikube.bootstrap.images.TarReader;
import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuildContextTest {
    @TempDir
    Path dir;

    @Test
    void sendsTheContextWithoutWhatDockerignoreLeavesOutButAlwaysTheDockerfile() throws IOException {
        Files.writeString(dir.resolve("Dockerfile"), "FROM busybox\nCOPY . /srv\n");
        Files.writeString(dir.resolve(".dockerignore"), "# comment\n\n/target/\n*.log\n!keep.log\nDockerfile\n");
        Files.createDirectories(dir.resolve("target/classes"));
        Files.writeString(dir.resolve("target/classes/A.class"), "x");
        Files.writeString(dir.resolve("debug.log"), "x");
        Files.writeString(dir.resolve("keep.log"), "kept");
        Files.createDirectories(dir.resolve("www/cgi-bin"));
        Path script = Files.writeString(dir.resolve("www/cgi-bin/hello"), "#!/bin/sh\necho hi\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-x---"));
        Files.createSymbolicLink(dir.resolve("www/index"), Path.of("cgi-bin/hello"));

        BuildContext context = BuildContext.of(dir, Optional.empty());

        assertThat(context.dockerfileName()).isEqualTo("Dockerfile");
        assertThat(context.paths()).containsExactly(".dockerignore", "Dockerfile", "keep.log", "www", "www/cgi-bin",
                "www/cgi-bin/hello", "www/index");
        Map<String, TarReader.Header> sent = new LinkedHashMap<>();
        Map<String, String> contents = new LinkedHashMap<>();
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        context.writeTar(tar);
        TarReader reader = new TarReader(new ByteArrayInputStream(tar.toByteArray()));
        for (Optional<TarReader.Header> h = reader.next(); h.isPresent(); h = reader.next()) {
            sent.put(h.get().name(), h.get());
            if (h.get().isFile()) {
                contents.put(h.get().name(), new String(reader.readContent(), StandardCharsets.UTF_8));
            }
        }
        assertThat(sent).containsKeys("Dockerfile", "keep.log", "www/", "www/cgi-bin/hello", "www/index");
        assertThat(sent.get("www/cgi-bin/hello").mode()).isEqualTo(0750);
        assertThat(contents.get("www/cgi-bin/hello")).isEqualTo("#!/bin/sh\necho hi\n");
        assertThat(sent.get("www/index").isSymlink()).isTrue();
        assertThat(sent.get("www/index").linkTarget()).isEqualTo("cgi-bin/hello");
    }

    @Test
    void aDoubleStarMatchesNoDirectoryToo() throws IOException {
        Files.writeString(dir.resolve("Dockerfile"), "FROM scratch\n");
        Files.writeString(dir.resolve(".dockerignore"), "**/.env\n**/node_modules\n");
        Files.writeString(dir.resolve(".env"), "SECRET=1");
        Files.createDirectories(dir.resolve("web/node_modules/x"));
        Files.createDirectories(dir.resolve("node_modules"));
        Files.writeString(dir.resolve("web/.env"), "SECRET=2");
        assertThat(BuildContext.of(dir, Optional.empty()).paths()).containsExactly(".dockerignore", "Dockerfile", "web");
        Files.writeString(dir.resolve(".dockerignore"), "[unclosed\n");
        assertThatThrownBy(() -> BuildContext.of(dir, Optional.empty())).hasMessageContaining("\"[unclosed\" is not valid")
                .extracting(e -> ((JmkException) e).reason()).isEqualTo(Reason.BUILD_CONTEXT_INVALID);
    }

    @Test
    void aDockerfileFromOutsideTheContextTravelsUnderItsOwnName() throws IOException {
        Path ctx = Files.createDirectories(dir.resolve("ctx"));
        Path file = Files.writeString(dir.resolve("build.Dockerfile"), "FROM scratch\n");
        BuildContext context = BuildContext.of(ctx, Optional.of(file));
        assertThat(context.dockerfileName()).isEqualTo(BuildContext.OUTSIDE_DOCKERFILE);
        assertThat(context.paths()).containsExactly(BuildContext.OUTSIDE_DOCKERFILE);

        Files.createDirectories(ctx.resolve("docker"));
        Path inside = Files.writeString(ctx.resolve("docker/app.Dockerfile"), "FROM scratch\n");
        assertThat(BuildContext.of(ctx, Optional.of(inside)).dockerfileName()).isEqualTo("docker/app.Dockerfile");
    }

    @Test
    void baseImagesAreTheStagesStartsButNotScratchEarlierStagesOrArguments() throws IOException {
        Files.writeString(dir.resolve("Dockerfile"), """
                ARG BASE=debian
                FROM --platform=linux/amd64 jminikube.local/busybox:1 AS build
                RUN make \\
                    all
                from build as test
                FROM scratch
                FROM ${BASE}
                FROM nginx:1.22
                COPY --from=build /out /
                """);
        assertThat(BuildContext.of(dir, Optional.empty()).baseImages())
                .containsExactly("jminikube.local/busybox:1", "nginx:1.22");
    }

    @Test
    void aMissingContextOrDockerfileOrAnUnreadableFileIsRefusedBeforeAnythingIsSent() throws IOException {
        assertThatThrownBy(() -> BuildContext.of(dir.resolve("nothere"), Optional.empty()))
                .hasMessageContaining("is not a directory")
                .extracting(e -> ((JmkException) e).reason()).isEqualTo(Reason.BUILD_CONTEXT_INVALID);
        assertThatThrownBy(() -> BuildContext.of(dir, Optional.empty())).hasMessageContaining("no Dockerfile at "
                + dir.resolve("Dockerfile"));
        Files.writeString(dir.resolve("Dockerfile"), "FROM scratch\n");
        Path secret = Files.writeString(dir.resolve("secret.txt"), "x");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("---------"));
        if (!Files.isReadable(secret)) { // root reads everything: the check cannot be shown as root
            assertThatThrownBy(() -> BuildContext.of(dir, Optional.empty())).hasMessageContaining("secret.txt")
                    .hasMessageContaining("cannot be read");
        }
        Files.writeString(dir.resolve(".dockerignore"), "secret.txt\n");
        assertThat(BuildContext.of(dir, Optional.empty()).paths()).doesNotContain("secret.txt");
    }
}
