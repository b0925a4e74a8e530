package dev.jminikube.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OwnerOnlyTest {
    @TempDir
    Path tmp;

    @BeforeEach
    void posixOnly() {
        assumeThat(OwnerOnly.isPosix(tmp)).as("POSIX file modes").isTrue();
    }

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void missingDirectoriesAreCreatedPrivateWhateverTheUmask() throws Exception {
        Path dir = tmp.resolve("home/machines/dev");
        OwnerOnly.createDirectories(dir);
        assertThat(mode(tmp.resolve("home"))).isEqualTo("rwx------");
        assertThat(mode(tmp.resolve("home/machines"))).isEqualTo("rwx------");
        assertThat(mode(dir)).isEqualTo("rwx------");
        OwnerOnly.createDirectories(dir); // exists: fine
    }

    @Test
    void createDirectoriesLeavesAnExistingModeButDirectoryTightensIt() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("home"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        OwnerOnly.createDirectories(dir);
        assertThat(mode(dir)).isEqualTo("rwxr-xr-x");
        OwnerOnly.directory(dir);
        assertThat(mode(dir)).isEqualTo("rwx------");
        OwnerOnly.existingDirectory(tmp.resolve("absent"));
        assertThat(tmp.resolve("absent")).doesNotExist();
    }

    @Test
    void filesLoseGroupAndOthersButKeepWhatTheOwnerHad() throws Exception {
        Path disk = Files.writeString(tmp.resolve("disk.qcow2"), "x");
        Files.setPosixFilePermissions(disk, PosixFilePermissions.fromString("rw-r--r--"));
        OwnerOnly.file(disk);
        assertThat(mode(disk)).isEqualTo("rw-------");
        Path readOnlyKey = Files.writeString(tmp.resolve("key"), "k");
        Files.setPosixFilePermissions(readOnlyKey, PosixFilePermissions.fromString("r--r-----"));
        OwnerOnly.file(readOnlyKey);
        assertThat(mode(readOnlyKey)).as("never widened").isEqualTo("r--------");
        OwnerOnly.file(tmp.resolve("absent"));
    }

    @Test
    void writeMakesAnOwnerOnlyFileAndTightensAnExistingOne() throws Exception {
        Path seed = tmp.resolve("seed.raw");
        OwnerOnly.write(seed, new byte[] {1, 2, 3});
        assertThat(mode(seed)).isEqualTo("rw-------");
        assertThat(Files.readAllBytes(seed)).containsExactly(1, 2, 3);
        Files.setPosixFilePermissions(seed, PosixFilePermissions.fromString("rw-rw-r--"));
        OwnerOnly.write(seed, new byte[] {4});
        assertThat(mode(seed)).isEqualTo("rw-------");
        assertThat(Files.readAllBytes(seed)).containsExactly(4);
    }
}
