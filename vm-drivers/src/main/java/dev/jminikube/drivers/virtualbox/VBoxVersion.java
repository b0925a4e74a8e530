package dev.jminikube.drivers.virtualbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * VirtualBox's version as {@code VBoxManage --version} prints it: {@code 7.0.14r161095} from Oracle's
 * builds, {@code 6.1.50_Ubuntur161033} from distributions (a vendor tag before the revision).
 */
record VBoxVersion(int major, int minor, int patch, String text) implements Comparable<VBoxVersion> {
    /**
     * 6.1 is the oldest release that runs 64-bit guests without raw mode and has every modifyvm option the
     * driver uses; 6.0 and older are out of support.
     */
    static final VBoxVersion MINIMUM = new VBoxVersion(6, 1, 0, "6.1");

    private static final Pattern VERSION = Pattern.compile("(\\d+)\\.(\\d+)(?:\\.(\\d+))?[\\w.~+-]*");

    /** {@code 7.0.14r161095} -> 7.0.14; empty if the text is not a version. */
    static Optional<VBoxVersion> parse(String text) {
        String t = text.strip();
        Matcher m = VERSION.matcher(t);
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new VBoxVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                m.group(3) == null ? 0 : Integer.parseInt(m.group(3)), t));
    }

    boolean atLeast(VBoxVersion other) {
        return compareTo(other) >= 0;
    }

    @Override
    public int compareTo(VBoxVersion o) {
        if (major != o.major) {
            return Integer.compare(major, o.major);
        }
        if (minor != o.minor) {
            return Integer.compare(minor, o.minor);
        }
        return Integer.compare(patch, o.patch);
    }

    /** {@code 7.0.14}, for messages. */
    String number() {
        return major + "." + minor + "." + patch;
    }

    /**
     * What {@code --version} printed: the version (its last line), and any warning before it. On Linux the
     * launcher script prints its kernel-module warning ahead of every command's output, --version included.
     */
    record Report(Optional<VBoxVersion> version, String warning) {
    }

    static Report readVersionOutput(String output) {
        List<String> lines = new ArrayList<>(output.lines().toList());
        while (!lines.isEmpty() && lines.get(lines.size() - 1).isBlank()) {
            lines.remove(lines.size() - 1);
        }
        if (lines.isEmpty()) {
            return new Report(Optional.empty(), "");
        }
        Optional<VBoxVersion> version = parse(lines.get(lines.size() - 1));
        List<String> rest = version.isPresent() ? lines.subList(0, lines.size() - 1) : lines;
        return new Report(version, String.join("\n", rest).strip());
    }
}
