package dev.jminikube.drivers.qemu;

import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Just enough of ISO 9660 to read a few files out of the node image without a host tool: the volume
 * descriptors from sector 16 on, directory records, Rock Ridge NM names and, where an image has no Rock
 * Ridge, Joliet's UCS-2 names. xorriso (grub-mkrescue) writes all three; primary-volume names alone are
 * mangled to upper case d-characters (JMINIKUB.;1), which is why the extensions are read at all.
 * Names match case-insensitively, without a ";1" version and a trailing ".". Anything malformed is a
 * {@link JmkException} with {@link Reason#GUEST_IMAGE_INVALID}.
 */
final class Iso9660Image implements AutoCloseable {
    static final int SECTOR = 2048;
    private static final int FIRST_DESCRIPTOR = 16;
    /** Real images have a handful of descriptors; the bound only stops a garbage file from looping. */
    private static final int MAX_DESCRIPTORS = 64;
    /** A directory of the node image is a few sectors; more than this is a corrupt length field. */
    private static final long MAX_DIRECTORY_BYTES = 16L << 20;

    /** A file's data: {@code size} bytes from byte {@code offset} of the image. */
    record Extent(String name, long offset, long size, boolean directory) {
    }

    private final Path path;
    private final FileChannel channel;
    private final long imageSize;
    private final Extent primaryRoot;
    private final Extent jolietRoot;

    private Iso9660Image(Path path, FileChannel channel, long imageSize, Extent primaryRoot, Extent jolietRoot) {
        this.path = path;
        this.channel = channel;
        this.imageSize = imageSize;
        this.primaryRoot = primaryRoot;
        this.jolietRoot = jolietRoot;
    }

    static Iso9660Image open(Path iso) {
        FileChannel channel;
        try {
            channel = FileChannel.open(iso, StandardOpenOption.READ);
        } catch (IOException e) {
            throw new JmkException(Reason.GUEST_IMAGE_MISSING, "cannot read the node image " + iso + ": " + e, e);
        }
        try {
            long size = channel.size();
            Extent primary = null;
            Extent joliet = null;
            for (int i = 0; i < MAX_DESCRIPTORS; i++) {
                long at = (long) (FIRST_DESCRIPTOR + i) * SECTOR;
                if (at + SECTOR > size) {
                    break;
                }
                ByteBuffer d = read(channel, at, SECTOR);
                if (!"CD001".equals(ascii(d, 1, 5))) {
                    break;
                }
                int type = d.get(0) & 0xff;
                if (type == 255) {
                    break;
                }
                if (type == 1 && primary == null) {
                    checkBlockSize(iso, d);
                    primary = record(iso, d, 156, size, false).orElse(null);
                } else if (type == 2 && joliet == null && isJoliet(d)) {
                    checkBlockSize(iso, d);
                    joliet = record(iso, d, 156, size, true).orElse(null);
                }
            }
            if (primary == null) {
                throw invalid(iso, "no ISO 9660 primary volume descriptor at sector 16");
            }
            return new Iso9660Image(iso, channel, size, primary, joliet);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new JmkException(Reason.GUEST_IMAGE_MISSING, "cannot read the node image " + iso + ": " + e, e);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    /** The file at an absolute path such as {@code /live/vmlinuz}, if the image has it. */
    Optional<Extent> find(String absolutePath) {
        Optional<Extent> found = find(primaryRoot, absolutePath, false);
        if (found.isEmpty() && jolietRoot != null) {
            found = find(jolietRoot, absolutePath, true);
        }
        return found;
    }

    /** A small file's bytes (the command line); {@code limit} guards against a bogus size. */
    byte[] readAll(Extent file, int limit) {
        if (file.size() > limit) {
            throw invalid(path, file.name() + " is " + file.size() + " bytes, more than the " + limit + " expected");
        }
        try {
            ByteBuffer b = read(channel, file.offset(), (int) file.size());
            byte[] out = new byte[b.remaining()];
            b.get(out);
            return out;
        } catch (IOException e) {
            throw new JmkException(Reason.GUEST_IMAGE_MISSING, "cannot read " + path + ": " + e, e);
        }
    }

    /** Copies a file's bytes to {@code target} (replacing it). */
    void copyTo(Extent file, Path target) throws IOException {
        try (FileChannel out = FileChannel.open(target, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            long done = 0;
            while (done < file.size()) {
                long n = channel.transferTo(file.offset() + done, file.size() - done, out);
                if (n <= 0) {
                    throw invalid(path, file.name() + " ends past the end of the image");
                }
                done += n;
            }
        }
    }

    @Override
    public void close() {
        closeQuietly(channel);
    }

    private Optional<Extent> find(Extent root, String absolutePath, boolean joliet) {
        Extent current = root;
        for (String part : absolutePath.split("/")) {
            if (part.isEmpty()) {
                continue;
            }
            if (!current.directory()) {
                return Optional.empty();
            }
            Optional<Extent> next = list(current, joliet).stream()
                    .filter(e -> normalize(e.name()).equals(normalize(part))).findFirst();
            if (next.isEmpty()) {
                return Optional.empty();
            }
            current = next.get();
        }
        return Optional.of(current);
    }

    /** The entries of a directory, without "." and "..". */
    List<Extent> list(Extent dir, boolean joliet) {
        if (dir.size() > MAX_DIRECTORY_BYTES) {
            throw invalid(path, "directory " + dir.name() + " claims " + dir.size() + " bytes");
        }
        ByteBuffer b;
        try {
            b = read(channel, dir.offset(), (int) dir.size());
        } catch (IOException e) {
            throw new JmkException(Reason.GUEST_IMAGE_MISSING, "cannot read " + path + ": " + e, e);
        }
        List<Extent> entries = new ArrayList<>();
        int pos = 0;
        int end = b.limit();
        while (pos < end) {
            int len = b.get(pos) & 0xff;
            if (len == 0) {
                // Records never straddle a sector: the rest of this one is padding.
                pos = (pos / SECTOR + 1) * SECTOR;
                continue;
            }
            if (len < 34 || pos + len > end) {
                throw invalid(path, "a directory record in " + dir.name() + " is cut short");
            }
            int nameLen = b.get(pos + 32) & 0xff;
            if (33 + nameLen > len) {
                throw invalid(path, "a directory record name in " + dir.name() + " overruns its record");
            }
            boolean dotOrDotDot = nameLen == 1 && (b.get(pos + 33) == 0 || b.get(pos + 33) == 1);
            if (!dotOrDotDot) {
                record(path, b, pos, imageSize, joliet).ifPresent(entries::add);
            }
            pos += len;
        }
        return entries;
    }

    /** The directory record at {@code pos} of {@code b}; empty for an associated (hidden) file. */
    private static Optional<Extent> record(Path iso, ByteBuffer b, int pos, long imageSize, boolean joliet) {
        int len = b.get(pos) & 0xff;
        long lba = b.order(ByteOrder.LITTLE_ENDIAN).getInt(pos + 2) & 0xffffffffL;
        long size = b.order(ByteOrder.LITTLE_ENDIAN).getInt(pos + 10) & 0xffffffffL;
        int flags = b.get(pos + 25) & 0xff;
        int nameLen = b.get(pos + 32) & 0xff;
        if ((flags & 0x04) != 0) {
            return Optional.empty();
        }
        String name;
        if (joliet) {
            byte[] raw = new byte[nameLen];
            b.get(pos + 33, raw);
            name = new String(raw, StandardCharsets.UTF_16BE);
        } else {
            name = ascii(b, pos + 33, nameLen);
            // System use area after the (even-padded) name: a Rock Ridge NM entry has the real name.
            int su = pos + 33 + nameLen + ((nameLen & 1) == 0 ? 1 : 0);
            String rockRidge = rockRidgeName(b, su, pos + len);
            if (rockRidge != null) {
                name = rockRidge;
            }
        }
        long offset = lba * SECTOR;
        if (offset + size > imageSize) {
            throw invalid(iso, "'" + name + "' lies past the end of the image (sector " + lba + ", " + size
                    + " bytes, image " + imageSize + " bytes)");
        }
        return Optional.of(new Extent(name, offset, size, (flags & 0x02) != 0));
    }

    /** SUSP entries are [sig1 sig2 len version data...]; NM's data is a flags byte then the name. */
    private static String rockRidgeName(ByteBuffer b, int from, int end) {
        StringBuilder name = null;
        int pos = from;
        while (pos + 4 <= end) {
            int len = b.get(pos + 2) & 0xff;
            if (len < 4 || pos + len > end) {
                break;
            }
            if (b.get(pos) == 'N' && b.get(pos + 1) == 'M' && len >= 5) {
                int flags = b.get(pos + 4) & 0xff;
                if ((flags & 0x06) == 0) {
                    // CURRENT/PARENT flags mark "." and ".."; a CONTINUE flag means more NM entries follow.
                    if (name == null) {
                        name = new StringBuilder();
                    }
                    byte[] raw = new byte[len - 5];
                    b.get(pos + 5, raw);
                    name.append(new String(raw, StandardCharsets.UTF_8));
                }
            }
            pos += len;
        }
        return name == null ? null : name.toString();
    }

    /** Case-insensitive, without the ";1" version and the "." that a name without extension gets. */
    static String normalize(String name) {
        String n = name;
        int semi = n.lastIndexOf(';');
        if (semi >= 0) {
            n = n.substring(0, semi);
        }
        if (n.endsWith(".")) {
            n = n.substring(0, n.length() - 1);
        }
        return n.toLowerCase(Locale.ROOT);
    }

    /** Joliet marks its supplementary descriptor with a UCS-2 escape sequence: %/@, %/C or %/E. */
    private static boolean isJoliet(ByteBuffer d) {
        return d.get(88) == '%' && d.get(89) == '/' && (d.get(90) == '@' || d.get(90) == 'C' || d.get(90) == 'E');
    }

    private static void checkBlockSize(Path iso, ByteBuffer d) {
        int blockSize = d.order(ByteOrder.LITTLE_ENDIAN).getShort(128) & 0xffff;
        if (blockSize != SECTOR) {
            throw invalid(iso, "logical block size " + blockSize + ", only " + SECTOR + " is supported");
        }
    }

    private static ByteBuffer read(FileChannel channel, long offset, int length) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(length);
        while (b.hasRemaining()) {
            if (channel.read(b, offset + b.position()) < 0) {
                throw new IOException("unexpected end of file at byte " + (offset + b.position()));
            }
        }
        return b.flip();
    }

    private static String ascii(ByteBuffer b, int from, int length) {
        byte[] raw = new byte[length];
        b.get(from, raw);
        return new String(raw, StandardCharsets.US_ASCII);
    }

    private static JmkException invalid(Path iso, String what) {
        return new JmkException(Reason.GUEST_IMAGE_INVALID, iso + " is not a readable ISO 9660 image: " + what);
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // read-only channel: nothing to flush
        }
    }
}
