package dev.jminikube.cli;

import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses minikube-style sizes ("2200", "2200mb", "4g", "20GB") into megabytes. */
final class Sizes {
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(b|k|kb|m|mb|mib|g|gb|gib|t|tb)?");

    private Sizes() {
    }

    static long toMegabytes(String flag, String text, Reason reason) {
        Matcher m = SIZE.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new JmkException(reason, flag + " " + text + " is not a size (expected e.g. 2200mb or 4g)");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "mb" : m.group(2);
        return switch (unit.charAt(0)) {
            case 'b' -> n / (1024 * 1024);
            case 'k' -> n / 1024;
            case 'm' -> n;
            case 'g' -> n * 1024;
            case 't' -> n * 1024 * 1024;
            default -> throw new IllegalStateException(unit);
        };
    }
}
