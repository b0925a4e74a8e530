package dev.jminikube.bootstrap;

import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;

/**
 * The Kubernetes versions the generated flags and units are written for. Outside this range the
 * bootstrapper would guess at flags, so it refuses instead.
 */
public final class SupportedVersions {
    public static final KubernetesVersion OLDEST = KubernetesVersion.of(1, 20, 0);
    /** The newest minor line whose flags are pinned by tests. */
    public static final int NEWEST_MINOR = 37;
    /**
     * The default for {@code start}: the newest release this machine can get without dl.k8s.io
     * (built through the Go module proxy with the host's Go 1.26).
     */
    public static final KubernetesVersion DEFAULT = KubernetesVersion.of(1, 37, 2);
    /** The one version Debian's archive carries as source (kubernetes 1.20.5+really1.20.2). */
    public static final KubernetesVersion DEBIAN_SOURCE = KubernetesVersion.of(1, 20, 2);
    /** The oldest release whose module graph builds from the Go module proxy here (see the recipe). */
    public static final KubernetesVersion OLDEST_GO_PROXY_BUILD = KubernetesVersion.of(1, 30, 0);

    private SupportedVersions() {
    }

    public static boolean isSupported(KubernetesVersion v) {
        return v.major() == 1 && v.compareTo(OLDEST) >= 0 && v.minor() <= NEWEST_MINOR;
    }

    public static KubernetesVersion requireSupported(KubernetesVersion v) {
        if (!isSupported(v)) {
            throw new JmkException(Reason.K8S_VERSION_UNSUPPORTED, "Kubernetes " + v + " is outside the supported range "
                    + OLDEST.minorLine() + ".0 to v1." + NEWEST_MINOR + ".x");
        }
        return v;
    }

    /** Parses --kubernetes-version; empty or "stable"/"latest" mean {@link #DEFAULT}. */
    public static KubernetesVersion parseFlag(String text) {
        if (text == null || text.isBlank() || text.equals("stable") || text.equals("latest")) {
            return DEFAULT;
        }
        return requireSupported(KubernetesVersion.parse(text));
    }
}
