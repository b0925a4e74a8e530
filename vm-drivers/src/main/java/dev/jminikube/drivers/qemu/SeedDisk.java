package dev.jminikube.drivers.qemu;

import dev.jminikube.core.JmkException;
import dev.jminikube.core.OwnerOnly;
import dev.jminikube.core.Reason;
import dev.jminikube.core.exec.CommandResult;
import dev.jminikube.core.exec.CommandRunner;
import dev.jminikube.core.exec.RunOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * The machine's data disk, made the way the node image expects (boot2docker's protocol): a disk
 * that starts with a tar whose first member is named {@link #MAGIC}. The guest sees those bytes on
 * first boot, takes {@code .ssh/authorized_keys} from the tar, then partitions and formats the disk.
 */
public final class SeedDisk {
    public static final String MAGIC = "jminikube, please format-me";
    /** A fixed timestamp (2024-01-01) keeps the seed identical for identical keys. */
    private static final long MTIME = 1704067200L;
    private static final int RAW_SIZE = 1024 * 1024;

    private SeedDisk() {
    }

    /** The seed's bytes: the tar, zero-padded to 1 MiB so the raw image has a whole number of sectors. */
    public static byte[] seedBytes(String authorizedKeyLine) {
        byte[] tar = new UstarWriter(MTIME)
                .file(MAGIC, 0644, "this disk is formatted by the jminikube node on first boot\n"
                        .getBytes(StandardCharsets.UTF_8))
                .directory(".ssh", 0700)
                .file(".ssh/authorized_keys", 0600, (authorizedKeyLine.strip() + "\n").getBytes(StandardCharsets.UTF_8))
                .finish();
        return Arrays.copyOf(tar, Math.max(RAW_SIZE, tar.length));
    }

    /**
     * Writes the seed, converts it to qcow2 at {@code disk} and grows that to {@code sizeMb}; both are the user's
     * only (0600): the disk will hold the cluster's CA key and etcd.
     */
    public static void create(CommandRunner local, Path qemuImg, Path seed, Path disk, long sizeMb,
                              String authorizedKeyLine) {
        try {
            OwnerOnly.write(seed, seedBytes(authorizedKeyLine));
        } catch (IOException e) {
            throw new JmkException(Reason.HOST_HOME_NOT_WRITABLE, "cannot write " + seed + ": " + e.getMessage(), e);
        }
        try {
            Files.deleteIfExists(disk);
            qemuImg(local, List.of(qemuImg.toString(), "convert", "-f", "raw", "-O", "qcow2", seed.toString(),
                    disk.toString()));
            qemuImg(local, List.of(qemuImg.toString(), "resize", "-q", "-f", "qcow2", disk.toString(), sizeMb + "M"));
            OwnerOnly.file(disk); // qemu-img creates it with the umask's mode
            Files.deleteIfExists(seed);
        } catch (IOException e) {
            throw new JmkException(Reason.HOST_HOME_NOT_WRITABLE, "cannot replace " + disk + ": " + e.getMessage(), e);
        }
    }

    private static void qemuImg(CommandRunner local, List<String> argv) {
        CommandResult r = local.run(argv, RunOptions.DEFAULTS.withTimeout(Duration.ofMinutes(2)));
        if (!r.succeeded()) {
            throw new JmkException(Reason.DRIVER_FAILED, "qemu-img failed to create the data disk", null,
                    "$ " + local.pasteReady(argv) + "\n" + r.combinedOutput(), null);
        }
    }
}
