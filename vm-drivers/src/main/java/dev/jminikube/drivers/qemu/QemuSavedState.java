package dev.jminikube.drivers.qemu;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jminikube.core.JmkException;
import dev.jminikube.core.OwnerOnly;
import dev.jminikube.core.Reason;
import dev.jminikube.core.Sha256;
import dev.jminikube.core.state.StateFile;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * The saved state of a suspended QEMU machine: the migration stream QEMU wrote ({@code suspend.state}) and a
 * record of what it belongs to ({@code suspend.json}): the stream's size and SHA-256, the QEMU binary, the
 * machine's command line without its port forwards, and the node image and data disk as they were once QEMU
 * had exited. The record is written last, after the stream is complete and on disk, so its presence is the
 * commit point: a save cut short leaves at most {@code suspend.state.partial}, never a state a resume trusts.
 * Before a resume every recorded fact is compared with the machine as it is now, and the stream is used only
 * when all match: a guest must never run on a disk, image or device set it does not remember.
 */
final class QemuSavedState {
    static final int FORMAT = 1;
    /** Writes only; the record is read through {@link StateFile}, as every state file is. */
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A file as it was when recorded; a size or modification time that differs means it changed. */
    record FileStamp(String path, long size, long modifiedMillis) {
        static FileStamp of(Path file) {
            try {
                return new FileStamp(file.toAbsolutePath().toString(), Files.size(file),
                        Files.getLastModifiedTime(file).toMillis());
            } catch (IOException e) {
                return new FileStamp(file.toAbsolutePath().toString(), -1, -1);
            }
        }
    }

    /** What the stream was saved from; a resume requires the same. */
    record Record(int format, String stateSha256, long stateBytes, String commandLineSha256, FileStamp qemu,
                  FileStamp iso, FileStamp disk, long guestMemoryMb, String savedAt) {
    }

    /** What the machine is now, to compare with the record. */
    record Expected(String commandLineSha256, FileStamp qemu, FileStamp iso, FileStamp disk) {
    }

    private final Path dir;

    QemuSavedState(Path machineDir) {
        this.dir = machineDir;
    }

    Path state() {
        return dir.resolve("suspend.state");
    }

    Path partial() {
        return dir.resolve("suspend.state.partial");
    }

    Path recordFile() {
        return dir.resolve("suspend.json");
    }

    /**
     * Creates the empty partial stream, the user's only: it will hold the guest's memory (keys and all), and the
     * shell QEMU runs to write it ({@code cat > file}) keeps an existing file's mode instead of the umask's.
     */
    void preparePartial() {
        try {
            OwnerOnly.write(partial(), new byte[0]);
        } catch (IOException e) {
            throw new JmkException(Reason.HOST_HOME_NOT_WRITABLE, "cannot create " + partial() + ": " + e.getMessage(), e);
        }
    }

    /** True when a complete save exists (record and stream); whether it is usable is {@link #unusableBecause}. */
    boolean exists() {
        return Files.isRegularFile(recordFile()) && Files.isRegularFile(state());
    }

    /** The record; empty when there is none or it is damaged (then {@link #unusableBecause} says how). */
    Optional<Record> record() {
        try {
            return recordState().read(Record.class);
        } catch (JmkException e) {
            return Optional.empty();
        }
    }

    /**
     * Read like every state file, but a damaged record is no error to the user: the save is not resumed, the
     * machine boots cold from its disk, and the notice says why.
     */
    private StateFile recordState() {
        return new StateFile(recordFile(), StateFile.Format.JSON, "Nothing to do: the machine boots cold instead.");
    }

    /**
     * Why this save cannot be resumed on the machine as it is now, or empty when it can. The cheap comparisons
     * come first; the stream's checksum (a read of the whole file) only when they all pass.
     */
    Optional<String> unusableBecause(Expected now) {
        Record r;
        try {
            Optional<Record> saved = recordState().read(Record.class);
            if (saved.isEmpty()) {
                return Optional.of("its record " + recordFile().getFileName() + " is missing");
            }
            r = saved.get();
        } catch (JmkException e) {
            return Optional.of("its record " + recordFile().getFileName() + " is unreadable (" + e.getMessage() + ")");
        }
        if (r.format() != FORMAT) {
            return Optional.of("it was written in format " + r.format() + ", this jminikube reads " + FORMAT);
        }
        if (!sameFile(r.qemu(), now.qemu())) {
            return Optional.of("QEMU changed since it was saved (" + now.qemu().path() + ")");
        }
        if (!now.commandLineSha256().equals(r.commandLineSha256())) {
            return Optional.of("the machine's settings (CPUs, memory, devices, accelerator) changed since it was saved");
        }
        if (!sameFile(r.iso(), now.iso())) {
            return Optional.of("the node image " + now.iso().path() + " changed since it was saved");
        }
        if (!sameFile(r.disk(), now.disk())) {
            return Optional.of("the data disk changed since it was saved");
        }
        long size = FileStamp.of(state()).size();
        if (size != r.stateBytes()) {
            return Optional.of("the state file has " + size + " bytes, " + r.stateBytes() + " were saved");
        }
        try {
            if (!Sha256.of(state()).equals(r.stateSha256())) {
                return Optional.of("the state file does not match its checksum");
            }
        } catch (IOException e) {
            return Optional.of("the state file cannot be read (" + e.getMessage() + ")");
        }
        return Optional.empty();
    }

    private static boolean sameFile(FileStamp a, FileStamp b) {
        return a != null && b != null && a.path().equals(b.path()) && a.size() == b.size() && a.size() >= 0
                && a.modifiedMillis() == b.modifiedMillis();
    }

    /**
     * Makes the partial stream the saved state: flushed to disk, renamed, then the record written (atomically)
     * as the last act.
     */
    void commit(String commandLineSha256, FileStamp qemu, FileStamp iso, FileStamp disk, long guestMemoryMb,
                String savedAt) {
        try {
            try (FileChannel ch = FileChannel.open(partial(), StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            String sha = Sha256.of(partial());
            long bytes = Files.size(partial());
            Files.move(partial(), state(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            Record record = new Record(FORMAT, sha, bytes, commandLineSha256, qemu, iso, disk, guestMemoryMb, savedAt);
            Path tmp = dir.resolve("suspend.json.tmp");
            Files.write(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(record));
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            Files.move(tmp, recordFile(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            discard();
            throw new JmkException(Reason.HOST_HOME_NOT_WRITABLE, "cannot record the saved state in " + dir + ": "
                    + e.getMessage(), e);
        }
    }

    /** Deletes every file of a save, complete or not (record first, so a half-deleted save is never trusted). */
    void discard() {
        for (Path p : new Path[] {recordFile(), dir.resolve("suspend.json.tmp"), state(), partial()}) {
            try {
                Files.deleteIfExists(p);
            } catch (NoSuchFileException ignored) {
                // Gone already.
            } catch (IOException e) {
                throw new JmkException(Reason.HOST_HOME_NOT_WRITABLE, "cannot delete " + p + ": " + e.getMessage(), e);
            }
        }
    }

    /** Bytes on disk of the saved stream (0 when there is none), for README figures and notices. */
    long stateBytes() {
        return Math.max(0, FileStamp.of(state()).size());
    }

    static String sha256(String text) {
        return Sha256.of(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
