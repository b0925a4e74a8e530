package dev.jminikube.bootstrap.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jminikube.bootstrap.binaries.LinuxArch;
import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageTarReaderTest {
    @TempDir
    Path dir;

    private Path pauseTar() throws IOException {
        Path pause = Files.write(dir.resolve("pause"), new byte[] {1, 2, 3});
        Path tar = dir.resolve("pause.tar");
        ImageTarWriter.write(PauseImage.of(pause, LinuxArch.AMD64), tar);
        return tar;
    }

    @Test
    void dockerArchiveGivesItsTags() throws IOException {
        ImageArchiveInfo info = ImageTarReader.inspect(pauseTar());
        assertThat(info.format()).isEqualTo(ImageArchiveInfo.Format.DOCKER_ARCHIVE);
        assertThat(info.repoTags()).containsExactly(PauseImage.TAG);
        assertThat(info.gzipped()).isFalse();
    }

    @Test
    void gzippedArchiveIsRecognised() throws IOException {
        Path gz = dir.resolve("pause.tar.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(Files.readAllBytes(pauseTar()));
        }
        ImageArchiveInfo info = ImageTarReader.inspect(gz);
        assertThat(info.gzipped()).isTrue();
        assertThat(info.repoTags()).containsExactly(PauseImage.TAG);
    }

    @Test
    void ociLayoutGivesTheNamesFromAnnotations() throws IOException {
        String index = """
                {"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json",
                 "digest":"sha256:00","size":1,
                 "annotations":{"io.containerd.image.name":"docker.io/library/nginx:1.25",
                                "org.opencontainers.image.ref.name":"1.25"}}]}""";
        Path tar = dir.resolve("oci.tar");
        Files.write(tar, TarArchive.of(List.of(
                TarEntry.file("oci-layout", 0644, "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8)),
                TarEntry.file("index.json", 0644, index.getBytes(StandardCharsets.UTF_8)),
                TarEntry.directory("blobs/sha256", 0755))));

        ImageArchiveInfo info = ImageTarReader.inspect(tar);

        assertThat(info.format()).isEqualTo(ImageArchiveInfo.Format.OCI_LAYOUT);
        assertThat(info.repoTags()).containsExactly("docker.io/library/nginx:1.25");
    }

    @Test
    void tarWithoutManifestIsRejected() throws IOException {
        Path tar = dir.resolve("files.tar");
        Files.write(tar, TarArchive.of(List.of(TarEntry.file("etc/hosts", 0644, new byte[] {'x'}))));

        assertThatThrownBy(() -> ImageTarReader.inspect(tar)).isInstanceOf(JmkException.class)
                .hasMessage(tar + ": not an image archive (no manifest.json or index.json)")
                .extracting(e -> ((JmkException) e).reason()).isEqualTo(Reason.IMAGE_FILE_INVALID);
    }

    @Test
    void nonTarIsRejected() throws IOException {
        Path text = Files.writeString(dir.resolve("notes.txt"), "hello\n".repeat(200));
        Path empty = Files.write(dir.resolve("empty.tar"), new byte[0]);

        assertThatThrownBy(() -> ImageTarReader.inspect(text)).isInstanceOf(JmkException.class)
                .hasMessageStartingWith(text + ": not an image archive (not a tar archive: ")
                .extracting(e -> ((JmkException) e).reason()).isEqualTo(Reason.IMAGE_FILE_INVALID);
        assertThatThrownBy(() -> ImageTarReader.inspect(empty)).hasMessageContaining("not an image archive");
        assertThatThrownBy(() -> ImageTarReader.inspect(dir.resolve("missing.tar")))
                .hasMessageEndingWith("missing.tar: no such file");
    }

    @Test
    void truncatedArchiveIsRejected() throws IOException {
        byte[] whole = Files.readAllBytes(pauseTar());
        Path cut = Files.write(dir.resolve("cut.tar"), java.util.Arrays.copyOf(whole, 700));

        assertThatThrownBy(() -> ImageTarReader.inspect(cut)).isInstanceOf(JmkException.class)
                .hasMessageContaining("not an image archive");
    }
}
