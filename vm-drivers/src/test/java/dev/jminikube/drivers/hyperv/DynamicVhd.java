package dev.jminikube.drivers.hyperv;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * What the fake's Convert-VHD and Resize-VHD write and read: a real dynamic VHD (footer copy, "cxsparse"
 * header, block allocation table, 2 MiB blocks with their sector bitmaps, footer), only blocks holding
 * non-zero data allocated. qemu-img reads it as format vpc, which the tests use as an outside check.
 */
final class DynamicVhd {
    static final int BLOCK = 2 * 1024 * 1024;
    private static final int DISK_TYPE_DYNAMIC = 3;

    record Image(long size, byte[] data) {
    }

    private DynamicVhd() {
    }

    /** The virtual size and disk bytes (up to the last allocated block) of a fixed or dynamic VHD. */
    static Image read(Path file) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long length = raf.length();
            if (length < 512) {
                throw new IOException("too short for a VHD footer");
            }
            byte[] footer = new byte[512];
            raf.seek(length - 512);
            raf.readFully(footer);
            ByteBuffer f = ByteBuffer.wrap(footer);
            if (!new String(footer, 0, 8, StandardCharsets.US_ASCII).equals("conectix")) {
                throw new IOException("no VHD footer (cookie conectix)");
            }
            if (f.getInt(64) != FixedVhd.checksum(footer)) {
                throw new IOException("VHD footer checksum mismatch");
            }
            long size = f.getLong(48);
            int type = f.getInt(60);
            if (type == FixedVhd.DISK_TYPE_FIXED) {
                if (length - 512 != size) {
                    throw new IOException("fixed VHD data is " + (length - 512) + " bytes, footer says " + size);
                }
                byte[] data = new byte[(int) Math.min(size, 64L * 1024 * 1024)];
                raf.seek(0);
                raf.readFully(data);
                return new Image(size, data);
            }
            if (type != DISK_TYPE_DYNAMIC) {
                throw new IOException("unsupported VHD type " + type);
            }
            long headerOffset = f.getLong(16);
            byte[] header = new byte[1024];
            raf.seek(headerOffset);
            raf.readFully(header);
            ByteBuffer h = ByteBuffer.wrap(header);
            long table = h.getLong(16);
            int entries = h.getInt(28);
            int blockSize = h.getInt(32);
            byte[] data = new byte[0];
            for (int i = 0; i < entries; i++) {
                raf.seek(table + 4L * i);
                int entry = raf.readInt();
                if (entry == -1) {
                    continue;
                }
                byte[] block = new byte[blockSize];
                raf.seek((entry & 0xffffffffL) * 512 + 512); // after the 512-byte sector bitmap
                raf.readFully(block);
                int end = (i + 1) * blockSize;
                if (data.length < end) {
                    data = Arrays.copyOf(data, end);
                }
                System.arraycopy(block, 0, data, i * blockSize, blockSize);
            }
            return new Image(size, data);
        }
    }

    /** Writes a dynamic VHD of {@code size} bytes whose first bytes are {@code data}. */
    static void write(Path file, long size, byte[] data) throws IOException {
        int entries = (int) ((size + BLOCK - 1) / BLOCK);
        long tableBytes = ((4L * entries + 511) / 512) * 512;
        long firstBlock = 512 + 1024 + tableBytes;
        ByteBuffer bat = ByteBuffer.allocate((int) tableBytes);
        for (int i = 0; i < tableBytes / 4; i++) {
            bat.putInt(i * 4, -1);
        }
        java.io.ByteArrayOutputStream blocks = new java.io.ByteArrayOutputStream();
        long next = firstBlock;
        for (int i = 0; i < entries && (long) i * BLOCK < data.length; i++) {
            byte[] block = Arrays.copyOfRange(data, i * BLOCK, (i + 1) * BLOCK);
            if (isZero(block)) {
                continue;
            }
            bat.putInt(i * 4, (int) (next / 512));
            byte[] bitmap = new byte[512];
            Arrays.fill(bitmap, (byte) 0xff);
            blocks.write(bitmap);
            blocks.write(block);
            next += 512 + BLOCK;
        }
        byte[] footer = FixedVhd.footer(size, java.time.Instant.parse("2024-01-01T00:00:00Z"),
                java.util.UUID.nameUUIDFromBytes(file.toString().getBytes(StandardCharsets.UTF_8)));
        ByteBuffer fb = ByteBuffer.wrap(footer);
        fb.putLong(16, 512);
        fb.putInt(60, DISK_TYPE_DYNAMIC);
        fb.putInt(64, FixedVhd.checksum(footer));
        ByteBuffer header = ByteBuffer.allocate(1024);
        header.put("cxsparse".getBytes(StandardCharsets.US_ASCII));
        header.putLong(-1L);
        header.putLong(512 + 1024);
        header.putInt(0x00010000);
        header.putInt(entries);
        header.putInt(BLOCK);
        long sum = 0;
        for (byte b : header.array()) {
            sum += b & 0xff;
        }
        header.putInt(36, (int) ~sum);
        try (var out = Files.newOutputStream(file)) {
            out.write(footer);
            out.write(header.array());
            out.write(bat.array());
            out.write(blocks.toByteArray());
            out.write(footer);
        }
    }

    private static boolean isZero(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }
}
