package dev.jminikube.core.input;

import java.util.OptionalInt;

/**
 * Characters no value of the user's may carry into a file jminikube writes line by line (systemd units, flags,
 * messages): a line feed in an {@code --extra-config} value would become a directive of its own in the unit file.
 * These are the C0 controls (NUL, tab, line feed, carriage return...), DEL, the C1 controls (NEL among them) and
 * the Unicode line and paragraph separators, which some readers also break lines at.
 */
public final class ControlCharacters {
    private ControlCharacters() {
    }

    public static boolean isControl(int c) {
        return Character.isISOControl(c) || c == '\u2028' || c == '\u2029';
    }

    /** Where the first control character of {@code text} is, if it has one. */
    public static OptionalInt firstIndex(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (isControl(text.charAt(i))) {
                return OptionalInt.of(i);
            }
        }
        return OptionalInt.empty();
    }

    /** What to call {@code c} in a message, e.g. "a line feed (\n)". */
    public static String describe(char c) {
        return switch (c) {
            case '\n' -> "a line feed (\\n)";
            case '\r' -> "a carriage return (\\r)";
            case '\t' -> "a tab (\\t)";
            case '\0' -> "a NUL (\\0)";
            default -> "the control character " + escape(String.valueOf(c));
        };
    }

    /**
     * {@code text} with each control character written as an escape ({@code \n}, {@code \r}, {@code \t},
     * {@code \0}, else {@code \\uXXXX}), so a message that quotes a value stays on one line and shows what was there.
     */
    public static String escape(String text) {
        if (firstIndex(text).isEmpty()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!isControl(c)) {
                out.append(c);
                continue;
            }
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\0' -> out.append("\\0");
                default -> out.append(String.format("\\u%04x", (int) c));
            }
        }
        return out.toString();
    }
}
