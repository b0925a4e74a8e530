package dev.jminikube.core;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** SHA-256 digests as lower-case hex, the way {@code .sha256} files and image digests write them. */
public final class Sha256 {
    private static final Pattern LEADING_DIGEST = Pattern.compile("^\\s*([0-9a-fA-F]{64})(\\s|$)");

    private Sha256() {
    }

    public static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    public static String of(byte[] content) {
        return HexFormat.of().formatHex(newDigest().digest(content));
    }

    public static String of(Path file) throws IOException {
        MessageDigest digest = newDigest();
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                digest.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /**
     * The digest a {@code .sha256} file publishes: 64 hex digits first, optionally followed by
     * whitespace and a file name ({@code sha256sum} style). Empty for anything else.
     */
    public static Optional<String> parsePublished(String text) {
        Matcher m = LEADING_DIGEST.matcher(text);
        return m.find() ? Optional.of(m.group(1).toLowerCase(Locale.ROOT)) : Optional.empty();
    }
}
