package dev.jminikube.drivers.qemu;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes a POSIX ustar archive in memory. Just what the seed disk needs: regular files and
 * directories with names under 100 bytes, owned by root, a fixed mtime so seeds are reproducible.
 */
public final class UstarWriter {
    private static final int BLOCK = 512;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final long mtime;

    public UstarWriter(long mtimeEpochSeconds) {
        this.mtime = mtimeEpochSeconds;
    }

    public UstarWriter file(String name, int mode, byte[] content) {
        header(name, mode, content.length, '0');
        out.write(content, 0, content.length);
        pad(content.length);
        return this;
    }

    public UstarWriter directory(String name, int mode) {
        header(name.endsWith("/") ? name : name + "/", mode, 0, '5');
        return this;
    }

    /** The archive, ended by the two zero blocks tar expects. */
    public byte[] finish() {
        out.write(new byte[2 * BLOCK], 0, 2 * BLOCK);
        return out.toByteArray();
    }

    private void header(String name, int mode, long size, char type) {
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        if (nameBytes.length > 100) {
            throw new IllegalArgumentException("tar member name longer than 100 bytes: " + name);
        }
        byte[] h = new byte[BLOCK];
        System.arraycopy(nameBytes, 0, h, 0, nameBytes.length);
        octal(h, 100, 8, mode);
        octal(h, 108, 8, 0);
        octal(h, 116, 8, 0);
        octal(h, 124, 12, size);
        octal(h, 136, 12, mtime);
        h[156] = (byte) type;
        ascii(h, 257, "ustar\0");
        ascii(h, 263, "00");
        ascii(h, 265, "root");
        ascii(h, 297, "root");
        // The checksum is computed with its own field read as eight spaces.
        for (int i = 148; i < 156; i++) {
            h[i] = ' ';
        }
        long sum = 0;
        for (byte b : h) {
            sum += b & 0xff;
        }
        String chk = String.format("%06o", sum);
        ascii(h, 148, chk);
        h[154] = 0;
        h[155] = ' ';
        out.write(h, 0, BLOCK);
    }

    /** Zero-padded octal digits followed by a NUL, filling the field. */
    private static void octal(byte[] h, int offset, int length, long value) {
        String digits = Long.toOctalString(value);
        if (digits.length() > length - 1) {
            throw new IllegalArgumentException("value too large for a " + length + "-byte tar field: " + value);
        }
        ascii(h, offset, "0".repeat(length - 1 - digits.length()) + digits);
        h[offset + length - 1] = 0;
    }

    private static void ascii(byte[] h, int offset, String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, h, offset, b.length);
    }

    private void pad(long size) {
        int rest = (int) (size % BLOCK);
        if (rest != 0) {
            out.write(new byte[BLOCK - rest], 0, BLOCK - rest);
        }
    }
}
