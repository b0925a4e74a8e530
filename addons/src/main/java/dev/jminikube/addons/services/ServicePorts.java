package dev.jminikube.addons.services;

import java.util.List;

/**
 * A service as {@code service} and the dashboard show it.
 *
 * @param type      ClusterIP, NodePort, LoadBalancer or ExternalName
 * @param clusterIp the service's address inside the cluster ("" for none, "None" for a headless service)
 */
public record ServicePorts(String namespace, String name, String type, String clusterIp, List<Port> ports) {
    /** @param nodePort 0 when the port has none */
    public record Port(String name, int port, String targetPort, int nodePort) {
    }

    public ServicePorts {
        ports = List.copyOf(ports);
    }

    public List<Port> nodePorts() {
        return ports.stream().filter(p -> p.nodePort() > 0).toList();
    }

    public String qualifiedName() {
        return namespace + "/" + name;
    }
}
