package dev.jminikube.bootstrap.units;

import dev.jminikube.bootstrap.GuestPaths;

/** The certificates and keys the components read, under kubeadm's names. */
public final class PkiPaths {
    public static final String CA_CERT = GuestPaths.PKI_DIR + "/ca.crt";
    public static final String CA_KEY = GuestPaths.PKI_DIR + "/ca.key";
    public static final String APISERVER_CERT = GuestPaths.PKI_DIR + "/apiserver.crt";
    public static final String APISERVER_KEY = GuestPaths.PKI_DIR + "/apiserver.key";
    public static final String APISERVER_KUBELET_CLIENT_CERT = GuestPaths.PKI_DIR + "/apiserver-kubelet-client.crt";
    public static final String APISERVER_KUBELET_CLIENT_KEY = GuestPaths.PKI_DIR + "/apiserver-kubelet-client.key";
    public static final String APISERVER_ETCD_CLIENT_CERT = GuestPaths.PKI_DIR + "/apiserver-etcd-client.crt";
    public static final String APISERVER_ETCD_CLIENT_KEY = GuestPaths.PKI_DIR + "/apiserver-etcd-client.key";
    public static final String FRONT_PROXY_CA_CERT = GuestPaths.PKI_DIR + "/front-proxy-ca.crt";
    public static final String FRONT_PROXY_CLIENT_CERT = GuestPaths.PKI_DIR + "/front-proxy-client.crt";
    public static final String FRONT_PROXY_CLIENT_KEY = GuestPaths.PKI_DIR + "/front-proxy-client.key";
    /** The common name of the front-proxy client certificate; the API server trusts only it. */
    public static final String FRONT_PROXY_CLIENT_NAME = "front-proxy-client";
    public static final String SERVICE_ACCOUNT_KEY = GuestPaths.PKI_DIR + "/sa.key";
    public static final String SERVICE_ACCOUNT_PUB = GuestPaths.PKI_DIR + "/sa.pub";
    public static final String ETCD_CA_CERT = GuestPaths.ETCD_PKI_DIR + "/ca.crt";
    public static final String ETCD_SERVER_CERT = GuestPaths.ETCD_PKI_DIR + "/server.crt";
    public static final String ETCD_SERVER_KEY = GuestPaths.ETCD_PKI_DIR + "/server.key";
    public static final String ETCD_PEER_CERT = GuestPaths.ETCD_PKI_DIR + "/peer.crt";
    public static final String ETCD_PEER_KEY = GuestPaths.ETCD_PKI_DIR + "/peer.key";
    /** The kubelet's serving certificate (port 10250). */
    public static final String KUBELET_CERT = GuestPaths.PKI_DIR + "/kubelet.crt";
    public static final String KUBELET_KEY = GuestPaths.PKI_DIR + "/kubelet.key";
    /** dockerd's serving certificate on its TLS port (docker runtime only; {@code docker-env}'s clients check it). */
    /** The CA dockerd checks client certificates against: its own, not the cluster's. */
    public static final String DOCKER_CA_CERT = GuestPaths.PKI_DIR + "/docker/ca.crt";
    public static final String DOCKER_SERVER_CERT = GuestPaths.PKI_DIR + "/docker-server.crt";
    public static final String DOCKER_SERVER_KEY = GuestPaths.PKI_DIR + "/docker-server.key";

    private PkiPaths() {
    }
}
