package dev.jminikube.drivers.qemu;

import static dev.jminikube.drivers.qemu.Iso9660ImageTest.pattern;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KernelBootCacheTest {
    @TempDir
    Path tmp;

    private final List<String> notices = new ArrayList<>();

    private KernelBootCache cache() {
        return new KernelBootCache(tmp.resolve("cache/iso"), notices::add);
    }

    private Path nodeIso(String name, byte[] kernel) throws IOException {
        return new TinyIso().file("/live/vmlinuz", kernel).file("/live/initrd.img", pattern(9000, 2))
                .file("/live/jminikube-cmdline", "boot=live components=false quiet\n")
                .file("/live/filesystem.squashfs", "sq").write(tmp.resolve(name));
    }

    @Test
    void extractsKernelInitrdAndCommandLineOnce() throws IOException {
        Path iso = nodeIso("node.iso", pattern(6000, 7));
        KernelBoot boot = cache().resolve(iso).orElseThrow();
        assertThat(boot.kernel()).isEqualTo(tmp.resolve("cache/iso/node.iso.boot/vmlinuz"));
        assertThat(Files.readAllBytes(boot.kernel())).isEqualTo(pattern(6000, 7));
        assertThat(Files.readAllBytes(boot.initrd())).isEqualTo(pattern(9000, 2));
        assertThat(boot.cmdline()).isEqualTo("boot=live components=false quiet");
        // Same size, other bytes: a second start reuses the copy instead of reading the ISO again.
        Files.write(boot.kernel(), pattern(6000, 9));
        assertThat(Files.readAllBytes(cache().resolve(iso).orElseThrow().kernel())).isEqualTo(pattern(6000, 9));
        assertThat(notices).isEmpty();
    }

    @Test
    void aTruncatedOrDeletedCopyIsTakenOutAgain() throws IOException {
        Path iso = nodeIso("node.iso", pattern(6000, 7));
        KernelBoot boot = cache().resolve(iso).orElseThrow();
        Files.write(boot.initrd(), new byte[10]);
        assertThat(Files.readAllBytes(cache().resolve(iso).orElseThrow().initrd())).isEqualTo(pattern(9000, 2));
        Files.delete(boot.kernel());
        assertThat(Files.readAllBytes(cache().resolve(iso).orElseThrow().kernel())).isEqualTo(pattern(6000, 7));
        assertThat(notices).isEmpty();
    }

    @Test
    void aRebuiltIsoGetsAFreshCopy() throws IOException {
        Path iso = nodeIso("node.iso", pattern(6000, 7));
        cache().resolve(iso).orElseThrow();
        nodeIso("node.iso", pattern(6000, 13));
        Files.setLastModifiedTime(iso, FileTime.fromMillis(Files.getLastModifiedTime(iso).toMillis() + 5000));
        assertThat(Files.readAllBytes(cache().resolve(iso).orElseThrow().kernel())).isEqualTo(pattern(6000, 13));
    }

    @Test
    void anIsoWithoutACommandLineBootsFromTheCdSilently() throws IOException {
        Path foreign = new TinyIso().file("/live/vmlinuz", pattern(100, 1)).file("/boot/grub/grub.cfg", "x")
                .write(tmp.resolve("foreign.iso"));
        assertThat(cache().resolve(foreign)).isEmpty();
        assertThat(notices).isEmpty();
        assertThat(tmp.resolve("cache/iso/foreign.iso.boot")).doesNotExist();
    }

    @Test
    void aCorruptIsoBootsFromTheCdWithANotice() throws IOException {
        Path junk = Files.write(tmp.resolve("junk.iso"), pattern(50000, 3));
        assertThat(cache().resolve(junk)).isEmpty();
        assertThat(notices).singleElement().asString().startsWith("Booting from the CD").contains("junk.iso",
                "not a readable ISO 9660 image");
    }

    @Test
    void aCommandLineWithoutItsKernelBootsFromTheCdWithANotice() throws IOException {
        Path iso = new TinyIso().file("/live/initrd.img", "rd").file("/live/jminikube-cmdline", "boot=live")
                .write(tmp.resolve("half.iso"));
        assertThat(cache().resolve(iso)).isEmpty();
        assertThat(notices).singleElement().asString().contains("/live/vmlinuz");
    }

    @Test
    void aMultiLineCommandLineIsRefused() throws IOException {
        Path iso = new TinyIso().file("/live/vmlinuz", "k").file("/live/initrd.img", "rd")
                .file("/live/jminikube-cmdline", "boot=live\ninit=/bin/sh\n").write(tmp.resolve("two.iso"));
        assertThat(cache().resolve(iso)).isEmpty();
        assertThat(notices).singleElement().asString().contains("not a single line");
    }

    @Test
    void anUnwritableCacheBootsFromTheCdWithANotice() throws IOException {
        Path iso = nodeIso("node.iso", pattern(6000, 7));
        Files.createDirectories(tmp.resolve("cache"));
        Files.writeString(tmp.resolve("cache/iso"), "a file where the directory should be");
        assertThat(cache().resolve(iso)).isEmpty();
        assertThat(notices).singleElement().asString().startsWith("Booting from the CD");
    }

    @Test
    void aMissingIsoBootsFromTheCdWithANotice() {
        assertThat(cache().resolve(tmp.resolve("gone.iso"))).isEmpty();
        assertThat(notices).singleElement().asString().contains("gone.iso");
    }
}
