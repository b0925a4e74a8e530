package dev.jminikube.bootstrap.units;

import java.util.Objects;

/**
 * A file to write into the guest.
 *
 * @param mode the permission bits, e.g. {@code 0644}
 */
public record GuestFile(String path, String content, int mode) {
    public static final int READABLE = 0644;

    public GuestFile {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(content, "content");
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("guest path must be absolute: " + path);
        }
    }

    public static GuestFile readable(String path, String content) {
        return new GuestFile(path, content, READABLE);
    }

    /** {@code 0644}, as chmod and install take it. */
    public String octalMode() {
        return String.format("%04o", mode);
    }
}
