package dev.jminikube.core.input;

import java.math.BigInteger;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Parses the values of flags that jminikube reads itself: whole numbers, sizes, URLs and paths. This is the one
 * place where such a value that does not parse (too many digits, a {@code %zz} escape, a {@code file:} URL that
 * names another host) becomes a usage error through its {@link Flag}; the JDK's own parsers, called directly,
 * throw NumberFormatException or IllegalArgumentException, which reached the user as "a bug in jminikube".
 * Nothing here returns a value that the JDK then refuses: a file URL it accepts converts to a {@link Path}.
 */
public final class FlagValues {
    /**
     * The largest size a size flag takes: 1 PiB, far beyond any host, and small enough that converting it to
     * bytes (drivers do) cannot overflow a long.
     */
    public static final long MAX_SIZE_MB = 1L << 30;
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(b|k|kb|kib|m|mb|mib|g|gb|gib|t|tb|tib)?");
    private static final Pattern DIGITS = Pattern.compile("\\d+");

    private FlagValues() {
    }

    /** A whole number (digits only) between {@code min} and {@code max}. */
    public static long wholeNumber(Flag flag, String text, long min, long max) {
        String t = text == null ? "" : text.strip();
        if (!DIGITS.matcher(t).matches()) {
            throw flag.invalid(text, "is not a whole number");
        }
        BigInteger n = new BigInteger(t);
        if (n.compareTo(BigInteger.valueOf(max)) > 0) {
            throw flag.invalid(text, "is too large (at most " + max + ")");
        }
        if (n.compareTo(BigInteger.valueOf(min)) < 0) {
            throw flag.invalid(text, "is too small (at least " + min + ")");
        }
        return n.longValue();
    }

    /**
     * A size in megabytes: a plain number is megabytes, else a number with a unit (b, k, m, g, t, optionally
     * followed by b or ib; all binary), as minikube takes them ("2200", "2200mb", "4g", "20GB").
     */
    public static long megabytes(Flag flag, String text) {
        Matcher m = SIZE.matcher(text == null ? "" : text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw flag.invalid(text, "is not a size");
        }
        // A BigInteger, so that no number of digits can overflow before the range check.
        BigInteger n = new BigInteger(m.group(1));
        char unit = m.group(2) == null ? 'm' : m.group(2).charAt(0);
        BigInteger mb = switch (unit) {
            case 'b' -> n.shiftRight(20);
            case 'k' -> n.shiftRight(10);
            case 'm' -> n;
            case 'g' -> n.shiftLeft(10);
            case 't' -> n.shiftLeft(20);
            default -> throw new IllegalStateException("unit " + unit + " matched but not converted");
        };
        if (mb.compareTo(BigInteger.valueOf(MAX_SIZE_MB)) > 0) {
            throw flag.invalid(text, "is too large (at most " + (MAX_SIZE_MB >> 20) + "t)");
        }
        return mb.longValue();
    }

    /**
     * A URL with one of {@code schemes} (lower case). An http(s) URL must name a host; a file URL must be absolute
     * and local ({@code file:///path} or {@code file://localhost/path}) and is returned without its authority, so
     * {@link #localPath(Flag, String, URI)} and {@code Path.of(uri)} accept it.
     */
    public static URI url(Flag flag, String text, Set<String> schemes) {
        String t = text == null ? "" : text.strip();
        if (t.isEmpty()) {
            throw flag.invalid(text, "is empty");
        }
        refuseControlCharacters(flag, text, t);
        URI uri;
        try {
            uri = new URI(t);
        } catch (URISyntaxException e) {
            throw flag.invalid(text, "is not a valid URL: " + syntaxProblem(e));
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!schemes.contains(scheme)) {
            String kinds = new TreeSet<>(schemes).stream().map(s -> s + "://").collect(Collectors.joining(", "));
            throw flag.invalid(text, scheme.isEmpty() ? "has no scheme (expected " + kinds + ")"
                    : "is not a URL of a kind jminikube reads (" + kinds + ")");
        }
        if (scheme.equals("file")) {
            return fileUrl(flag, text, uri);
        }
        if (uri.isOpaque() || uri.getHost() == null) {
            throw flag.invalid(text, "has no valid host name (write " + scheme + "://HOST/path)");
        }
        return uri;
    }

    /** The local path a file URL from {@link #url} names. */
    public static Path localPath(Flag flag, String text, URI fileUrl) {
        try {
            return Path.of(fileUrl);
        } catch (IllegalArgumentException | FileSystemNotFoundException e) {
            throw flag.invalid(text, "is not a file path on this host (" + e.getMessage() + ")");
        }
    }

    /** A path as typed (relative paths are relative to the working directory). */
    public static Path path(Flag flag, String text) {
        String t = text == null ? "" : text.strip();
        if (t.isEmpty()) {
            throw flag.invalid(text, "is empty");
        }
        refuseControlCharacters(flag, text, t);
        try {
            return Path.of(t);
        } catch (InvalidPathException e) {
            throw flag.invalid(text, "is not a valid path here (" + e.getReason() + ")");
        }
    }

    private static URI fileUrl(Flag flag, String text, URI uri) {
        if (uri.isOpaque()) {
            // file:relative.iso: no '/' after the colon, so the URL has no path, only an opaque remainder.
            throw flag.invalid(text, "is not an absolute file URL (write file:///absolute/path, or just the path)");
        }
        String authority = uri.getRawAuthority();
        if (authority != null && !authority.isEmpty() && !authority.equalsIgnoreCase("localhost")) {
            throw flag.invalid(text, "names the host '" + authority + "', but only files on this host can be read "
                    + "(a local file URL has three slashes: file:///path)");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw flag.invalid(text, "has a query (?) or fragment (#), which a file URL cannot have "
                    + "(write a '?' in a name as %3F, a '#' as %23)");
        }
        String path = uri.getPath();
        if (path == null || path.isEmpty()) {
            throw flag.invalid(text, "has no path");
        }
        refuseControlCharacters(flag, text, path);
        URI local;
        try {
            local = new URI("file", null, path, null);
        } catch (URISyntaxException e) {
            throw flag.invalid(text, "is not a valid URL: " + syntaxProblem(e));
        }
        localPath(flag, text, local); // a URL the JDK would refuse later is refused now, naming the flag
        return local;
    }

    private static void refuseControlCharacters(Flag flag, String text, String checked) {
        OptionalInt at = ControlCharacters.firstIndex(checked);
        if (at.isPresent()) {
            throw flag.invalid(text, "holds " + ControlCharacters.describe(checked.charAt(at.getAsInt())));
        }
    }

    private static String syntaxProblem(URISyntaxException e) {
        String reason = e.getReason();
        String what = reason.isEmpty() ? "malformed" : Character.toLowerCase(reason.charAt(0)) + reason.substring(1);
        String where = e.getIndex() >= 0 ? " at character " + (e.getIndex() + 1) : "";
        String hint = reason.contains("escape") ? " (a '%' starts a %XX escape; a literal '%' is written %25)" : "";
        return what + where + hint;
    }
}
