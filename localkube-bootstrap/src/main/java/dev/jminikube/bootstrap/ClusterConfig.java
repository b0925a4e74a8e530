package dev.jminikube.bootstrap;

import java.util.List;
import java.util.Objects;

/**
 * Everything the generated flags, unit files and certificates depend on besides the Kubernetes
 * version. Addresses are the guest's own: {@code nodeIp} is what the driver reports (QEMU user
 * networking gives every guest 10.0.2.15, a bridged switch hands out its own) and goes into the
 * certificates. Where the host reaches the API server is the driver's business (its host endpoint);
 * {@code apiServerHostPort} is that endpoint's port.
 *
 * @param nodeName          the Kubernetes node name (minikube names it after the profile)
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

    public ClusterConfig {
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(nodeName, "nodeName");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(runtime, "runtime");
        Objects.requireNonNull(networkPlugin, "networkPlugin");
        extraOptions = extraOptions == null ? List.of() : List.copyOf(extraOptions);
    }

    /** Defaults for everything but what the user chose. */
    public static ClusterConfig of(String profile, KubernetesVersion version, ContainerRuntime runtime,
                                   NetworkPlugin networkPlugin, List<ExtraOption> extraOptions, int apiServerHostPort) {
        return new ClusterConfig(profile, profile, version, runtime, networkPlugin, extraOptions, DEFAULT_NODE_IP,
                DEFAULT_APISERVER_PORT, apiServerHostPort, DEFAULT_SERVICE_CIDR, DEFAULT_POD_CIDR,
                DEFAULT_CLUSTER_DNS_IP, DEFAULT_DNS_DOMAIN);
    }

    /** The extra options for one component, in the order given. */
    public List<ExtraOption> extraOptionsFor(Component component) {
        return extraOptions.stream().filter(o -> o.component() == component).toList();
    }
}
