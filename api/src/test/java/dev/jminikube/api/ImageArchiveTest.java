package dev.jminikube.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.jminikube.bootstrap.images.ImageTarReader;
import dev.jminikube.bootstrap.images.TarReader;
import dev.jminikube.core.Reason;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Images from a binary plus files: what the archive's single layer holds, and bad input as reasons. */
class ImageArchiveTest {
    @TempDir
    Path dir;

    /** Each member of the archive's one layer: "mode type [-> target | content]". */
    private static Map<String, String> layer(Path archive) throws IOException {
        byte[] layerTar = null;
        try (InputStream in = Files.newInputStream(archive)) {
            TarReader outer = new TarReader(in);
            for (Optional<TarReader.Header> h = outer.next(); h.isPresent(); h = outer.next()) {
                if (h.get().name().endsWith("/layer.tar")) {
                    layerTar = outer.readContent();
                }
            }
        }
        assertThat(layerTar).as("a layer in " + archive).isNotNull();
        Map<String, String> members = new TreeMap<>();
        TarReader inner = new TarReader(new ByteArrayInputStream(layerTar));
        for (Optional<TarReader.Header> h = inner.next(); h.isPresent(); h = inner.next()) {
            TarReader.Header m = h.get();
            String what = m.isSymlink() ? "-> " + m.linkTarget() : m.isDirectory() ? "dir"
                    : new String(inner.readContent(), StandardCharsets.UTF_8);
            members.put(m.name().replaceAll("/$", ""), Integer.toOctalString(m.mode()) + " " + what);
        }
        return members;
    }

    @Test
    void aBinaryWithAliasesAFileAndADirectoryTree() throws IOException {
        Path binary = Files.writeString(dir.resolve("tool"), "#!binary");
        Path www = Files.createDirectories(dir.resolve("www/cgi-bin"));
        Files.writeString(dir.resolve("www/index.html"), "<p>hi</p>");
        Path script = Files.writeString(www.resolve("hello"), "#!/bin/sh\necho hello\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));

        Path tar = ImageArchive.named("example.local/hello:1")
                .staticBinary(binary, "/bin/busybox", "/bin/sh", "/bin/httpd")
                .file("/etc/motd", "welcome", 0644)
                .directory(dir.resolve("www"), "/srv/www/")
                .command("/bin/httpd", "-f", "-p", "8080", "-h", "/srv/www")
                .exposedPort(8080)
                .writeTo(dir.resolve("out/hello.tar"));

        assertThat(ImageTarReader.inspect(tar).repoTags()).containsExactly("example.local/hello:1");
        assertThat(layer(tar)).containsEntry("bin/busybox", "755 #!binary")
                .containsEntry("bin/sh", "777 -> /bin/busybox")
                .containsEntry("bin/httpd", "777 -> /bin/busybox")
                .containsEntry("etc/motd", "644 welcome")
                .containsEntry("srv/www/index.html", "644 <p>hi</p>")
                .containsEntry("srv/www/cgi-bin/hello", "755 #!/bin/sh\necho hello\n")
                .containsEntry("srv/www/cgi-bin", "755 dir");
    }

    @Test
    void theSameFilesGiveTheSameArchive() throws IOException {
        Path binary = Files.writeString(dir.resolve("tool"), "#!binary");
        Path a = ImageArchive.named("x.local/a:1").staticBinary(binary, "/tool").command("/tool").writeTo(dir.resolve("a.tar"));
        Path b = ImageArchive.named("x.local/a:1").staticBinary(binary, "/tool").command("/tool").writeTo(dir.resolve("b.tar"));
        assertThat(Files.readAllBytes(a)).isEqualTo(Files.readAllBytes(b));
    }

    @Test
    void aMissingBinaryIsAnImageFileReason() {
        JminikubeException e = catchThrowableOfType(JminikubeException.class,
                () -> ImageArchive.named("x.local/a:1").staticBinary(dir.resolve("nothere"), "/bin/tool"));
        assertThat(e.reasonId()).isEqualTo(Reason.IMAGE_FILE_INVALID.id());
        assertThat(e.getMessage()).contains("nothere");
    }

    @Test
    void anImageWithoutACommandIsRefused() {
        JminikubeException e = catchThrowableOfType(JminikubeException.class,
                () -> ImageArchive.named("x.local/a:1").file("/a", "a", 0644).writeTo(dir.resolve("a.tar")));
        assertThat(e.reasonId()).isEqualTo(Reason.USAGE.id());
        assertThat(e.getMessage()).contains("no command");
    }

    @Test
    void aPathLeavingTheImageIsRefused() {
        JminikubeException e = catchThrowableOfType(JminikubeException.class,
                () -> ImageArchive.named("x.local/a:1").file("/../etc/passwd", "x", 0644));
        assertThat(e.reasonId()).isEqualTo(Reason.USAGE.id());
    }
}
