package dev.jminikube.bootstrap.config;

import dev.jminikube.bootstrap.ClusterConfig;
import dev.jminikube.bootstrap.ContainerRuntime;
import dev.jminikube.bootstrap.KubernetesVersion;
import dev.jminikube.bootstrap.NetworkPlugin;
import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;

/**
 * Checks a whole {@link ClusterConfig} before any VM work, so an impossible combination fails in
 * a second instead of after the VM boots. Extra options are not checked against each version's
 * flags (nobody can keep that table right); the component reports an unknown flag itself.
 */
public final class ClusterConfigCheck {
    public static final int OLDEST_MINOR = 20;
    public static final int NEWEST_MINOR = 37;

    private ClusterConfigCheck() {
    }

    public static void check(ClusterConfig config) {
        checkVersion(config.version());
        config.runtime().checkSupports(config.version());
        checkNetworkPlugin(config);
        checkRanges(config);
        if (config.apiServerPort() < 1 || config.apiServerPort() > 65535) {
            throw new JmkException(Reason.USAGE, "--apiserver-port=" + config.apiServerPort() + " is not a TCP port (1-65535)");
        }
    }

    private static void checkVersion(KubernetesVersion version) {
        if (version.major() != 1 || version.minor() < OLDEST_MINOR || version.minor() > NEWEST_MINOR) {
            throw new JmkException(Reason.K8S_VERSION_UNSUPPORTED, "Kubernetes " + version
                    + " is not supported; jminikube runs v1." + OLDEST_MINOR + ".x through v1." + NEWEST_MINOR + ".x");
        }
    }

    /** kubenet is part of kubelet's dockershim: no dockershim (containerd, or v1.24+), no kubenet. */
    private static void checkNetworkPlugin(ClusterConfig config) {
        if (config.networkPlugin() == NetworkPlugin.KUBENET
                && (config.runtime() != ContainerRuntime.DOCKER || config.version().atLeastMinor(24))) {
            throw new JmkException(Reason.RUNTIME_UNSUPPORTED, "--network-plugin=kubenet is built into kubelet's dockershim, "
                    + "so it needs --container-runtime=docker and Kubernetes v1.23 or older (asked for "
                    + config.runtime().flagValue() + " on " + config.version() + ")")
                    .withAdvice("Use --network-plugin=cni (the default bridge network), which works with every runtime and version.");
        }
    }

    private static void checkRanges(ClusterConfig config) {
        Ipv4Cidr pods = Ipv4Cidr.parse(config.podCidr(), "pod CIDR");
        Ipv4Cidr services = Ipv4Cidr.parse(config.serviceCidr(), "service CIDR");
        if (pods.overlaps(services)) {
            throw new JmkException(Reason.USAGE, "the pod CIDR " + config.podCidr() + " overlaps the service CIDR "
                    + config.serviceCidr() + "; choose ranges that do not overlap");
        }
    }
}
