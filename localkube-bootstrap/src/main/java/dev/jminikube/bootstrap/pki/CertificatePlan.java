package dev.jminikube.bootstrap.pki;

import dev.jminikube.bootstrap.ClusterConfig;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The leaf certificates a cluster needs and what each must say, after kubeadm's layout
 * ({@code kubeadm init phase certs}) with minikube's extra names.
 */
public final class CertificatePlan {
    /** kubeadm's old default service IP; minikube keeps it in the API server's SANs. */
    static final String LEGACY_SERVICE_IP = "10.0.0.1";
    /** docker-env's client certificate: kept on the host (below {@code clients/}), never shipped to the node. */
    public static final String DOCKER_CLIENT = "clients/docker";

    private CertificatePlan() {
    }

    /** Every leaf certificate for {@code config}: the guest's PKI files first, then the kubeconfig clients. */
    public static List<CertificateSpec> forCluster(ClusterConfig config) {
        String node = config.nodeName();
        String nodeIp = IpAddresses.canonical(config.nodeIp());
        List<CertificateSpec> specs = new ArrayList<>();
        specs.add(new CertificateSpec("apiserver", Authority.CLUSTER, "kube-apiserver", List.of(), Usage.SERVER,
                distinct("kubernetes", "kubernetes.default", "kubernetes.default.svc",
                        "kubernetes.default.svc." + config.dnsDomain(), "localhost",
                        ClusterConfig.CONTROL_PLANE_HOSTNAME, node),
                distinct("127.0.0.1", nodeIp, IpAddresses.firstAddress(config.serviceCidr()), LEGACY_SERVICE_IP)));
        specs.add(CertificateSpec.client("apiserver-kubelet-client", Authority.CLUSTER,
                "kube-apiserver-kubelet-client", List.of("system:masters")));
        specs.add(CertificateSpec.client("apiserver-etcd-client", Authority.ETCD, "kube-apiserver-etcd-client",
                List.of()));
        specs.add(CertificateSpec.client("front-proxy-client", Authority.FRONT_PROXY, "front-proxy-client",
                List.of()));
        List<String> etcdDns = distinct("localhost", node);
        List<String> etcdIps = distinct("127.0.0.1", nodeIp);
        specs.add(new CertificateSpec("etcd/server", Authority.ETCD, node, List.of(), Usage.SERVER_AND_CLIENT,
                etcdDns, etcdIps));
        specs.add(new CertificateSpec("etcd/peer", Authority.ETCD, node, List.of(), Usage.SERVER_AND_CLIENT,
                etcdDns, etcdIps));
        // kubelet's serving certificate, so the API server can verify kubelet (logs, exec) instead of a self-signed one.
        specs.add(new CertificateSpec("kubelet", Authority.CLUSTER, node, List.of(), Usage.SERVER,
                distinct(node, "localhost"), distinct(nodeIp, "127.0.0.1")));
        if (config.runtime() == dev.jminikube.bootstrap.ContainerRuntime.DOCKER) {
            // dockerd's TLS port, which 'docker-env' points a host's docker client at through a forward to 127.0.0.1.
            specs.add(new CertificateSpec("docker-server", Authority.DOCKER, node, List.of(), Usage.SERVER,
                    distinct(node, "localhost"), distinct("127.0.0.1", nodeIp)));
            specs.add(CertificateSpec.client(DOCKER_CLIENT, Authority.DOCKER, "docker-env", List.of()));
        }
        for (ClientIdentity client : ClientIdentity.values()) {
            specs.add(clientSpec(client, node));
        }
        return List.copyOf(specs);
    }

    /**
     * A worker's own certificates (issue 18), kept on the host below {@code nodes/<node>/}: kubelet's serving
     * certificate for the worker's name and node IP, and its client certificate as {@code system:node:<node>} (the
     * Node authorizer lets a kubelet touch only its own node's objects). kube-proxy's client certificate is the
     * cluster's one ({@link ClientIdentity#KUBE_PROXY}), as kubeadm gives every node's kube-proxy one identity.
     *
     * @param worker the cluster's configuration as the worker sees it ({@link dev.jminikube.bootstrap.ClusterNodes#node})
     */
    public static WorkerCertificates forWorker(ClusterConfig worker) {
        String node = worker.nodeName();
        String nodeIp = IpAddresses.canonical(worker.nodeIp());
        String dir = WORKERS_DIR + "/" + node + "/";
        return new WorkerCertificates(
                new CertificateSpec(dir + "kubelet", Authority.CLUSTER, node, List.of(), Usage.SERVER,
                        distinct(node, "localhost"), distinct(nodeIp, "127.0.0.1")),
                CertificateSpec.client(dir + ClientIdentity.KUBELET.fileStem(), Authority.CLUSTER,
                        ClientIdentity.KUBELET.commonName(node), ClientIdentity.KUBELET.organizations()),
                clientSpec(ClientIdentity.KUBE_PROXY, node));
    }

    /** Where the workers' certificates live in the PKI directory, one directory per node. */
    public static final String WORKERS_DIR = "nodes";

    /** See {@link #forWorker}. */
    public record WorkerCertificates(CertificateSpec kubeletServing, CertificateSpec kubeletClient,
                                     CertificateSpec kubeProxyClient) {
    }

    private static CertificateSpec clientSpec(ClientIdentity client, String node) {
        return CertificateSpec.client(client.fileStem(), Authority.CLUSTER, client.commonName(node), client.organizations());
    }

    /** The node name may equal {@code localhost} or the IP one of the fixed ones; a SAN is listed once. */
    private static List<String> distinct(String... values) {
        return List.copyOf(new LinkedHashSet<>(List.of(values)));
    }
}
