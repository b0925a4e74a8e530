package dev.jminikube.drivers.hyperv;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jminikube.core.exec.CommandResult;
import dev.jminikube.core.exec.LocalCommandRunner;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The VHDs are checked by an outside reader: qemu-img (a build prerequisite, see the README) opens them as
 * format vpc, reports their size, converts them back to raw, and its own fixed VHDs have our geometry.
 */
class FixedVhdTest {
    @TempDir
    Path dir;
    private final LocalCommandRunner local = new LocalCommandRunner();

    private JsonNode info(Path file) throws Exception {
        // Sized by the footer's current size, as Hyper-V does (qemu sizes unknown creators by CHS by default).
        CommandResult r = local.check(List.of("qemu-img", "info", "--output=json", "--image-opts",
                "driver=vpc,force_size_calc=current_size,file.filename=" + file), dev.jminikube.core.exec.RunOptions.DEFAULTS);
        assertThat(r.stderr()).as("qemu-img warns about a bad checksum on stderr").isEmpty();
        return new ObjectMapper().readTree(r.stdout());
    }

    private byte[] raw(Path vhd) throws Exception {
        Path out = dir.resolve(vhd.getFileName() + ".raw");
        local.check("qemu-img", "convert", "--image-opts", "driver=vpc,force_size_calc=current_size,file.filename=" + vhd,
                "-O", "raw", out.toString());
        return Files.readAllBytes(out);
    }

    @Test
    void qemuReadsTheFixedVhdAsTheDataWeWrote() throws Exception {
        byte[] data = "jminikube, please format-me\0 and more".getBytes();
        Path vhd = dir.resolve("seed.vhd");
        FixedVhd.write(vhd, data, 10L * 1024 * 1024, Instant.parse("2024-01-01T00:00:00Z"), UUID.randomUUID());
        assertThat(Files.size(vhd)).isEqualTo(10L * 1024 * 1024 + 512);
        JsonNode info = info(vhd);
        assertThat(info.path("virtual-size").asLong()).isEqualTo(10L * 1024 * 1024);
        byte[] back = raw(vhd);
        assertThat(Arrays.copyOf(back, data.length)).isEqualTo(data);
        assertThat(back).hasSize(10 * 1024 * 1024);
    }

    @Test
    void footerFieldsSitWhereTheSpecPutsThem() {
        byte[] f = FixedVhd.footer(10L * 1024 * 1024, Instant.parse("2000-01-01T00:01:40Z"), new UUID(1, 2));
        ByteBuffer b = ByteBuffer.wrap(f);
        assertThat(new String(f, 0, 8)).isEqualTo("conectix");
        assertThat(b.getLong(16)).isEqualTo(-1L);
        assertThat(b.getInt(24)).as("seconds since 2000").isEqualTo(100);
        assertThat(b.getLong(40)).isEqualTo(10L * 1024 * 1024);
        assertThat(b.getInt(60)).isEqualTo(2);
        assertThat(b.getInt(64)).isEqualTo(FixedVhd.checksum(f));
        f[30] ^= 1;
        assertThat(b.getInt(64)).as("the checksum covers the other bytes").isNotEqualTo(FixedVhd.checksum(f));
    }

    @ParameterizedTest
    @ValueSource(longs = {3, 10, 127, 510, 2000, 20000, 130000, 200000})
    void geometryIsTheSpecsAsQemuComputesIt(long megabytes) throws Exception {
        Path ref = dir.resolve("ref-" + megabytes + ".vhd");
        local.check("qemu-img", "create", "-q", "-f", "vpc", "-o", "subformat=fixed", ref.toString(),
                megabytes + "M");
        byte[] footer = new byte[512];
        try (var raf = new java.io.RandomAccessFile(ref.toFile(), "r")) {
            raf.seek(raf.length() - 512);
            raf.readFully(footer);
        }
        // qemu rounds the size up to a whole number of cylinders, then takes the spec's geometry of that size.
        long qemuSize = ByteBuffer.wrap(footer).getLong(48);
        assertThat(qemuSize).isBetween(megabytes * 1024 * 1024, megabytes * 1024 * 1024 + 255L * 16 * 512);
        assertThat(Integer.toHexString(FixedVhd.geometry(qemuSize)))
                .isEqualTo(Integer.toHexString(ByteBuffer.wrap(footer).getInt(56)));
    }

    @Test
    void theFakesDynamicVhdIsOneQemuReadsToo() throws Exception {
        byte[] data = new byte[3 * 1024 * 1024];
        data[0] = 'j';
        data[2 * 1024 * 1024 + 5] = 'x'; // in the second block
        Path vhd = dir.resolve("disk.vhd");
        DynamicVhd.write(vhd, 4000L * 1024 * 1024, data);
        assertThat(Files.size(vhd)).as("only the two blocks with data are allocated").isLessThan(5L * 1024 * 1024);
        JsonNode info = info(vhd);
        assertThat(info.path("virtual-size").asLong()).isEqualTo(4000L * 1024 * 1024);
        assertThat(local.run("qemu-img", "info", vhd.toString()).stdout()).as("probed by its leading footer copy")
                .contains("file format: vpc");
        DynamicVhd.Image back = DynamicVhd.read(vhd);
        assertThat(back.size()).isEqualTo(4000L * 1024 * 1024);
        assertThat(Arrays.copyOf(back.data(), data.length)).isEqualTo(data);
    }
}
