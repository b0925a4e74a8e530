package dev.jminikube.drivers;

import dev.jminikube.core.JmkException;
import dev.jminikube.core.NoSpaceLeft;
import dev.jminikube.core.Reason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Deletes a directory tree (a machine directory, JMINIKUBE_HOME on --purge); a missing one is not an error. */
public final class Trees {
    private Trees() {
    }

    public static void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            List<Path> deepestFirst = walk.sorted(Comparator.reverseOrder()).toList();
            for (Path p : deepestFirst) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // Copy-on-write file systems (btrfs, ZFS) need a little space even to delete.
            throw new JmkException(NoSpaceLeft.in(e) ? Reason.RESOURCE_DISK_FULL : Reason.HOST_HOME_NOT_WRITABLE,
                    "cannot delete " + dir + ": " + e.getMessage(), "Remove it by hand: rm -rf " + dir, null, e);
        }
    }
}
