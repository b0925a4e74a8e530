package dev.jminikube.addons.services;

import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import dev.jminikube.core.input.ControlCharacters;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Reads services and their NodePorts through fabric8 (for {@code service}, {@code addons open} and the dashboard). */
public final class NodePortServices {
    private final KubernetesClient client;

    public NodePortServices(KubernetesClient client) {
        this.client = client;
    }

    /** The service, or {@link Reason#SERVICE_NOT_FOUND}. */
    public ServicePorts get(String namespace, String name) {
        Service s = client.services().inNamespace(namespace).withName(name).get();
        if (s == null) {
            throw new JmkException(Reason.SERVICE_NOT_FOUND, "service '" + ControlCharacters.escape(name)
                    + "' not found in namespace '" + ControlCharacters.escape(namespace) + "'");
        }
        return of(s);
    }

    /** The service if it has at least one NodePort, else {@link Reason#SERVICE_NOT_NODEPORT} saying how to expose it. */
    public ServicePorts getWithNodePorts(String namespace, String name) {
        ServicePorts service = get(namespace, name);
        if (service.nodePorts().isEmpty()) {
            throw new JmkException(Reason.SERVICE_NOT_NODEPORT, "service " + service.qualifiedName() + " is of type "
                    + service.type() + " and has no NodePort")
                    .withAdvice("Expose it with a NodePort: 'jminikube kubectl -- patch service " + name + " -n " + namespace
                            + " -p {\"spec\":{\"type\":\"NodePort\"}}', or create one with 'kubectl expose ... --type=NodePort'.");
        }
        return service;
    }

    /** All services of {@code namespace} (all namespaces when null), sorted by namespace and name. */
    public List<ServicePorts> list(String namespace) {
        List<Service> items = namespace == null ? client.services().inAnyNamespace().list().getItems()
                : client.services().inNamespace(namespace).list().getItems();
        return items.stream().map(NodePortServices::of)
                .sorted(Comparator.comparing(ServicePorts::namespace).thenComparing(ServicePorts::name)).toList();
    }

    /** Every NodePort in use by some service of the cluster. */
    public Set<Integer> allNodePorts() {
        return nodePortsOf(list(null));
    }

    /** The NodePorts {@code services} use. */
    public static Set<Integer> nodePortsOf(List<ServicePorts> services) {
        Set<Integer> ports = new TreeSet<>();
        services.forEach(s -> s.nodePorts().forEach(p -> ports.add(p.nodePort())));
        return ports;
    }

    static ServicePorts of(Service s) {
        String type = s.getSpec().getType() == null ? "ClusterIP" : s.getSpec().getType();
        List<ServicePort> ports = s.getSpec().getPorts() == null ? List.of() : s.getSpec().getPorts();
        String clusterIp = s.getSpec().getClusterIP() == null ? "" : s.getSpec().getClusterIP();
        return new ServicePorts(s.getMetadata().getNamespace(), s.getMetadata().getName(), type, clusterIp, ports.stream()
                .map(p -> new ServicePorts.Port(p.getName() == null ? "" : p.getName(),
                        p.getPort() == null ? 0 : p.getPort(),
                        p.getTargetPort() == null ? "" : p.getTargetPort().getValue().toString(),
                        p.getNodePort() == null ? 0 : p.getNodePort()))
                .toList());
    }
}
