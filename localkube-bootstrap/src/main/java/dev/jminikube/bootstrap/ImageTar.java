package dev.jminikube.bootstrap;

import java.nio.file.Path;
import java.util.Objects;

/** An image archive on the host and the reference the node's runtime knows it by once loaded. */
public record ImageTar(String reference, Path tar) {
    public ImageTar {
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(tar, "tar");
    }
}
