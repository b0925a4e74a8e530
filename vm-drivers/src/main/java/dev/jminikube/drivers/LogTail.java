package dev.jminikube.drivers;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** The last lines of a log file, for error details; reads at most the last 64 KiB. */
public final class LogTail {
    private static final int MAX_BYTES = 64 * 1024;

    private LogTail() {
    }

    public static String of(Path file, int lines) {
        if (!Files.isRegularFile(file)) {
            return "(" + file + " does not exist)";
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long len = raf.length();
            int n = (int) Math.min(len, MAX_BYTES);
            byte[] buf = new byte[n];
            raf.seek(len - n);
            raf.readFully(buf);
            // Consoles are full of carriage returns and escape sequences; keep the text.
            String text = new String(buf, StandardCharsets.UTF_8).replace("\r", "")
                    .replaceAll("\u001B\\[[0-9;?]*[A-Za-z]", "");
            List<String> all = Arrays.stream(text.split("\n")).filter(l -> !l.isBlank()).collect(Collectors.toList());
            List<String> tail = all.subList(Math.max(0, all.size() - lines), all.size());
            return tail.isEmpty() ? "(" + file + " is empty)" : String.join("\n", tail);
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e.getMessage() + ")";
        }
    }
}
