package dev.jminikube.cluster;

import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import dev.jminikube.core.input.ControlCharacters;
import java.util.regex.Pattern;

/**
 * An image reference as docker writes it ({@code my-app:1.0}, {@code registry.local:5000/team/app@sha256:...}),
 * checked against the reference grammar before anything reaches the node, and in the full form containerd stores
 * ({@code docker.io/library/my-app:1.0}): the two runtimes name one image differently, and pods name it as docker does.
 *
 * @param domain the registry ({@code docker.io} when none is written)
 * @param path   the repository path ({@code library/NAME} for a one-component name on docker.io)
 * @param tag    the tag, or null when only a digest is given
 * @param digest {@code sha256:...}, or null
 */
public record ImageName(String domain, String path, String tag, String digest) {
    private static final String DEFAULT_DOMAIN = "docker.io";
    private static final Pattern COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
    private static final Pattern DOMAIN = Pattern.compile(
            "(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]+)?");
    private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");
    private static final Pattern DIGEST = Pattern.compile("sha256:[a-f0-9]{64}");

    /** Parses {@code text}, or fails with {@link Reason#IMAGE_NAME_INVALID} saying which part is wrong. */
    public static ImageName parse(String text) {
        if (text == null || text.isBlank()) {
            throw invalid(text, "it is empty");
        }
        if (text.length() > 255 + 1 + 128 + 1 + 71) {
            throw invalid(text, "it is too long");
        }
        String rest = text;
        String digest = null;
        int at = rest.indexOf('@');
        if (at >= 0) {
            digest = rest.substring(at + 1);
            rest = rest.substring(0, at);
            if (!DIGEST.matcher(digest).matches()) {
                throw invalid(text, "the digest must be sha256: and 64 hex digits");
            }
        }
        String tag = null;
        int colon = rest.lastIndexOf(':');
        if (colon > rest.lastIndexOf('/')) {
            tag = rest.substring(colon + 1);
            rest = rest.substring(0, colon);
            if (!TAG.matcher(tag).matches()) {
                throw invalid(text, "the tag \"" + ControlCharacters.escape(tag)
                        + "\" must be letters, digits, '_', '.' and '-' (not first), at most 128");
            }
        }
        String domain = DEFAULT_DOMAIN;
        String path = rest;
        int slash = rest.indexOf('/');
        if (slash > 0) {
            String first = rest.substring(0, slash);
            if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
                if (!DOMAIN.matcher(first).matches()) {
                    throw invalid(text, "the registry \"" + ControlCharacters.escape(first) + "\" is not a host[:port]");
                }
                domain = first;
                path = rest.substring(slash + 1);
            }
        }
        if (path.length() > 255) {
            throw invalid(text, "the name is longer than 255 characters");
        }
        for (String component : path.split("/", -1)) {
            if (!COMPONENT.matcher(component).matches()) {
                throw invalid(text, component.isEmpty() ? "it has an empty path component"
                        : "\"" + ControlCharacters.escape(component) + "\" must be lower-case letters and digits, "
                        + "separated by '.', '_', '__' or '-'");
            }
        }
        if (domain.equals(DEFAULT_DOMAIN) && !path.contains("/")) {
            path = "library/" + path;
        }
        if (tag == null && digest == null) {
            tag = "latest";
        }
        return new ImageName(domain, path, tag, digest);
    }

    /** The full form containerd stores and lists: {@code docker.io/library/my-app:1.0}. */
    public String normalized() {
        return domain + "/" + path + (tag == null ? "" : ":" + tag) + (digest == null ? "" : "@" + digest);
    }

    /** The short form docker shows: {@code my-app:1.0} for docker.io's library, else the full form. */
    public String familiar() {
        String name = domain.equals(DEFAULT_DOMAIN)
                ? (path.startsWith("library/") ? path.substring("library/".length()) : path)
                : domain + "/" + path;
        return name + (tag == null ? "" : ":" + tag) + (digest == null ? "" : "@" + digest);
    }

    @Override
    public String toString() {
        return familiar();
    }

    private static JmkException invalid(String text, String why) {
        return new JmkException(Reason.IMAGE_NAME_INVALID, "\"" + ControlCharacters.escape(String.valueOf(text))
                + "\" is not an image name: " + why);
    }
}
