package dev.jminikube.bootstrap;

import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A Kubernetes release version such as {@code v1.20.2}; parsed from {@code v1.20.2} or {@code 1.20.2}. */
public record KubernetesVersion(int major, int minor, int patch) implements Comparable<KubernetesVersion> {
    private static final Pattern FORMAT = Pattern.compile("v?(\\d+)\\.(\\d+)\\.(\\d+)");
    private static final Comparator<KubernetesVersion> ORDER = Comparator.comparingInt(KubernetesVersion::major)
            .thenComparingInt(KubernetesVersion::minor).thenComparingInt(KubernetesVersion::patch);

    public static KubernetesVersion parse(String text) {
        Matcher m = FORMAT.matcher(text == null ? "" : text.trim());
        if (!m.matches()) {
            throw new JmkException(Reason.K8S_VERSION_INVALID,
                    "'" + text + "' is not a Kubernetes version (expected vMAJOR.MINOR.PATCH, e.g. v1.20.2)");
        }
        return new KubernetesVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                Integer.parseInt(m.group(3)));
    }

    public static KubernetesVersion of(int major, int minor, int patch) {
        return new KubernetesVersion(major, minor, patch);
    }

    /** True when this version is {@code 1.minor} or newer (any patch). */
    public boolean atLeastMinor(int wantedMinor) {
        return major > 1 || (major == 1 && minor >= wantedMinor);
    }

    /** {@code v1.20} */
    public String minorLine() {
        return "v" + major + "." + minor;
    }

    @Override
    public int compareTo(KubernetesVersion other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return "v" + major + "." + minor + "." + patch;
    }
}
