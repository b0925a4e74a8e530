package dev.jminikube.bootstrap.units;

/**
 * Quotes one command-line argument for a systemd {@code ExecStart=} line. systemd expands
 * {@code %} specifiers and {@code $} variables and splits on whitespace, so a value such as
 * {@code nodefs.available<5%} must become {@code nodefs.available<5%%}.
 */
public final class SystemdQuoting {
    private SystemdQuoting() {
    }

    public static String quote(String arg) {
        String escaped = arg.replace("%", "%%").replace("$", "$$");
        boolean needsQuotes = escaped.isEmpty() || escaped.chars().anyMatch(c -> Character.isWhitespace(c)
                || c == '"' || c == '\'' || c == '\\' || c == ';');
        if (!needsQuotes) {
            return escaped;
        }
        return "\"" + escaped.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
