package dev.jminikube.drivers;

import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import dev.jminikube.core.input.ControlCharacters;
import java.util.regex.Pattern;

/**
 * Profile names become directory names, lock-file names and VM names, so they are kept to a safe
 * alphabet: letters, digits and '-', starting and ending with a letter or digit, at most 40 characters.
 * Capitals are allowed, as in minikube; the node (and the guest's hostname) is the name lower-cased, which
 * the end rule keeps a valid DNS-1123 label.
 */
public final class ProfileName {
    public static final String DEFAULT = "minikube";
    public static final int MAX_LENGTH = 40;
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?");

    private ProfileName() {
    }

    /** Returns {@code name} if valid, else throws {@link Reason#PROFILE_NAME_INVALID} saying why. */
    public static String validate(String name) {
        if (name == null || name.isEmpty()) {
            throw invalid("\"\"", "it is empty");
        }
        if (name.length() > MAX_LENGTH) {
            throw invalid(name, "it is longer than " + MAX_LENGTH + " characters");
        }
        if (!VALID.matcher(name).matches()) {
            throw invalid(name, "it may contain only letters, digits and '-', and must start and end with a letter or digit");
        }
        return name;
    }

    private static JmkException invalid(String name, String why) {
        return new JmkException(Reason.PROFILE_NAME_INVALID, "invalid profile name " + ControlCharacters.escape(name) + ": " + why);
    }
}
