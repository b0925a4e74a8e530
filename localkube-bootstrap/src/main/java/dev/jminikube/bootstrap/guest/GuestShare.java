package dev.jminikube.bootstrap.guest;

import dev.jminikube.core.exec.CommandRunner;
import dev.jminikube.core.exec.ShellQuoting;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A host directory the VM can mount read-only over 9p (QEMU's virtfs; the other drivers have none). Files
 * under it reach the guest without a copy over SSH: the binaries and the image tars of the host cache.
 *
 * @param hostRoot the shared host directory
 * @param tag      its 9p mount tag
 */
public record GuestShare(Path hostRoot, String tag) {
    /** Where the guest mounts the share. */
    public static final String MOUNT_POINT = "/mnt/jmkshare";

    /** The path under {@link #MOUNT_POINT} of {@code hostFile}, if it lies under the shared directory. */
    public Optional<String> guestPathOf(Path hostFile) {
        Path root = hostRoot.toAbsolutePath().normalize();
        Path file = hostFile.toAbsolutePath().normalize();
        if (!file.startsWith(root)) {
            return Optional.empty();
        }
        String relative = root.relativize(file).toString().replace('\\', '/');
        return Optional.of(relative.isEmpty() ? MOUNT_POINT : MOUNT_POINT + "/" + relative);
    }

    /** Mounts the share unless it is mounted; false when the guest cannot (an older machine, no 9p module). */
    public boolean mount(CommandRunner guest) {
        String script = "mountpoint -q " + MOUNT_POINT + " || { mkdir -p " + MOUNT_POINT
                + " && mount -t 9p -o trans=virtio,version=9p2000.L,ro,msize=524288 " + ShellQuoting.quote(tag) + " "
                + MOUNT_POINT + "; }";
        return guest.run("sh", "-c", script).exitCode() == 0;
    }
}
