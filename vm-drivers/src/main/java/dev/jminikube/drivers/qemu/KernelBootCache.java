package dev.jminikube.drivers.qemu;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.Comparator;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The kernel, initramfs and command line of a node image, copied out of the ISO once and kept in
 * {@code <cache>/<iso name>.boot/} for {@link KernelBoot}. An ISO that does not name its command line in
 * {@link #CMDLINE} (a user's --iso-url image) boots from the CD as before, silently; one whose files
 * cannot be read, or a cache that cannot be written, also boots from the CD, with a notice, since CD
 * boot still works and only costs time.
 *
 * <p>The copy is keyed by the ISO's path, size and modification time (a rebuilt or replaced image gets
 * a new copy) and checked against the sizes recorded with it, so a truncated or deleted file is copied
 * again rather than handed to QEMU.
 */
final class KernelBootCache {
    static final String KERNEL = "/live/vmlinuz";
    static final String INITRD = "/live/initrd.img";
    static final String CMDLINE = "/live/jminikube-cmdline";
    static final String STAMP = "stamp";
    /** A kernel command line is at most a few KB (COMMAND_LINE_SIZE is 2048 on x86). */
    private static final int MAX_CMDLINE_BYTES = 4096;

    private final Path cacheDir;
    private final Consumer<String> notices;

    KernelBootCache(Path cacheDir, Consumer<String> notices) {
        this.cacheDir = cacheDir;
        this.notices = notices;
    }

    Path bootDir(Path iso) {
        return cacheDir.resolve(iso.getFileName() + ".boot");
    }

    /** The direct boot for {@code iso}, or empty to boot from the CD. Never throws. */
    Optional<KernelBoot> resolve(Path iso) {
        try {
            String key = key(iso);
            Path dir = bootDir(iso);
            Optional<KernelBoot> cached = readCached(dir, key);
            if (cached.isPresent()) {
                return cached;
            }
            return extract(iso, key, dir);
        } catch (IOException | RuntimeException e) {
            // JmkException from the reader included: the CD boot still works, so this only costs time.
            notices.accept("Booting from the CD (slower): the kernel could not be taken out of " + iso + ": "
                    + e.getMessage());
            return Optional.empty();
        }
    }

    private static String key(Path iso) throws IOException {
        Path real = iso.toRealPath();
        FileTime mtime = Files.getLastModifiedTime(real);
        return real + "\n" + Files.size(real) + "\n" + mtime.toMillis();
    }

    /** The stamp is written last: key line(s), then the kernel's and initrd's sizes. */
    private static Optional<KernelBoot> readCached(Path dir, String key) {
        Path stamp = dir.resolve(STAMP);
        try {
            if (!Files.isRegularFile(stamp)) {
                return Optional.empty();
            }
            String[] lines = Files.readString(stamp, StandardCharsets.UTF_8).split("\n", -1);
            String[] keyLines = key.split("\n");
            if (lines.length < keyLines.length + 2) {
                return Optional.empty();
            }
            for (int i = 0; i < keyLines.length; i++) {
                if (!keyLines[i].equals(lines[i])) {
                    return Optional.empty();
                }
            }
            Path kernel = dir.resolve("vmlinuz");
            Path initrd = dir.resolve("initrd.img");
            Path cmdline = dir.resolve("cmdline");
            if (!hasSize(kernel, Long.parseLong(lines[keyLines.length]))
                    || !hasSize(initrd, Long.parseLong(lines[keyLines.length + 1])) || !Files.isRegularFile(cmdline)) {
                return Optional.empty();
            }
            return Optional.of(new KernelBoot(kernel, initrd, cmdline(Files.readAllBytes(cmdline))));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private Optional<KernelBoot> extract(Path iso, String key, Path dir) throws IOException {
        try (Iso9660Image image = Iso9660Image.open(iso)) {
            Optional<Iso9660Image.Extent> cmdlineFile = image.find(CMDLINE);
            if (cmdlineFile.isEmpty()) {
                return Optional.empty();
            }
            String cmdline = cmdline(image.readAll(cmdlineFile.get(), MAX_CMDLINE_BYTES));
            if (cmdline.isEmpty()) {
                throw new IOException(CMDLINE + " is empty");
            }
            Iso9660Image.Extent kernel = image.find(KERNEL).filter(e -> !e.directory())
                    .orElseThrow(() -> new IOException("it names a command line but has no " + KERNEL));
            Iso9660Image.Extent initrd = image.find(INITRD).filter(e -> !e.directory())
                    .orElseThrow(() -> new IOException("it names a command line but has no " + INITRD));
            Files.createDirectories(cacheDir);
            // Written beside the target and renamed into place, so a concurrent start never sees half a copy.
            Path partial = Files.createTempDirectory(cacheDir, "." + iso.getFileName() + ".boot-");
            try {
                image.copyTo(kernel, partial.resolve("vmlinuz"));
                image.copyTo(initrd, partial.resolve("initrd.img"));
                Files.writeString(partial.resolve("cmdline"), cmdline + "\n", StandardCharsets.UTF_8);
                Files.writeString(partial.resolve(STAMP), key + "\n" + kernel.size() + "\n" + initrd.size() + "\n",
                        StandardCharsets.UTF_8);
                deleteTree(dir);
                try {
                    Files.move(partial, dir, StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException raced) {
                    // Another start put its copy there first; use that one if it is complete.
                    Optional<KernelBoot> theirs = readCached(dir, key);
                    if (theirs.isPresent()) {
                        return theirs;
                    }
                    throw raced;
                }
            } finally {
                deleteTree(partial);
            }
            return Optional.of(readCached(dir, key).orElseThrow(() -> new IOException("the copy in " + dir
                    + " does not match what was written")));
        }
    }

    /** One line: the file may end in a newline, and the kernel wants no control characters. */
    static String cmdline(byte[] raw) throws IOException {
        String text = new String(raw, StandardCharsets.UTF_8).strip();
        if (text.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new IOException(CMDLINE + " is not a single line of text");
        }
        return text;
    }

    private static boolean hasSize(Path file, long size) throws IOException {
        return Files.isRegularFile(file) && Files.size(file) == size;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
