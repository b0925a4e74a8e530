package dev.jminikube.bootstrap.images;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Reads tar archives entry by entry, streaming: ustar, GNU long names ('L'/'K') and PAX headers ('x'),
 * which covers what docker, containerd, GNU tar and {@link TarArchive} write. Every header's checksum is
 * checked, so a file that is not a tar is recognised at its first block.
 */
public final class TarReader {
    private static final int BLOCK = 512;

    /** A member's header; its content is read with {@link #readContent()} before the next {@link #next()}. */
    public record Header(String name, char type, int mode, long size, String linkTarget) {
        public boolean isFile() {
            return type == '0' || type == 0 || type == '7';
        }

        public boolean isDirectory() {
            return type == '5';
        }

        public boolean isSymlink() {
            return type == '2';
        }
    }

    /** The input is not (or no longer) a tar archive. */
    public static final class NotATarException extends IOException {
        NotATarException(String message) {
            super(message);
        }
    }

    private final InputStream in;
    private long remaining;
    private long padding;

    public TarReader(InputStream in) {
        this.in = in;
    }

    /** The next member, or empty at the end of the archive. */
    public Optional<Header> next() throws IOException {
        skipRest();
        String longName = null;
        String longLink = null;
        while (true) {
            byte[] h = readBlock();
            if (h == null || isZero(h)) {
                return Optional.empty();
            }
            checkChecksum(h);
            char type = (char) h[156];
            long size = number(h, 124, 12);
            if (size < 0) {
                throw new NotATarException("negative member size");
            }
            if (type == 'x' || type == 'g' || type == 'L' || type == 'K') {
                byte[] data = readFully(size);
                skipPadding(size);
                if (type == 'x') {
                    String text = new String(data, StandardCharsets.UTF_8);
                    longName = pax(text, "path").orElse(longName);
                    longLink = pax(text, "linkpath").orElse(longLink);
                } else if (type == 'L') {
                    longName = cString(data, 0, data.length);
                } else if (type == 'K') {
                    longLink = cString(data, 0, data.length);
                }
                continue;
            }
            String name = cString(h, 0, 100);
            if (cString(h, 257, 5).equals("ustar")) {
                String prefix = cString(h, 345, 155);
                if (!prefix.isEmpty()) {
                    name = prefix + "/" + name;
                }
            }
            remaining = (type == '0' || type == 0 || type == '7') ? size : (type == '5' || type == '2' ? 0 : size);
            padding = (BLOCK - remaining % BLOCK) % BLOCK;
            return Optional.of(new Header(longName != null ? longName : name, type, (int) number(h, 100, 8), size,
                    longLink != null ? longLink : cString(h, 157, 100)));
        }
    }

    /** The current member's content (for small members such as manifest.json). */
    public byte[] readContent() throws IOException {
        if (remaining > Integer.MAX_VALUE - 16) {
            throw new IOException("tar member too large to read into memory: " + remaining + " bytes");
        }
        byte[] data = readFully(remaining);
        remaining = 0;
        return data;
    }

    private void skipRest() throws IOException {
        skip(remaining + padding);
        remaining = 0;
        padding = 0;
    }

    private void skipPadding(long size) throws IOException {
        skip((BLOCK - size % BLOCK) % BLOCK);
    }

    private void skip(long n) throws IOException {
        long left = n;
        while (left > 0) {
            long skipped = in.skip(left);
            if (skipped <= 0) {
                if (in.read() < 0) {
                    throw new EOFException("tar archive ends inside a member");
                }
                skipped = 1;
            }
            left -= skipped;
        }
    }

    private byte[] readFully(long size) throws IOException {
        byte[] data = in.readNBytes((int) size);
        if (data.length != size) {
            throw new EOFException("tar archive ends inside a member");
        }
        return data;
    }

    private byte[] readBlock() throws IOException {
        byte[] h = in.readNBytes(BLOCK);
        if (h.length == 0) {
            return null;
        }
        if (h.length < BLOCK) {
            throw new NotATarException("ends in a partial " + h.length + "-byte block");
        }
        return h;
    }

    private static void checkChecksum(byte[] h) throws NotATarException {
        long stored;
        try {
            stored = number(h, 148, 8);
        } catch (NotATarException e) {
            throw new NotATarException("header checksum unreadable");
        }
        long unsigned = 0;
        long signed = 0;
        for (int i = 0; i < BLOCK; i++) {
            int b = (i >= 148 && i < 156) ? ' ' : h[i];
            unsigned += b & 0xff;
            signed += (i >= 148 && i < 156) ? ' ' : h[i];
        }
        if (stored != unsigned && stored != signed) {
            throw new NotATarException("header checksum does not match");
        }
    }

    /** An octal field, or GNU's base-256 for large values (high bit set). */
    private static long number(byte[] h, int offset, int length) throws NotATarException {
        if ((h[offset] & 0x80) != 0) {
            long value = h[offset] & 0x7f;
            for (int i = offset + 1; i < offset + length; i++) {
                value = (value << 8) | (h[i] & 0xff);
            }
            return value;
        }
        String text = cString(h, offset, length).trim();
        if (text.isEmpty()) {
            return 0;
        }
        try {
            return Long.parseLong(text, 8);
        } catch (NumberFormatException e) {
            throw new NotATarException("not an octal number in a header field: '" + text + "'");
        }
    }

    private static String cString(byte[] b, int offset, int length) {
        int end = offset;
        while (end < offset + length && b[end] != 0) {
            end++;
        }
        return new String(b, offset, end - offset, StandardCharsets.UTF_8);
    }

    private static Optional<String> pax(String records, String key) {
        return records.lines().map(l -> l.substring(l.indexOf(' ') + 1)).filter(l -> l.startsWith(key + "="))
                .map(l -> l.substring(key.length() + 1)).reduce((a, b) -> b);
    }

    private static boolean isZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }
}
