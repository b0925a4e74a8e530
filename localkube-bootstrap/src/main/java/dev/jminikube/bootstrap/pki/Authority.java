package dev.jminikube.bootstrap.pki;

/**
 * The certificate authorities of a cluster, laid out as kubeadm does. etcd has its own CA (as in
 * kubeadm) rather than sharing the cluster CA: etcd trusts every client certificate its CA signed,
 * and with a shared CA the admin, kubelet and every other cluster client certificate could read and
 * write etcd directly.
 */
public enum Authority {
    /** Signs the API server's serving certificate and every cluster client (kubectl, kubelet...). */
    CLUSTER("ca", "jminikubeCA"),
    /** Signs the client certificate the API server presents to aggregated API servers. */
    FRONT_PROXY("front-proxy-ca", "front-proxy-ca"),
    /** Signs etcd's serving and peer certificates and the API server's etcd client certificate. */
    ETCD("etcd/ca", "etcd-ca"),
    /**
     * Signs dockerd's serving certificate and {@code docker-env}'s client certificate (docker runtime only). dockerd
     * trusts every client its CA signed, as etcd does, and with the cluster CA kubelet's or kube-proxy's certificate
     * would open the node's dockerd (root in the node). Its key stays on the host: nothing in the node signs with it.
     */
    DOCKER("docker/ca", "jminikube-docker-ca");

    private final String fileStem;
    private final String commonName;

    Authority(String fileStem, String commonName) {
        this.fileStem = fileStem;
        this.commonName = commonName;
    }

    /** Path below the PKI directory without extension: {@code ca} gives {@code ca.crt} and {@code ca.key}. */
    public String fileStem() {
        return fileStem;
    }

    public String commonName() {
        return commonName;
    }
}
