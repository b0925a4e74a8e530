package dev.jminikube.bootstrap.images;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jminikube.bootstrap.binaries.LinuxArch;
import dev.jminikube.core.Sha256;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageTarWriterTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** A member of an archive as read back. */
    record Member(TarReader.Header header, byte[] content) {
    }

    static Map<String, Member> read(InputStream in) throws IOException {
        Map<String, Member> members = new LinkedHashMap<>();
        TarReader tar = new TarReader(in);
        for (Optional<TarReader.Header> h = tar.next(); h.isPresent(); h = tar.next()) {
            members.put(h.get().name(), new Member(h.get(), tar.readContent()));
        }
        return members;
    }

    private Path fakeBinary(String name, int size) throws IOException {
        byte[] content = new byte[size];
        for (int i = 0; i < size; i++) {
            content[i] = (byte) (i * 31 + name.length());
        }
        return Files.write(dir.resolve(name), content);
    }

    @Test
    void pauseImageReadsBackAsDockerArchive() throws IOException {
        Path pause = fakeBinary("pause", 4321);
        Path tarFile = dir.resolve("pause.tar");

        ImageTarWriter.write(PauseImage.of(pause, LinuxArch.AMD64), tarFile);

        Map<String, Member> members = read(Files.newInputStream(tarFile));
        JsonNode manifest = JSON.readTree(members.get("manifest.json").content());
        assertThat(manifest).hasSize(1);
        assertThat(manifest.get(0).get("RepoTags").get(0).asText()).isEqualTo("registry.k8s.io/pause:3.9");
        String configName = manifest.get(0).get("Config").asText();
        byte[] configBytes = members.get(configName).content();
        assertThat(configName).isEqualTo(Sha256.of(configBytes) + ".json");
        JsonNode config = JSON.readTree(configBytes);
        assertThat(config.get("architecture").asText()).isEqualTo("amd64");
        assertThat(config.get("os").asText()).isEqualTo("linux");
        assertThat(config.at("/config/Entrypoint/0").asText()).isEqualTo("/pause");
        assertThat(config.at("/rootfs/type").asText()).isEqualTo("layers");

        String layerPath = manifest.get(0).get("Layers").get(0).asText();
        byte[] layerTar = members.get(layerPath).content();
        assertThat(layerPath).isEqualTo(Sha256.of(layerTar) + "/layer.tar");
        assertThat(config.at("/rootfs/diff_ids/0").asText()).isEqualTo("sha256:" + Sha256.of(layerTar));

        Map<String, Member> layer = read(new ByteArrayInputStream(layerTar));
        assertThat(layer).containsOnlyKeys("pause");
        assertThat(layer.get("pause").header().mode()).isEqualTo(0755);
        assertThat(layer.get("pause").header().isFile()).isTrue();
        assertThat(layer.get("pause").content()).isEqualTo(Files.readAllBytes(pause));
    }

    @Test
    void sameInputGivesTheSameBytes() throws IOException {
        Path busybox = fakeBinary("busybox", 10_000);
        Path a = dir.resolve("a.tar");
        Path b = dir.resolve("b.tar");

        ImageTarWriter.write(BusyboxHttpdImage.of(busybox, LinuxArch.ARM64), a);
        ImageTarWriter.write(BusyboxHttpdImage.of(busybox, LinuxArch.ARM64), b);

        assertThat(Files.readAllBytes(a)).isEqualTo(Files.readAllBytes(b));
        assertThat(Files.size(a) % 512).isZero();
    }

    @Test
    void busyboxImageHasLinksPageAndCommand() throws IOException {
        Path tarFile = dir.resolve("busybox.tar");
        ImageTarWriter.write(BusyboxHttpdImage.of(fakeBinary("busybox", 5000), LinuxArch.AMD64), tarFile);

        Map<String, Member> members = read(Files.newInputStream(tarFile));
        JsonNode manifest = JSON.readTree(members.get("manifest.json").content()).get(0);
        JsonNode config = JSON.readTree(members.get(manifest.get("Config").asText()).content());
        assertThat(config.at("/config/Cmd").toString())
                .isEqualTo("[\"/bin/busybox\",\"httpd\",\"-f\",\"-v\",\"-p\",\"80\",\"-h\",\"/www\"]");
        assertThat(config.at("/config/ExposedPorts").toString()).isEqualTo("{\"80/tcp\":{}}");
        Map<String, Member> layer = read(new ByteArrayInputStream(
                members.get(manifest.get("Layers").get(0).asText()).content()));
        assertThat(layer.keySet()).containsExactly("bin/", "bin/busybox", "bin/httpd", "bin/sh", "www/",
                "www/index.html");
        assertThat(layer.get("bin/sh").header().isSymlink()).isTrue();
        assertThat(layer.get("bin/sh").header().linkTarget()).isEqualTo("busybox");
        assertThat(new String(layer.get("www/index.html").content(), StandardCharsets.UTF_8))
                .isEqualTo("Hello from jminikube\n");
        assertThat(ImageTarReader.inspect(tarFile).repoTags()).containsExactly("jminikube.local/busybox-httpd:1");
    }

    @Test
    void gnuTarListsTheArchiveAndALayerWithLongNames() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/tar")) || Files.isExecutable(Path.of("/bin/tar")),
                "tar is not installed");
        String prefixed = "usr/share/" + "d".repeat(120) + "/file.txt"; // fits ustar's prefix + name
        String pax = "f".repeat(130) + ".txt"; // no '/' to split at: needs a PAX header
        ImageLayer layer = ImageLayer.builder()
                .file(prefixed, 0644, "a".getBytes(StandardCharsets.UTF_8))
                .file(pax, 0600, "b".getBytes(StandardCharsets.UTF_8))
                .symlink("link", "/" + "t".repeat(150))
                .build();
        Path layerFile = Files.write(dir.resolve("layer.tar"), layer.tar());

        assertThat(tar("-tf", layerFile)).containsExactly(pax, "link", "usr/", "usr/share/",
                "usr/share/" + "d".repeat(120) + "/", prefixed);
        assertThat(tar("-tvf", layerFile)).anySatisfy(l -> assertThat(l).contains("link -> /" + "t".repeat(150)));
        assertThat(read(new ByteArrayInputStream(layer.tar())).keySet()).contains(prefixed, pax);

        Path image = dir.resolve("pause.tar");
        ImageTarWriter.write(PauseImage.of(fakeBinary("pause", 100), LinuxArch.AMD64), image);
        assertThat(tar("-tf", image)).contains("manifest.json").anySatisfy(l -> assertThat(l).endsWith("/layer.tar"));
    }

    private List<String> tar(String flags, Path file) throws Exception {
        Process p = new ProcessBuilder("tar", flags, file.toString()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        return output.lines().toList();
    }
}
