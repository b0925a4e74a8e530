package dev.jminikube.core;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Modes for what only the user may read: JMINIKUBE_HOME, machine directories (a VM's disk holds the cluster's CA
 * key and etcd), private keys, disk images. Where the file system has no POSIX modes (Windows) every method is a
 * no-op beyond creating what is missing; the user's profile directory is private there already.
 */
public final class OwnerOnly {
    /** rwx------ */
    public static final Set<PosixFilePermission> DIRECTORY = Set.copyOf(PosixFilePermissions.fromString("rwx------"));
    /** rw------- */
    public static final Set<PosixFilePermission> FILE = Set.copyOf(PosixFilePermissions.fromString("rw-------"));

    private OwnerOnly() {
    }

    /** Creates {@code dir} and its missing parents with mode 0700; directories that exist keep their mode. */
    public static void createDirectories(Path dir) throws IOException {
        Path absolute = dir.toAbsolutePath();
        if (Files.isDirectory(absolute)) {
            return;
        }
        Path parent = absolute.getParent();
        if (parent != null) {
            createDirectories(parent);
        }
        try {
            if (isPosix(absolute)) {
                Files.createDirectory(absolute, PosixFilePermissions.asFileAttribute(DIRECTORY));
                // The mode given at creation is filtered by the umask; set it exactly.
                Files.setPosixFilePermissions(absolute, DIRECTORY);
            } else {
                Files.createDirectory(absolute);
            }
        } catch (FileAlreadyExistsException e) {
            // Another process made it meanwhile; fine as long as it is a directory.
            if (!Files.isDirectory(absolute)) {
                throw e;
            }
        }
    }

    /**
     * Creates {@code dir} as {@link #createDirectories} does and, when it existed with access for group or
     * others (an older jminikube made it 0755), takes that access away. Its contents are left as they are.
     */
    public static void directory(Path dir) throws IOException {
        createDirectories(dir);
        tighten(dir);
    }

    /** Takes group and others' access from an existing {@code dir}; a missing one is left missing. */
    public static void existingDirectory(Path dir) throws IOException {
        if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            tighten(dir);
        }
    }

    /**
     * Takes group and others' access from an existing regular file (a key, a disk image: 0644 becomes 0600); a
     * missing one is not an error.
     */
    public static void file(Path file) throws IOException {
        if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            tighten(file);
        }
    }

    /**
     * Writes {@code content} to {@code file}, replacing what was there; a new file is owner-only from its creation
     * on, an existing one is made so.
     */
    public static void write(Path file, byte[] content) throws IOException {
        Set<OpenOption> options = Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        FileAttribute<?>[] attrs = isPosix(file)
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE)} : new FileAttribute<?>[0];
        try (SeekableByteChannel channel = Files.newByteChannel(file, options, attrs)) {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        }
        file(file);
    }

    /** True when {@code path} has POSIX modes and group or others may do anything with it. */
    public static boolean isLooser(Path path) throws IOException {
        if (!isPosix(path)) {
            return false;
        }
        Set<PosixFilePermission> mode = Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
        return mode.stream().anyMatch(p -> !p.name().startsWith("OWNER_"));
    }

    /** Removes group's and others' bits, keeping the owner's: a key the user made 0400 stays 0400, not 0600. */
    private static void tighten(Path path) throws IOException {
        if (isLooser(path)) {
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
            mode.removeIf(p -> !p.name().startsWith("OWNER_"));
            Files.setPosixFilePermissions(path, mode);
        }
    }

    public static boolean isPosix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
