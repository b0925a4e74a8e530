package dev.jminikube.bootstrap.units;

import dev.jminikube.bootstrap.ClusterConfig;
import dev.jminikube.bootstrap.ClusterNodes;
import dev.jminikube.core.nodes.NodeSlot;
import dev.jminikube.bootstrap.ContainerRuntime;
import dev.jminikube.bootstrap.NetworkPlugin;
import dev.jminikube.bootstrap.config.ClusterConfigCheck;
import java.util.ArrayList;
import java.util.List;

/**
 * Every file the localkube writes into the guest for one cluster config: the component units,
 * their config files, the runtime's config and the pod network. A pure function of the config;
 * it checks the config first ({@link ClusterConfigCheck}).
 */
public final class LocalkubeFiles {
    private LocalkubeFiles() {
    }

    /** With Debian's etcd ({@link EtcdUnit#DEBIAN_BINARY}). */
    public static List<GuestFile> forCluster(ClusterConfig config) {
        return forCluster(config, EtcdUnit.DEBIAN_BINARY);
    }

    /** @param etcdBinary the etcd to run, e.g. a newer one than Debian's in the version's binaries dir */
    public static List<GuestFile> forCluster(ClusterConfig config, String etcdBinary) {
        return forControlPlane(ClusterNodes.single(config), etcdBinary);
    }

    /**
     * Node 1's files: the whole control plane and the node components. With workers, its config is the one on the
     * node network ({@link ClusterNodes#controlPlane}), its bridge takes its own /24, and its NIC on the node network
     * routes to the workers' pods.
     */
    public static List<GuestFile> forControlPlane(ClusterNodes nodes, String etcdBinary) {
        ClusterConfig config = nodes.controlPlane();
        ClusterConfigCheck.check(config);
        List<GuestFile> files = new ArrayList<>();
        files.add(EtcdUnit.file(config, etcdBinary));
        files.add(ApiServerUnit.file(config));
        if (ApiServerUnit.usesAuthenticationConfig(config)) {
            files.add(AuthenticationConfigFile.file(config));
        }
        files.add(ControllerManagerUnit.file(config));
        files.add(SchedulerUnit.file(config));
        files.addAll(nodeFiles(nodes, NodeSlot.CONTROL_PLANE));
        return List.copyOf(files);
    }

    /**
     * A worker's files: kubelet and kube-proxy (with the worker's name and node IP), the runtime's config, its bridge
     * and its NIC on the node network. No control-plane unit: a stale one from nowhere cannot start by accident.
     */
    public static List<GuestFile> forWorker(ClusterNodes nodes, NodeSlot worker) {
        if (worker.isControlPlane()) {
            throw new IllegalArgumentException("node 1 is the control plane, not a worker");
        }
        ClusterConfigCheck.check(nodes.node(worker));
        return nodeFiles(nodes, worker);
    }

    /** What every node runs: kubelet, kube-proxy, the runtime, the pod network (and the node network's NIC). */
    private static List<GuestFile> nodeFiles(ClusterNodes nodes, NodeSlot self) {
        ClusterConfig config = nodes.node(self);
        List<GuestFile> files = new ArrayList<>();
        files.add(KubeletUnit.file(config));
        files.add(KubeletConfigFile.file(config));
        files.add(KubeProxyUnit.file(config));
        files.add(KubeProxyConfigFile.file(config));
        files.add(ContainerdConfigFile.file());
        if (config.runtime() == ContainerRuntime.DOCKER) {
            files.add(DockerDaemonFile.file());
            files.add(DockerDaemonFile.options());
        }
        // kubenet builds its own bridge config; a conflist would be ignored or, worse, confuse a reader.
        if (config.networkPlugin() == NetworkPlugin.CNI) {
            files.add(BridgeCniFile.file(nodes, self));
        }
        if (nodes.multiNode()) {
            files.add(NodeNetworkFile.file(nodes, self));
        }
        return files;
    }
}
