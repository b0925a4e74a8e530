package dev.jminikube.core.input;

import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import java.util.Objects;

/**
 * A command-line flag as its errors name it. Every value jminikube parses itself (sizes, numbers, URLs, versions)
 * fails through {@link #invalid}, so a bad value always reads the same way: one line naming the flag and the value
 * as typed, and advice showing what the flag takes with a valid example.
 *
 * @param name    the flag, e.g. {@code --memory}
 * @param reason  what a bad value is reported as: {@link Reason#USAGE}, or a more specific reason of the flag's own
 *                (e.g. {@link Reason#RESOURCE_MEMORY}), which decides the exit code
 * @param takes   completes "--memory takes ...", e.g. "a size: megabytes, or a number with a unit (mb, g, t)"
 * @param example a valid value, e.g. {@code 4g}
 */
public record Flag(String name, Reason reason, String takes, String example) {
    public Flag {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(takes, "takes");
        Objects.requireNonNull(example, "example");
    }

    /**
     * The error for {@code value}: "--memory '12q' is not a size".
     *
     * @param problem completes the sentence after the value, e.g. "is not a size" or "has no host name"
     */
    public JmkException invalid(String value, String problem) {
        return new JmkException(reason, name + " " + quote(value) + " " + problem, advice(), null, null);
    }

    /** "--memory takes a size ..., e.g. --memory=4g." */
    public String advice() {
        return name + " takes " + takes + ", e.g. " + name + "=" + example + ".";
    }

    /** The value in quotes, control characters escaped: a message quoting it stays one line. */
    public static String quote(String value) {
        return "'" + (value == null ? "" : ControlCharacters.escape(value)) + "'";
    }
}
