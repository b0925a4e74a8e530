package dev.jminikube.drivers.qemu;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jminikube.core.exec.CommandResult;
import dev.jminikube.core.exec.LocalCommandRunner;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SeedDiskTest {
    private static final String KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExample jminikube-dev";

    @TempDir
    Path tmp;

    @Test
    void startsWithTheMagicMemberName() {
        byte[] seed = SeedDisk.seedBytes(KEY);
        assertThat(new String(seed, 0, 27, StandardCharsets.US_ASCII)).isEqualTo("jminikube, please format-me");
        assertThat(seed[27]).isZero(); // the name field is NUL-terminated right after the magic
        assertThat(seed.length).isEqualTo(1024 * 1024);
        // ustar magic and a valid header checksum for the first member
        assertThat(new String(seed, 257, 5, StandardCharsets.US_ASCII)).isEqualTo("ustar");
        assertThat(checksumOk(Arrays.copyOf(seed, 512))).isTrue();
    }

    @Test
    void systemTarListsAndExtractsBothMembers() throws Exception {
        Path raw = tmp.resolve("seed.raw");
        Files.write(raw, SeedDisk.seedBytes(KEY));
        LocalCommandRunner local = new LocalCommandRunner();
        // GNU tar reads the raw seed the way the guest does (tar -xf /dev/vdX).
        CommandResult list = local.check("tar", "-tvf", raw.toString());
        assertThat(list.stdout().lines().map(l -> l.replaceAll(".* ", "") + "|" + l.substring(0, 10)))
                .containsExactly("format-me|-rw-r--r--", ".ssh/|drwx------", ".ssh/authorized_keys|-rw-------");
        assertThat(list.stdout().lines().findFirst().orElseThrow()).endsWith("jminikube, please format-me");
        Path out = Files.createDirectory(tmp.resolve("x"));
        local.check("tar", "-xf", raw.toString(), "-C", out.toString());
        assertThat(Files.readString(out.resolve(".ssh/authorized_keys"))).isEqualTo(KEY + "\n");
    }

    @Test
    void qemuImgTurnsTheSeedIntoAGrownQcow2() throws Exception {
        Path disk = tmp.resolve("disk.qcow2");
        Path seed = tmp.resolve("seed.raw");
        LocalCommandRunner local = new LocalCommandRunner();
        SeedDisk.create(local, Path.of("qemu-img"), seed, disk, 2048, KEY);
        assertThat(seed).doesNotExist();
        if (dev.jminikube.core.OwnerOnly.isPosix(disk)) {
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(disk)))
                    .as("qemu-img made it with the umask's mode; it holds the cluster's CA key").isEqualTo("rw-------");
        }
        String info = local.check("qemu-img", "info", "--output=json", disk.toString()).stdout();
        assertThat(info).contains("\"format\": \"qcow2\"", "\"virtual-size\": " + 2048L * 1024 * 1024);
        // Read back the guest's view: the first bytes of the virtual disk are the tar.
        Path back = tmp.resolve("back.raw");
        local.check("qemu-img", "convert", "-f", "qcow2", "-O", "raw", disk.toString(), back.toString());
        try (var in = Files.newInputStream(back)) {
            assertThat(new String(in.readNBytes(27), StandardCharsets.US_ASCII)).isEqualTo(SeedDisk.MAGIC);
        }
    }

    private static boolean checksumOk(byte[] header) {
        long stored = Long.parseLong(new String(header, 148, 6, StandardCharsets.US_ASCII), 8);
        long sum = 0;
        for (int i = 0; i < 512; i++) {
            sum += (i >= 148 && i < 156) ? ' ' : header[i] & 0xff;
        }
        return sum == stored;
    }
}
