package dev.jminikube.drivers.qemu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Iso9660ImageTest {
    @TempDir
    Path tmp;

    private static final byte[] KERNEL = pattern(5000, 7);

    @Test
    void readsRockRidgeNamesFromAHandMadeImage() throws IOException {
        Path iso = new TinyIso().file("/live/vmlinuz", KERNEL).file("/live/jminikube-cmdline", "boot=live quiet\n")
                .file("/version.json", "{}").write(tmp.resolve("tiny.iso"));
        try (Iso9660Image image = Iso9660Image.open(iso)) {
            Iso9660Image.Extent cmdline = image.find("/live/jminikube-cmdline").orElseThrow();
            assertThat(new String(image.readAll(cmdline, 100), StandardCharsets.UTF_8)).isEqualTo("boot=live quiet\n");
            assertThat(copy(image, "/live/vmlinuz")).isEqualTo(KERNEL);
            assertThat(image.find("/LIVE/VMLINUZ")).isPresent();
            assertThat(image.find("/live/initrd.img")).isEmpty();
            assertThat(image.find("/version.json/x")).isEmpty();
        }
    }

    @Test
    void plainIso9660NamesMatchWithoutVersionAndTrailingDot() throws IOException {
        Path iso = new TinyIso().withoutRockRidge().file("/live/vmlinuz", KERNEL).file("/live/initrd.img", "rd")
                .file("/live/jminikube-cmdline", "x").write(tmp.resolve("plain.iso"));
        try (Iso9660Image image = Iso9660Image.open(iso)) {
            assertThat(image.list(image.find("/live").orElseThrow(), false)).extracting(Iso9660Image.Extent::name)
                    .containsExactly("VMLINUZ.;1", "INITRD.IMG;1", "JMINIKUB.;1");
            assertThat(copy(image, "/live/vmlinuz")).isEqualTo(KERNEL);
            assertThat(image.find("/live/initrd.img")).isPresent();
            // Without Rock Ridge or Joliet a long name is only its mangled 8.3 form.
            assertThat(image.find("/live/jminikube-cmdline")).isEmpty();
        }
    }

    @Test
    void normalizeDropsVersionAndTrailingDotAndCase() {
        assertThat(Iso9660Image.normalize("VMLINUZ.;1")).isEqualTo("vmlinuz");
        assertThat(Iso9660Image.normalize("INITRD.IMG;1")).isEqualTo("initrd.img");
        assertThat(Iso9660Image.normalize("jminikube-cmdline")).isEqualTo("jminikube-cmdline");
    }

    @Test
    void readsWhatXorrisoWritesWithRockRidgeAndJoliet() throws Exception {
        Path iso = xorriso("-R", "-J");
        try (Iso9660Image image = Iso9660Image.open(iso)) {
            assertThat(copy(image, "/live/vmlinuz")).isEqualTo(KERNEL);
            assertThat(copy(image, "/live/initrd.img")).isEqualTo(pattern(70000, 3));
            Iso9660Image.Extent cmdline = image.find("/live/jminikube-cmdline").orElseThrow();
            assertThat(new String(image.readAll(cmdline, 100), StandardCharsets.UTF_8)).isEqualTo("boot=live a=b\n");
        }
    }

    @Test
    void fallsBackToJolietNamesWithoutRockRidge() throws Exception {
        // xorriso writes Rock Ridge unless told not to.
        Path iso = xorriso("--norock", "-J");
        try (Iso9660Image image = Iso9660Image.open(iso)) {
            Iso9660Image.Extent cmdline = image.find("/live/jminikube-cmdline").orElseThrow();
            assertThat(new String(image.readAll(cmdline, 100), StandardCharsets.UTF_8)).isEqualTo("boot=live a=b\n");
        }
    }

    @Test
    void aFileThatIsNoIsoIsInvalid() throws IOException {
        Path junk = Files.write(tmp.resolve("junk.iso"), pattern(40000, 11));
        assertThatThrownBy(() -> Iso9660Image.open(junk)).isInstanceOf(JmkException.class)
                .extracting(e -> ((JmkException) e).reason()).isEqualTo(Reason.GUEST_IMAGE_INVALID);
        Path tiny = Files.write(tmp.resolve("short.iso"), new byte[100]);
        assertThatThrownBy(() -> Iso9660Image.open(tiny)).isInstanceOf(JmkException.class)
                .extracting(e -> ((JmkException) e).reason()).isEqualTo(Reason.GUEST_IMAGE_INVALID);
    }

    @Test
    void aTruncatedImageIsInvalidNotACrash() throws IOException {
        Path iso = new TinyIso().file("/live/vmlinuz", pattern(50000, 5)).write(tmp.resolve("t.iso"));
        byte[] whole = Files.readAllBytes(iso);
        Path cut = Files.write(tmp.resolve("cut.iso"), Arrays.copyOf(whole, whole.length - 10000));
        try (Iso9660Image image = Iso9660Image.open(cut)) {
            assertThatThrownBy(() -> image.find("/live/vmlinuz")).isInstanceOf(JmkException.class)
                    .hasMessageContaining("past the end")
                    .extracting(e -> ((JmkException) e).reason()).isEqualTo(Reason.GUEST_IMAGE_INVALID);
        }
    }

    @Test
    void aDirectoryRecordCutShortIsInvalid() throws IOException {
        Path iso = new TinyIso().file("/live/vmlinuz", KERNEL).write(tmp.resolve("r.iso"));
        byte[] bytes = Files.readAllBytes(iso);
        // Root directory (sector 18): after "." (34) and ".." (34) comes LIVE's record; claim 10 bytes for it.
        bytes[18 * Iso9660Image.SECTOR + 68] = 10;
        Path broken = Files.write(tmp.resolve("broken.iso"), bytes);
        try (Iso9660Image image = Iso9660Image.open(broken)) {
            assertThatThrownBy(() -> image.find("/live/vmlinuz")).isInstanceOf(JmkException.class)
                    .extracting(e -> ((JmkException) e).reason()).isEqualTo(Reason.GUEST_IMAGE_INVALID);
        }
    }

    @Test
    void aMissingFileIsGuestImageMissing() {
        assertThatThrownBy(() -> Iso9660Image.open(tmp.resolve("nope.iso"))).isInstanceOf(JmkException.class)
                .extracting(e -> ((JmkException) e).reason()).isEqualTo(Reason.GUEST_IMAGE_MISSING);
    }

    private Path xorriso(String... flags) throws Exception {
        Path root = Files.createDirectories(tmp.resolve("root-" + String.join("", flags)).resolve("live"));
        Files.write(root.resolve("vmlinuz"), KERNEL);
        Files.write(root.resolve("initrd.img"), pattern(70000, 3));
        Files.writeString(root.resolve("jminikube-cmdline"), "boot=live a=b\n");
        Path iso = tmp.resolve("x" + String.join("", flags) + ".iso");
        List<String> argv = new java.util.ArrayList<>(List.of("xorriso", "-as", "mkisofs"));
        argv.addAll(List.of(flags));
        argv.addAll(List.of("-quiet", "-o", iso.toString(), root.getParent().toString()));
        // scripts/install-prereqs installs xorriso (the node image build needs it), so it is not optional here.
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return iso;
    }

    private byte[] copy(Iso9660Image image, String path) throws IOException {
        Path out = tmp.resolve("out-" + path.replace('/', '_'));
        image.copyTo(image.find(path).orElseThrow(), out);
        return Files.readAllBytes(out);
    }

    static byte[] pattern(int size, int seed) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = (byte) (i * seed + i / 251);
        }
        return b;
    }
}
