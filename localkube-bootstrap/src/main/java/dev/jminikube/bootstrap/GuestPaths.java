package dev.jminikube.bootstrap;

/**
 * Where the localkube puts things in the guest. {@code /etc/kubernetes} and {@code /var/lib/*}
 * live on the machine's data disk (the node image binds them there), so they survive restarts.
 */
public final class GuestPaths {
    public static final String KUBERNETES_DIR = "/etc/kubernetes";
    public static final String PKI_DIR = "/etc/kubernetes/pki";
    public static final String ETCD_PKI_DIR = "/etc/kubernetes/pki/etcd";
    /** kubeconfig files of the components: {@code admin.conf}, {@code kubelet.conf}... */
    public static final String KUBECONFIG_DIR = "/etc/kubernetes";
    /** KubeletConfiguration, KubeProxyConfiguration and the like. */
    public static final String CONFIG_DIR = "/etc/kubernetes/config";
    public static final String ETCD_DATA_DIR = "/var/lib/etcd";
    public static final String KUBELET_DIR = "/var/lib/kubelet";
    /** Per-version binaries: {@code /var/lib/jminikube-node/bin/v1.20.2/kubelet}. */
    public static final String BINARIES_ROOT = "/var/lib/jminikube-node/bin";
    public static final String SYSTEMD_DIR = "/etc/systemd/system";
    public static final String CNI_CONF_DIR = "/etc/cni/net.d";
    /** Debian's containernetworking-plugins install here (not /opt/cni/bin). */
    public static final String CNI_BIN_DIR = "/usr/lib/cni";
    public static final String CONTAINERD_CONFIG = "/etc/containerd/config.toml";
    public static final String DOCKER_DAEMON_JSON = "/etc/docker/daemon.json";

    private GuestPaths() {
    }

    public static String binaries(KubernetesVersion version) {
        return BINARIES_ROOT + "/" + version;
    }
}
