package dev.jminikube.bootstrap.units;

import dev.jminikube.bootstrap.ClusterConfig;
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
        ClusterConfigCheck.check(config);
        List<GuestFile> files = new ArrayList<>();
        files.add(EtcdUnit.file(config, etcdBinary));
        files.add(ApiServerUnit.file(config));
        if (ApiServerUnit.usesAuthenticationConfig(config)) {
            files.add(AuthenticationConfigFile.file(config));
        }
        files.add(ControllerManagerUnit.file(config));
        files.add(SchedulerUnit.file(config));
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
            files.add(BridgeCniFile.file(config));
        }
        return List.copyOf(files);
    }
}
