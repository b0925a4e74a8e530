package dev.jminikube.cluster;

import dev.jminikube.addons.services.NodePortServices;
import dev.jminikube.addons.services.ServicePorts;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.util.List;

/**
 * {@code service}: where this host reaches a cluster's NodePort services. Each lookup also removes the forwards of
 * NodePorts that no service has any more (see {@link NodePortForwards}), so forwards do not pile up.
 */
public final class ServiceUrls {
    private final RunningCluster cluster;
    private final NodePortServices services;
    private final NodePortForwards forwards;

    /** @param client a client of {@code cluster}; the caller closes it */
    public ServiceUrls(RunningCluster cluster, KubernetesClient client) {
        this.cluster = cluster;
        this.services = new NodePortServices(client);
        this.forwards = new NodePortForwards(cluster.machines(), cluster.name());
    }

    /** One service port and where this host reaches it. */
    public record Url(ServicePorts.Port port, URI uri) {
    }

    /** A service and the URL of each of its NodePorts. */
    public record Service(ServicePorts service, List<Url> urls) {
    }

    /**
     * The URLs of one service, which must exist and have at least one NodePort (SERVICE_NOT_FOUND or
     * SERVICE_NOT_NODEPORT otherwise, see {@link NodePortServices#getWithNodePorts}).
     */
    public Service of(String namespace, String name) {
        ServicePorts found = ClusterCalls.call(cluster, () -> services.getWithNodePorts(namespace, name));
        ClusterCalls.call(cluster, () -> forwards.pruneExcept(services.allNodePorts()));
        return new Service(found, found.nodePorts().stream().map(p -> new Url(p, URI.create(forwards.url(p.nodePort()))))
                .toList());
    }

    /** Every service of {@code namespace} (null: all namespaces), with URLs for those that have NodePorts. */
    public List<Service> list(String namespace) {
        List<ServicePorts> all = ClusterCalls.call(cluster, () -> services.list(namespace));
        // The whole cluster's NodePorts decide which forwards are stale; with a namespace only part of them are listed.
        ClusterCalls.call(cluster, () -> forwards.pruneExcept(namespace == null ? NodePortServices.nodePortsOf(all)
                : services.allNodePorts()));
        return all.stream().map(s -> new Service(s, s.nodePorts().stream()
                .map(p -> new Url(p, URI.create(forwards.url(p.nodePort())))).toList())).toList();
    }
}
