package dev.jminikube.bootstrap.pki;

import java.util.List;

/**
 * The clients of the API server that get a kubeconfig, each with the identity Kubernetes' default
 * RBAC expects of it. Their certificates live under {@code clients/} in the PKI directory and are
 * not copied into the guest's PKI directory: they reach the guest embedded in kubeconfig files.
 */
public enum ClientIdentity {
    ADMIN("admin", List.of("system:masters")),
    CONTROLLER_MANAGER("controller-manager", List.of()),
    SCHEDULER("scheduler", List.of()),
    /** kubelet's client certificate; named after the node so the Node authorizer can scope it. */
    KUBELET("kubelet", List.of("system:nodes")),
    KUBE_PROXY("kube-proxy", List.of());

    private final String name;
    private final List<String> organizations;

    ClientIdentity(String name, List<String> organizations) {
        this.name = name;
        this.organizations = organizations;
    }

    /** Short name: {@code controller-manager}; also the file stem below {@code clients/}. */
    public String shortName() {
        return name;
    }

    public String commonName(String nodeName) {
        return switch (this) {
            case ADMIN -> "kubernetes-admin";
            case CONTROLLER_MANAGER -> "system:kube-controller-manager";
            case SCHEDULER -> "system:kube-scheduler";
            case KUBELET -> "system:node:" + nodeName;
            case KUBE_PROXY -> "system:kube-proxy";
        };
    }

    public List<String> organizations() {
        return organizations;
    }

    String fileStem() {
        return "clients/" + name;
    }
}
