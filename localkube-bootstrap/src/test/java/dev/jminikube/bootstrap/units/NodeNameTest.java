package dev.jminikube.bootstrap.units;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jminikube.bootstrap.ClusterConfig;
import dev.jminikube.bootstrap.ContainerRuntime;
import dev.jminikube.bootstrap.KubernetesVersion;
import dev.jminikube.bootstrap.NetworkPlugin;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The node of a profile with capitals is its lower-cased name, in every file that names the node (issue 21). */
class NodeNameTest {
    private static final ClusterConfig MIXED_CASE = ClusterConfig.of("barA", KubernetesVersion.parse("v1.37.2"),
            ContainerRuntime.CONTAINERD, NetworkPlugin.CNI, List.of(), 40123);

    @Test
    void aProfileWithCapitalsNamesALowerCaseNode() {
        assertThat(ClusterConfig.nodeNameFor("barA")).isEqualTo("bara");
        assertThat(ClusterConfig.nodeNameFor("minikube")).isEqualTo("minikube");
        assertThat(MIXED_CASE.profile()).isEqualTo("barA");
        assertThat(MIXED_CASE.nodeName()).isEqualTo("bara");
    }

    @Test
    void kubeletKubeProxyAndEtcdUseTheNodeName() {
        List<GuestFile> files = LocalkubeFiles.forCluster(MIXED_CASE);
        assertThat(Clusters.execArguments(Clusters.unit(files, "jmk-kubelet"))).contains("--hostname-override=bara");
        assertThat(Clusters.execArguments(Clusters.unit(files, "jmk-etcd"))).contains("--name=bara");
        assertThat(files.stream().map(GuestFile::content)).noneMatch(c -> c.contains("barA"));
    }

    @Test
    void aNodeNameKubernetesWouldNotRegisterIsAProgrammingError() {
        for (String bad : List.of("barA", "a-", "-a", "a.b", "")) {
            assertThatThrownBy(() -> new ClusterConfig("p", bad, MIXED_CASE.version(), MIXED_CASE.runtime(),
                    MIXED_CASE.networkPlugin(), List.of(), ClusterConfig.DEFAULT_NODE_IP, 8443, 8443,
                    ClusterConfig.DEFAULT_SERVICE_CIDR, ClusterConfig.DEFAULT_POD_CIDR,
                    ClusterConfig.DEFAULT_CLUSTER_DNS_IP, ClusterConfig.DEFAULT_DNS_DOMAIN))
                    .as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
