package dev.jminikube.addons;

import dev.jminikube.bootstrap.KubernetesVersion;
import java.util.Objects;

/**
 * What add-on manifests depend on besides the add-on itself: the cluster's version and addresses.
 *
 * @param hostIp the host as the guest reaches it ({@code host.minikube.internal}): the guest's default gateway
 *               (QEMU's and VirtualBox's NAT gateway, the host's address on a Hyper-V or VMware switch)
 */
public record AddonContext(KubernetesVersion version, String clusterDnsIp, String dnsDomain, String hostIp) {
    /** The gateway of QEMU's and VirtualBox's user-mode NAT network, where the guest reaches the host. */
    public static final String NAT_HOST_IP = "10.0.2.2";
    /** Where the hostPath provisioner keeps volumes: on the node's data disk, so they survive restarts. */
    public static final String HOSTPATH_ROOT = "/var/lib/jminikube-node/hostpath-provisioner";
    public static final String DASHBOARD_RELEASE = "v2.7.0";

    /** The gateway of {@code ip -4 route show default} output ("default via 10.0.2.2 dev eth0 ..."), if any. */
    public static java.util.Optional<String> defaultGateway(String ipRouteOutput) {
        return ipRouteOutput.lines().map(String::strip).filter(l -> l.startsWith("default via "))
                .map(l -> l.split("\\s+")[2]).filter(ip -> ip.matches("\\d{1,3}(\\.\\d{1,3}){3}")).findFirst();
    }

    public AddonContext {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(clusterDnsIp, "clusterDnsIp");
        Objects.requireNonNull(dnsDomain, "dnsDomain");
        Objects.requireNonNull(hostIp, "hostIp");
    }
}
