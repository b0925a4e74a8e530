package dev.jminikube.drivers.virtualbox.fake;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The fake's disk images. Not real VDI/VMDK files: each starts with its format's real signature text (the
 * VDI pre-header, the VMDK descriptor line) so the format is told from the file as VirtualBox does, then the
 * fake's metadata (UUID, logical size), then at {@link #DATA_OFFSET} the disk's raw content, which is what
 * the guest sees as its disk. ISOs are real enough: VirtualBox recognises them by ISO 9660's "CD001".
 */
final class FakeMediumFile {
    static final int DATA_OFFSET = 4096;
    static final Map<String, String> SIGNATURES = Map.of(
            "VDI", "<<< Oracle VM VirtualBox Disk Image >>>",
            "VMDK", "# Disk DescriptorFile",
            "VHD", "conectix");
    private static final int ISO_SIGNATURE_OFFSET = 0x8001;

    record Header(String format, String uuid, long logicalSize) {
    }

    private FakeMediumFile() {
    }

    static void create(Path file, String format, String uuid, byte[] data) throws IOException {
        byte[] out = Arrays.copyOf(header(new Header(format, uuid, data.length)), DATA_OFFSET + data.length);
        System.arraycopy(data, 0, out, DATA_OFFSET, data.length);
        Files.write(file, out);
    }

    /** The header, or empty if the file is not one of the fake's images (a real VBoxManage: unknown format). */
    static Optional<Header> read(Path file) throws IOException {
        byte[] head = new byte[DATA_OFFSET];
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            int n = raf.read(head);
            if (n < 64) {
                return Optional.empty();
            }
        }
        String text = new String(head, StandardCharsets.UTF_8);
        int nul = text.indexOf('\0');
        String[] lines = (nul < 0 ? text : text.substring(0, nul)).split("\n");
        Optional<String> format = SIGNATURES.entrySet().stream().filter(e -> lines[0].equals(e.getValue()))
                .map(Map.Entry::getKey).findFirst();
        if (format.isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int eq = lines[i].indexOf('=');
            if (eq > 0) {
                fields.put(lines[i].substring(0, eq), lines[i].substring(eq + 1));
            }
        }
        return Optional.of(new Header(format.get(), fields.getOrDefault("uuid", ""),
                Long.parseLong(fields.getOrDefault("size", "0"))));
    }

    static void writeHeader(Path file, Header header) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(0);
            raf.write(header(header));
        }
    }

    /** The first {@code length} bytes of the disk as the guest sees it (zeros past what was written). */
    static byte[] readData(Path file, int length) throws IOException {
        byte[] data = new byte[length];
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            raf.seek(DATA_OFFSET);
            int off = 0;
            int n;
            while (off < length && (n = raf.read(data, off, length - off)) > 0) {
                off += n;
            }
        }
        return data;
    }

    /** What the guest writes to its disk (formatting it). */
    static void writeData(Path file, byte[] data) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(DATA_OFFSET);
            raf.write(data);
        }
    }

    static boolean isIso(Path file) throws IOException {
        byte[] sig = new byte[5];
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            if (raf.length() < ISO_SIGNATURE_OFFSET + 5) {
                return false;
            }
            raf.seek(ISO_SIGNATURE_OFFSET);
            raf.readFully(sig);
        }
        return new String(sig, StandardCharsets.US_ASCII).equals("CD001");
    }

    /** A file VirtualBox takes for an ISO: 64 KiB with ISO 9660's primary volume descriptor signature. */
    static Path writeIso(Path file) throws IOException {
        byte[] iso = new byte[64 * 1024];
        iso[0x8000] = 1;
        System.arraycopy("CD001".getBytes(StandardCharsets.US_ASCII), 0, iso, ISO_SIGNATURE_OFFSET, 5);
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, iso);
        return file;
    }

    private static byte[] header(Header h) {
        String text = SIGNATURES.get(h.format()) + "\nformat=" + h.format() + "\nuuid=" + h.uuid() + "\nsize="
                + h.logicalSize() + "\n";
        return Arrays.copyOf(text.getBytes(StandardCharsets.UTF_8), DATA_OFFSET);
    }
}
