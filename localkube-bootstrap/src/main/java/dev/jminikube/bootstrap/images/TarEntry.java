package dev.jminikube.bootstrap.images;

import java.util.Objects;

/**
 * One member of a tar archive: a regular file, a directory or a symbolic link, owned by root.
 *
 * @param path       relative, '/'-separated, without a leading '/' or a trailing '/'
 * @param content    the file's bytes; empty for directories and links
 * @param linkTarget the symlink's target; null otherwise
 */
public record TarEntry(String path, Type type, int mode, byte[] content, String linkTarget) {
    public enum Type { FILE, DIRECTORY, SYMLINK }

    public TarEntry {
        path = normalize(path);
        Objects.requireNonNull(type, "type");
        if (mode < 0 || mode > 07777) {
            throw new IllegalArgumentException("mode out of range: " + Integer.toOctalString(mode));
        }
        content = content == null ? new byte[0] : content.clone();
        if (type == Type.SYMLINK) {
            Objects.requireNonNull(linkTarget, "linkTarget");
        }
    }

    public static TarEntry file(String path, int mode, byte[] content) {
        return new TarEntry(path, Type.FILE, mode, Objects.requireNonNull(content, "content"), null);
    }

    public static TarEntry directory(String path, int mode) {
        return new TarEntry(path, Type.DIRECTORY, mode, null, null);
    }

    /** Links are 0777 as on Linux; their permissions are never used. */
    public static TarEntry symlink(String path, String target) {
        return new TarEntry(path, Type.SYMLINK, 0777, null, target);
    }

    @Override
    public byte[] content() {
        return content.clone();
    }

    /** Without copying, for the writer. */
    byte[] contentUnsafe() {
        return content;
    }

    static String normalize(String path) {
        String p = Objects.requireNonNull(path, "path");
        while (p.startsWith("/") || p.startsWith("./")) {
            p = p.startsWith("/") ? p.substring(1) : p.substring(2);
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        if (p.isEmpty() || p.contains("//") || ("/" + p + "/").contains("/../") || ("/" + p + "/").contains("/./")) {
            throw new IllegalArgumentException("not a relative path inside an archive: '" + path + "'");
        }
        return p;
    }
}
