package dev.jminikube.addons;

import dev.jminikube.bootstrap.ClusterConfig;
import dev.jminikube.bootstrap.KubernetesVersion;
import java.util.Objects;

/**
 * What add-on manifests depend on besides the add-on itself: the cluster's version and addresses.
 *
 * @param hostIp the host as the guest reaches it ({@code host.minikube.internal}); QEMU's and VirtualBox's NAT gateway
 */
public record AddonContext(KubernetesVersion version, String clusterDnsIp, String dnsDomain, String hostIp) {
    /** The gateway of QEMU's and VirtualBox's user-mode NAT network, where the guest reaches the host. */
    public static final String NAT_HOST_IP = "10.0.2.2";
    /** Where the hostPath provisioner keeps volumes: on the node's data disk, so they survive restarts. */
    public static final String HOSTPATH_ROOT = "/var/lib/jminikube-node/hostpath-provisioner";
    public static final String DASHBOARD_RELEASE = "v2.7.0";

    public AddonContext {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(clusterDnsIp, "clusterDnsIp");
        Objects.requireNonNull(dnsDomain, "dnsDomain");
        Objects.requireNonNull(hostIp, "hostIp");
    }

    public static AddonContext of(ClusterConfig config) {
        return new AddonContext(config.version(), config.clusterDnsIp(), config.dnsDomain(), NAT_HOST_IP);
    }
}
