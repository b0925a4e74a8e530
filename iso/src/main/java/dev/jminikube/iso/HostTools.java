package dev.jminikube.iso;

import java.nio.file.Path;
import java.util.Optional;

/** What the image build needs to know about the host; injected so the checks are unit-tested. */
public interface HostTools {
    /** The executable's path on PATH, if any. */
    Optional<Path> which(String tool);

    boolean isRoot();

    boolean exists(Path path);

    /** Bytes free on the file system holding {@code dir} (or its nearest existing parent). */
    long usableSpace(Path dir);
}
