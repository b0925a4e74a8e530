package dev.jminikube.drivers.hyperv;

import dev.jminikube.core.OwnerOnly;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;

/**
 * A fixed-size VHD, written without Hyper-V: the raw disk bytes followed by the 512-byte footer of
 * Microsoft's "Virtual Hard Disk Image Format Specification" (v1.0, 2006). Hyper-V's Convert-VHD then
 * makes the dynamic disk the VM uses, exactly as minikube does with the VHD that New-VHD -Fixed made.
 * All footer fields are big-endian.
 */
final class FixedVhd {
    static final int FOOTER_SIZE = 512;
    static final int DISK_TYPE_FIXED = 2;
    /** VHD timestamps count seconds from 2000-01-01 00:00:00 UTC. */
    static final long EPOCH_2000 = 946684800L;

    private FixedVhd() {
    }

    /** Writes {@code data} zero-padded to {@code size} bytes (a multiple of 512), then the footer. */
    static void write(Path file, byte[] data, long size, Instant created, UUID id) throws IOException {
        if (size % 512 != 0 || data.length > size) {
            throw new IllegalArgumentException("a VHD holds whole sectors, at least the data: " + size);
        }
        OwnerOnly.write(file, new byte[0]); // the user's only from the start: it becomes the cluster's disk
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(data);
            byte[] zeros = new byte[64 * 1024];
            for (long left = size - data.length; left > 0; left -= Math.min(left, zeros.length)) {
                out.write(zeros, 0, (int) Math.min(left, zeros.length));
            }
            out.write(footer(size, created, id));
        }
    }

    static byte[] footer(long size, Instant created, UUID id) {
        ByteBuffer f = ByteBuffer.allocate(FOOTER_SIZE);
        f.put("conectix".getBytes(StandardCharsets.US_ASCII));
        f.putInt(0x00000002);            // features: the "reserved" bit the spec says is always set
        f.putInt(0x00010000);            // file format version 1.0
        f.putLong(-1L);                  // data offset: none for a fixed disk
        f.putInt((int) (created.getEpochSecond() - EPOCH_2000));
        f.put("jmk ".getBytes(StandardCharsets.US_ASCII)); // creator application
        f.putInt(0x00010000);            // creator version
        f.put("Wi2k".getBytes(StandardCharsets.US_ASCII)); // creator host OS: Windows
        f.putLong(size);                 // original size
        f.putLong(size);                 // current size
        f.putInt(geometry(size));
        f.putInt(DISK_TYPE_FIXED);
        int checksumAt = f.position();
        f.putInt(0);
        f.putLong(id.getMostSignificantBits());
        f.putLong(id.getLeastSignificantBits());
        f.put((byte) 0);                 // saved state
        byte[] bytes = f.array();
        f.putInt(checksumAt, checksum(bytes));
        return bytes;
    }

    /** One's complement of the byte sum, the checksum field counted as zero. */
    static int checksum(byte[] footer) {
        long sum = 0;
        for (int i = 0; i < FOOTER_SIZE; i++) {
            if (i < 64 || i >= 68) {
                sum += footer[i] & 0xff;
            }
        }
        return (int) ~sum;
    }

    /** Cylinders (16 bits), heads (8), sectors per track (8): the spec's appendix algorithm. */
    static int geometry(long size) {
        long totalSectors = Math.min(size / 512, 65535L * 16 * 255);
        long sectorsPerTrack;
        long heads;
        long cylinderTimesHeads;
        if (totalSectors >= 65535L * 16 * 63) {
            sectorsPerTrack = 255;
            heads = 16;
            cylinderTimesHeads = totalSectors / sectorsPerTrack;
        } else {
            sectorsPerTrack = 17;
            cylinderTimesHeads = totalSectors / sectorsPerTrack;
            heads = (cylinderTimesHeads + 1023) / 1024;
            if (heads < 4) {
                heads = 4;
            }
            if (cylinderTimesHeads >= heads * 1024 || heads > 16) {
                sectorsPerTrack = 31;
                heads = 16;
                cylinderTimesHeads = totalSectors / sectorsPerTrack;
            }
            if (cylinderTimesHeads >= heads * 1024) {
                sectorsPerTrack = 63;
                heads = 16;
                cylinderTimesHeads = totalSectors / sectorsPerTrack;
            }
        }
        long cylinders = cylinderTimesHeads / heads;
        return (int) ((cylinders << 16) | (heads << 8) | sectorsPerTrack);
    }
}
