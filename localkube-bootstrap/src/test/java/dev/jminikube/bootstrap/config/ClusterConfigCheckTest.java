package dev.jminikube.bootstrap.config;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jminikube.bootstrap.ClusterConfig;
import dev.jminikube.bootstrap.ContainerRuntime;
import dev.jminikube.bootstrap.KubernetesVersion;
import dev.jminikube.bootstrap.NetworkPlugin;
import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterConfigCheckTest {
    private static ClusterConfig config(String version, ContainerRuntime runtime, NetworkPlugin plugin) {
        return ClusterConfig.of("minikube", KubernetesVersion.parse(version), runtime, plugin, List.of(), 8443);
    }

    private static Reason reasonOf(ClusterConfig config) {
        try {
            ClusterConfigCheck.check(config);
            return null;
        } catch (JmkException e) {
            return e.reason();
        }
    }

    @Test
    void pinnedCombinationsPass() {
        for (String v : List.of("v1.20.2", "v1.24.17", "v1.28.15", "v1.37.2")) {
            assertThatCode(() -> ClusterConfigCheck.check(config(v, ContainerRuntime.CONTAINERD, NetworkPlugin.CNI)))
                    .doesNotThrowAnyException();
        }
        assertThatCode(() -> ClusterConfigCheck.check(config("v1.20.2", ContainerRuntime.DOCKER, NetworkPlugin.KUBENET)))
                .doesNotThrowAnyException();
    }

    @Test
    void dockerNeedsDockershim() {
        assertThatThrownBy(() -> ClusterConfigCheck.check(config("v1.24.17", ContainerRuntime.DOCKER, NetworkPlugin.CNI)))
                .hasMessageContaining("removed in v1.24");
    }

    @Test
    void kubenetNeedsDockerAndDockershim() {
        assertThatThrownBy(() -> ClusterConfigCheck.check(config("v1.20.2", ContainerRuntime.CONTAINERD, NetworkPlugin.KUBENET)))
                .isInstanceOf(JmkException.class)
                .hasMessage("--network-plugin=kubenet is built into kubelet's dockershim, so it needs "
                        + "--container-runtime=docker and Kubernetes v1.23 or older (asked for containerd on v1.20.2)");
        assertThatThrownBy(() -> ClusterConfigCheck.check(config("v1.28.15", ContainerRuntime.CONTAINERD, NetworkPlugin.KUBENET)))
                .hasMessageContaining("kubenet");
    }

    @Test
    void versionsOutsideTheRangeAreUnsupported() {
        assertThatThrownBy(() -> ClusterConfigCheck.check(config("v1.19.16", ContainerRuntime.CONTAINERD, NetworkPlugin.CNI)))
                .hasMessage("Kubernetes v1.19.16 is not supported; jminikube runs v1.20.x through v1.37.x");
        org.assertj.core.api.Assertions.assertThat(reasonOf(config("v1.38.0", ContainerRuntime.CONTAINERD, NetworkPlugin.CNI)))
                .isEqualTo(Reason.K8S_VERSION_UNSUPPORTED);
    }

    @Test
    void overlappingRangesAreRefused() {
        ClusterConfig base = config("v1.28.15", ContainerRuntime.CONTAINERD, NetworkPlugin.CNI);
        ClusterConfig overlapping = new ClusterConfig(base.profile(), base.nodeName(), base.version(), base.runtime(),
                base.networkPlugin(), base.extraOptions(), base.nodeIp(), base.apiServerPort(), base.apiServerHostPort(),
                "10.96.0.0/12", "10.100.0.0/16", base.clusterDnsIp(), base.dnsDomain());
        assertThatThrownBy(() -> ClusterConfigCheck.check(overlapping)).hasMessageContaining("overlaps");
        ClusterConfig bad = new ClusterConfig(base.profile(), base.nodeName(), base.version(), base.runtime(),
                base.networkPlugin(), base.extraOptions(), base.nodeIp(), base.apiServerPort(), base.apiServerHostPort(),
                base.serviceCidr(), "10.244.0.0", base.clusterDnsIp(), base.dnsDomain());
        assertThatThrownBy(() -> ClusterConfigCheck.check(bad)).hasMessageContaining("'10.244.0.0' is not a valid pod CIDR");
    }
}
