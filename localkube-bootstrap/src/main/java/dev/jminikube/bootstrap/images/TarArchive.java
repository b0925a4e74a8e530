package dev.jminikube.bootstrap.images;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;

/**
 * Writes POSIX ustar archives that GNU tar, Go's archive/tar (docker, containerd) and busybox read alike:
 * files, directories and symlinks, owned by root:root, all with one fixed mtime so that the same entries
 * always give the same bytes (and so the same image digests). Names too long for ustar's name and prefix
 * fields get a PAX extended header, as GNU tar and Go write them.
 */
public final class TarArchive {
    /** 1970-01-01: what reproducible image builders (ko, rules_oci) use too. */
    public static final long FIXED_MTIME = 0;
    private static final int BLOCK = 512;
    private static final Comparator<TarEntry> BY_PATH = Comparator.comparing(TarEntry::path);

    private final OutputStream out;

    public TarArchive(OutputStream out) {
        this.out = out;
    }

    /** The archive of {@code entries}, sorted by path (a parent directory before what is in it). */
    public static byte[] of(List<TarEntry> entries) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        TarArchive tar = new TarArchive(bytes);
        entries.stream().sorted(BY_PATH).forEach(tar::add);
        tar.finish();
        return bytes.toByteArray();
    }

    public TarArchive add(TarEntry entry) {
        try {
            switch (entry.type()) {
                case FILE -> {
                    byte[] content = entry.contentUnsafe();
                    header(entry.path(), entry.mode(), content.length, '0', "");
                    out.write(content);
                    pad(content.length);
                }
                case DIRECTORY -> header(entry.path() + "/", entry.mode(), 0, '5', "");
                case SYMLINK -> header(entry.path(), entry.mode(), 0, '2', entry.linkTarget());
            }
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Adds a file whose {@code size} bytes are read from {@code content} as they are written, so a large file of a
     * build context never sits in memory. Fewer bytes than announced is an error: the archive would be corrupt.
     */
    public TarArchive addFile(String path, int mode, long size, InputStream content) {
        TarEntry checked = TarEntry.directory(path, mode); // the same path and mode checks as any entry
        try {
            header(checked.path(), mode, size, '0', "");
            byte[] buf = new byte[64 * 1024];
            long left = size;
            while (left > 0) {
                int n = content.read(buf, 0, (int) Math.min(buf.length, left));
                if (n < 0) {
                    throw new IOException(path + " ended " + left + " bytes early (changed while being read?)");
                }
                out.write(buf, 0, n);
                left -= n;
            }
            pad(size);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Ends the archive with the two zero blocks readers expect. */
    public void finish() {
        try {
            out.write(new byte[2 * BLOCK]);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void header(String name, int mode, long size, char type, String linkTarget) throws IOException {
        byte[] nameBytes = utf8(name);
        byte[] linkBytes = utf8(linkTarget);
        String prefix = "";
        String shortName = name;
        StringBuilder pax = new StringBuilder();
        if (nameBytes.length > 100) {
            int split = splitPoint(name);
            if (split > 0) {
                prefix = name.substring(0, split);
                shortName = name.substring(split + 1);
            } else {
                pax.append(paxRecord("path", name));
                shortName = asciiTail(name);
            }
        }
        if (linkBytes.length > 100) {
            pax.append(paxRecord("linkpath", linkTarget));
            linkTarget = asciiTail(linkTarget);
        }
        if (pax.length() > 0) {
            byte[] records = utf8(pax.toString());
            out.write(block(asciiTail("PaxHeaders/" + shortName), 0644, records.length, 'x', "", ""));
            out.write(records);
            pad(records.length);
        }
        out.write(block(shortName, mode, size, type, linkTarget, prefix));
    }

    private static byte[] block(String name, int mode, long size, char type, String linkTarget, String prefix) {
        byte[] h = new byte[BLOCK];
        put(h, 0, 100, utf8(name));
        octal(h, 100, 8, mode);
        octal(h, 108, 8, 0);
        octal(h, 116, 8, 0);
        octal(h, 124, 12, size);
        octal(h, 136, 12, FIXED_MTIME);
        h[156] = (byte) type;
        put(h, 157, 100, utf8(linkTarget));
        put(h, 257, 6, utf8("ustar\0"));
        put(h, 263, 2, utf8("00"));
        put(h, 265, 32, utf8("root"));
        put(h, 297, 32, utf8("root"));
        put(h, 345, 155, utf8(prefix));
        // The checksum is the byte sum with its own field counted as eight spaces.
        for (int i = 148; i < 156; i++) {
            h[i] = ' ';
        }
        long sum = 0;
        for (byte b : h) {
            sum += b & 0xff;
        }
        octal(h, 148, 7, sum);
        h[155] = ' ';
        return h;
    }

    /** Where to split a long name into ustar prefix (<= 155 bytes) and name (<= 100 bytes); -1 if nowhere. */
    private static int splitPoint(String name) {
        for (int i = name.length() - 1; i > 0; i--) {
            if (name.charAt(i) == '/' && utf8(name.substring(0, i)).length <= 155
                    && utf8(name.substring(i + 1)).length <= 100 && i + 1 < name.length()) {
                return i;
            }
            if (utf8(name.substring(i)).length > 101) {
                return -1;
            }
        }
        return -1;
    }

    /** {@code "<length> key=value\n"} where length counts the whole record, its own digits included. */
    static String paxRecord(String key, String value) {
        int body = utf8(" " + key + "=" + value + "\n").length;
        int length = body + String.valueOf(body).length();
        if (String.valueOf(length).length() != String.valueOf(body).length()) {
            length++;
        }
        return length + " " + key + "=" + value + "\n";
    }

    /** A stand-in for readers without PAX support: the last 100 bytes, ASCII only. */
    private static String asciiTail(String s) {
        String ascii = s.replaceAll("[^\\x20-\\x7e]", "_");
        return ascii.length() <= 100 ? ascii : ascii.substring(ascii.length() - 100);
    }

    private static void octal(byte[] h, int offset, int length, long value) {
        String digits = Long.toOctalString(value);
        if (digits.length() > length - 1) {
            throw new IllegalArgumentException("value too large for a " + length + "-byte tar field: " + value);
        }
        put(h, offset, length - 1, utf8("0".repeat(length - 1 - digits.length()) + digits));
        h[offset + length - 1] = 0;
    }

    private static void put(byte[] h, int offset, int length, byte[] value) {
        if (value.length > length) {
            throw new IllegalArgumentException("tar header field of " + length + " bytes cannot hold "
                    + new String(value, StandardCharsets.UTF_8));
        }
        System.arraycopy(value, 0, h, offset, value.length);
    }

    private void pad(long size) throws IOException {
        int rest = (int) (size % BLOCK);
        if (rest != 0) {
            out.write(new byte[BLOCK - rest]);
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
