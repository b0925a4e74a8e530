package dev.jminikube.bootstrap;

import dev.jminikube.core.nodes.NodeSlot;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Everything the generated flags, unit files and certificates depend on besides the Kubernetes
 * version. Addresses are the guest's own: {@code nodeIp} is what the driver reports (QEMU user
 * networking gives every guest 10.0.2.15, a bridged switch hands out its own) and goes into the
 * certificates. Where the host reaches the API server is the driver's business (its host endpoint);
 * {@code apiServerHostPort} is that endpoint's port.
 *
 * @param nodeName          the Kubernetes node name, {@link #nodeNameFor} the profile
 * @param apiServerHostPort the port the host reaches the API server on (a 127.0.0.1 forward for NAT drivers,
 *                          {@code apiServerPort} itself for bridged drivers and none)
 */
public record ClusterConfig(String profile, String nodeName, KubernetesVersion version, ContainerRuntime runtime,
                            NetworkPlugin networkPlugin, List<ExtraOption> extraOptions, String nodeIp,
                            int apiServerPort, int apiServerHostPort, String serviceCidr, String podCidr,
                            String clusterDnsIp, String dnsDomain) {
    public static final String DEFAULT_NODE_IP = "10.0.2.15";
    public static final int DEFAULT_APISERVER_PORT = 8443;
    public static final String DEFAULT_SERVICE_CIDR = "10.96.0.0/12";
    /** The first address of the service range: the in-cluster {@code kubernetes} service. */
    public static final String KUBERNETES_SERVICE_IP = "10.96.0.1";
    public static final String DEFAULT_POD_CIDR = "10.244.0.0/16";
    public static final String DEFAULT_CLUSTER_DNS_IP = "10.96.0.10";
    public static final String DEFAULT_DNS_DOMAIN = "cluster.local";
    /** Resolves to the node inside the guest, as in minikube. */
    public static final String CONTROL_PLANE_HOSTNAME = "control-plane.minikube.internal";

    /** A DNS-1123 label: what kubelet registers, what the node certificate and the guest's hostname name. */
    private static final Pattern NODE_NAME = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

    public ClusterConfig {
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(nodeName, "nodeName");
        if (!NODE_NAME.matcher(nodeName).matches()) {
            throw new IllegalArgumentException("node name " + nodeName + " is not a lower-case DNS-1123 label");
        }
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(runtime, "runtime");
        Objects.requireNonNull(networkPlugin, "networkPlugin");
        extraOptions = extraOptions == null ? List.of() : List.copyOf(extraOptions);
    }

    /** Defaults for everything but what the user chose. */
    public static ClusterConfig of(String profile, KubernetesVersion version, ContainerRuntime runtime,
                                   NetworkPlugin networkPlugin, List<ExtraOption> extraOptions, int apiServerHostPort) {
        return new ClusterConfig(profile, nodeNameFor(profile), version, runtime, networkPlugin, extraOptions, DEFAULT_NODE_IP,
                DEFAULT_APISERVER_PORT, apiServerHostPort, DEFAULT_SERVICE_CIDR, DEFAULT_POD_CIDR,
                DEFAULT_CLUSTER_DNS_IP, DEFAULT_DNS_DOMAIN);
    }

    /**
     * This cluster on its machine: the node's IP (it goes into the certificates) and the host port the API server is
     * reached on, which only the machine's driver knows once it runs. Everything the user chose stays.
     */
    public ClusterConfig onMachine(String machineNodeIp, int machineApiServerHostPort) {
        return new ClusterConfig(profile, nodeName, version, runtime, networkPlugin, extraOptions, machineNodeIp,
                apiServerPort, machineApiServerHostPort, serviceCidr, podCidr, clusterDnsIp, dnsDomain);
    }

    /**
     * This cluster as node {@code slot} of several sees it (issue 18): the node's own name ({@code <profile>-m02}, ...,
     * lower-cased as {@link #nodeNameFor} does) and its address on the profile's node network; everything else is the
     * cluster's.
     */
    public ClusterConfig forNode(NodeSlot slot) {
        return new ClusterConfig(profile, nodeNameFor(slot.nodeName(profile)), version, runtime, networkPlugin,
                extraOptions, slot.segmentAddress(), apiServerPort, apiServerHostPort, serviceCidr, podCidr,
                clusterDnsIp, dnsDomain);
    }

    /**
     * The node of a profile is named after it, as in minikube, but lower-cased: node names are lower-case DNS-1123
     * names while profile names may have capitals (minikube allows them), and kubelet lower-cases its
     * {@code --hostname-override} itself, so a node "pA" would register as "pa" and never match its certificate
     * ({@code system:node:pA}) or the Ready wait.
     */
    public static String nodeNameFor(String profile) {
        return profile.toLowerCase(Locale.ROOT);
    }

    /** The extra options for one component, in the order given. */
    public List<ExtraOption> extraOptionsFor(Component component) {
        return extraOptions.stream().filter(o -> o.component() == component).toList();
    }
}
