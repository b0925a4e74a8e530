package dev.jminikube.drivers.qemu;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jminikube.drivers.qemu.QemuSavedState.Expected;
import dev.jminikube.drivers.qemu.QemuSavedState.FileStamp;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A saved state is trusted only complete and only for the machine it was saved from. */
class QemuSavedStateTest {
    @TempDir
    Path dir;
    QemuSavedState saved;
    Path qemu;
    Path iso;
    Path disk;

    @BeforeEach
    void setUp() throws Exception {
        saved = new QemuSavedState(dir);
        qemu = Files.writeString(dir.resolve("qemu-system-x86_64"), "binary");
        iso = Files.writeString(dir.resolve("node.iso"), "image");
        disk = Files.writeString(dir.resolve("disk.qcow2"), "disk");
    }

    private void save(String stream) throws Exception {
        Files.writeString(saved.partial(), stream);
        saved.commit("cmdline-1", FileStamp.of(qemu), FileStamp.of(iso), FileStamp.of(disk), 2200, "now");
    }

    private Expected now() {
        return new Expected("cmdline-1", FileStamp.of(qemu), FileStamp.of(iso), FileStamp.of(disk));
    }

    @Test
    void aCommittedSaveIsUsableOnTheSameMachine() throws Exception {
        save("RAM and devices");
        assertThat(saved.exists()).isTrue();
        assertThat(Files.exists(saved.partial())).isFalse();
        assertThat(saved.stateBytes()).isEqualTo("RAM and devices".length());
        assertThat(saved.unusableBecause(now())).isEmpty();
        assertThat(saved.record().orElseThrow().guestMemoryMb()).isEqualTo(2200);
    }

    @Test
    void aPartialStreamAloneIsNoSave() throws Exception {
        Files.writeString(saved.partial(), "half of it");
        assertThat(saved.exists()).isFalse();
        saved.discard();
        assertThat(Files.exists(saved.partial())).isFalse();
    }

    @Test
    void aStreamWithoutItsRecordIsNoSave() throws Exception {
        save("RAM");
        Files.delete(saved.recordFile());
        assertThat(saved.exists()).isFalse();
    }

    @Test
    void aTamperedStreamIsRefusedByItsChecksum() throws Exception {
        save("RAM and devices");
        try (RandomAccessFile f = new RandomAccessFile(saved.state().toFile(), "rw")) {
            f.seek(3);
            f.write('X');
        }
        assertThat(saved.unusableBecause(now())).contains("the state file does not match its checksum");
    }

    @Test
    void aTruncatedStreamIsRefusedBySize() throws Exception {
        save("RAM and devices");
        Files.writeString(saved.state(), "RAM");
        assertThat(saved.unusableBecause(now())).hasValueSatisfying(why -> assertThat(why).contains("3 bytes"));
    }

    @Test
    void anUnreadableRecordIsRefused() throws Exception {
        save("RAM");
        Files.writeString(saved.recordFile(), "{not json");
        assertThat(saved.unusableBecause(now())).hasValueSatisfying(why -> assertThat(why).contains("unreadable"));
    }

    @Test
    void changedSettingsImageDiskOrQemuAreEachRefused() throws Exception {
        save("RAM");
        assertThat(saved.unusableBecause(new Expected("cmdline-2", FileStamp.of(qemu), FileStamp.of(iso),
                FileStamp.of(disk)))).hasValueSatisfying(why -> assertThat(why).contains("settings"));
        touch(disk, "disk written after the save");
        assertThat(saved.unusableBecause(now())).hasValueSatisfying(why -> assertThat(why).contains("data disk"));
        save("RAM");
        touch(iso, "another image");
        assertThat(saved.unusableBecause(now())).hasValueSatisfying(why -> assertThat(why).contains("node image"));
        save("RAM");
        touch(qemu, "upgraded");
        assertThat(saved.unusableBecause(now())).hasValueSatisfying(why -> assertThat(why).contains("QEMU changed"));
    }

    @Test
    void aMissingFileNeverMatches() {
        FileStamp missing = FileStamp.of(dir.resolve("gone"));
        assertThat(missing.size()).isEqualTo(-1);
        assertThat(saved.unusableBecause(now())).isPresent();
    }

    @Test
    void discardRemovesEverything() throws Exception {
        save("RAM");
        Files.writeString(saved.partial(), "next attempt");
        saved.discard();
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("suspend"))).isEmpty();
        }
        assertThat(saved.record()).isEqualTo(Optional.empty());
    }

    private static void touch(Path file, String content) throws Exception {
        FileTime before = Files.getLastModifiedTime(file);
        Files.writeString(file, content);
        Files.setLastModifiedTime(file, FileTime.fromMillis(before.toMillis() + 5000));
    }
}
