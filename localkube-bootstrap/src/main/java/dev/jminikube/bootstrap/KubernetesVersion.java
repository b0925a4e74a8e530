package dev.jminikube.bootstrap;

import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import dev.jminikube.core.input.Flag;
import java.util.Comparator;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A Kubernetes release version such as {@code v1.20.2}; parsed from {@code v1.20.2} or {@code 1.20.2}. */
public record KubernetesVersion(int major, int minor, int patch) implements Comparable<KubernetesVersion> {
    public static final Flag FLAG = new Flag("--kubernetes-version", Reason.K8S_VERSION_INVALID,
            "vMAJOR.MINOR.PATCH ('jminikube get-k8s-versions' lists the supported ones)", "v1.20.2");
    private static final Pattern FORMAT = Pattern.compile("v?(\\d+)\\.(\\d+)\\.(\\d+)");
    /** Nine digits always fit an int; no Kubernetes version number comes near. */
    private static final int MAX_DIGITS = 9;
    private static final Comparator<KubernetesVersion> ORDER = Comparator.comparingInt(KubernetesVersion::major)
            .thenComparingInt(KubernetesVersion::minor).thenComparingInt(KubernetesVersion::patch);

    /** Parses {@code --kubernetes-version}'s value; what is not a version is reported as that flag's error. */
    public static KubernetesVersion parse(String text) {
        Matcher m = FORMAT.matcher(text == null ? "" : text.trim());
        if (!m.matches()) {
            throw FLAG.invalid(text, "is not a Kubernetes version (vMAJOR.MINOR.PATCH)");
        }
        for (int group = 1; group <= 3; group++) {
            if (m.group(group).length() > MAX_DIGITS) {
                throw FLAG.invalid(text, "is not a Kubernetes version: " + m.group(group) + " is too large a number");
            }
        }
        return new KubernetesVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                Integer.parseInt(m.group(3)));
    }

    /** A version if {@code text} is one; for text that is not the user's (directory names, remote lists). */
    public static Optional<KubernetesVersion> tryParse(String text) {
        try {
            return Optional.of(parse(text));
        } catch (JmkException e) {
            return Optional.empty();
        }
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
