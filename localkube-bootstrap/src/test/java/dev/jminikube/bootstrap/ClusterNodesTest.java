package dev.jminikube.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import dev.jminikube.core.nodes.NodeSlot;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterNodesTest {
    private static final NodeSlot M02 = new NodeSlot(2);
    private static final NodeSlot M03 = new NodeSlot(3);

    private final ClusterConfig cluster = ClusterConfig.of("Dev", KubernetesVersion.parse("v1.37.2"),
            ContainerRuntime.CONTAINERD, NetworkPlugin.CNI, List.of(), 8443).onMachine("10.0.2.15", 40123);

    @Test
    void oneNodeKeepsTheClusterAsItIs() {
        ClusterNodes one = ClusterNodes.single(cluster);
        assertThat(one.multiNode()).isFalse();
        assertThat(one.controlPlane()).isSameAs(cluster);
        assertThat(one.controlPlaneIp()).isEqualTo("10.0.2.15");
        assertThat(one.podSubnet(NodeSlot.CONTROL_PLANE)).isEqualTo("10.244.0.0/16");
        assertThat(one.workers()).isEmpty();
    }

    @Test
    void withWorkersEveryNodeIsOnTheNodeNetworkWithItsOwnPodSubnet() {
        ClusterNodes nodes = new ClusterNodes(cluster, List.of(M03, NodeSlot.CONTROL_PLANE, M02));
        assertThat(nodes.slots()).as("sorted").containsExactly(NodeSlot.CONTROL_PLANE, M02, M03);
        assertThat(nodes.workers()).containsExactly(M02, M03);
        ClusterConfig controlPlane = nodes.controlPlane();
        assertThat(controlPlane.nodeName()).isEqualTo("dev");
        assertThat(controlPlane.nodeIp()).as("the kubernetes Service's endpoint, reachable from every node")
                .isEqualTo("10.0.3.2");
        assertThat(controlPlane.apiServerHostPort()).isEqualTo(40123);
        ClusterConfig worker = nodes.node(M03);
        assertThat(worker.nodeName()).as("minikube's name, lower-cased").isEqualTo("dev-m03");
        assertThat(worker.nodeIp()).isEqualTo("10.0.3.4");
        assertThat(worker.profile()).isEqualTo("Dev");
        assertThat(worker.version()).isEqualTo(cluster.version());
        assertThat(nodes.controlPlaneIp()).isEqualTo("10.0.3.2");
        assertThat(List.of(nodes.podSubnet(NodeSlot.CONTROL_PLANE), nodes.podSubnet(M02), nodes.podSubnet(M03)))
                .containsExactly("10.244.0.0/24", "10.244.1.0/24", "10.244.2.0/24");
    }

    @Test
    void aDeletedWorkerLeavesAGapNotARenumbering() {
        ClusterNodes nodes = new ClusterNodes(cluster, List.of(NodeSlot.CONTROL_PLANE, M03));
        assertThat(nodes.podSubnet(M03)).isEqualTo("10.244.2.0/24");
        assertThat(nodes.node(M03).nodeIp()).isEqualTo("10.0.3.4");
        assertThatThrownBy(() -> nodes.node(M02)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesWhatCannotWork() {
        assertThatThrownBy(() -> new ClusterNodes(cluster, List.of(M02))).as("no control plane")
                .isInstanceOf(IllegalArgumentException.class);
        ClusterConfig kubenet = ClusterConfig.of("old", KubernetesVersion.parse("v1.20.2"), ContainerRuntime.DOCKER,
                NetworkPlugin.KUBENET, List.of(), 8443);
        assertThat(ClusterNodes.single(kubenet).multiNode()).isFalse();
        assertThatThrownBy(() -> new ClusterNodes(kubenet, List.of(NodeSlot.CONTROL_PLANE, M02)))
                .isInstanceOfSatisfying(JmkException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.USAGE);
                    assertThat(e.getMessage()).contains("kubenet");
                    assertThat(e.advice()).contains("--network-plugin=cni");
                });
        ClusterConfig narrow = new ClusterConfig("n", "n", cluster.version(), cluster.runtime(), NetworkPlugin.CNI,
                List.of(), "10.0.2.15", 8443, 8443, cluster.serviceCidr(), "10.244.0.0/23", cluster.clusterDnsIp(),
                cluster.dnsDomain());
        assertThat(new ClusterNodes(narrow, List.of(NodeSlot.CONTROL_PLANE, M02)).podSubnet(M02))
                .isEqualTo("10.244.1.0/24");
        assertThatThrownBy(() -> new ClusterNodes(narrow, List.of(NodeSlot.CONTROL_PLANE, M03)))
                .isInstanceOfSatisfying(JmkException.class, e -> assertThat(e.getMessage())
                        .isEqualTo("the pod CIDR 10.244.0.0/23 has no /24 left for node 3"));
    }
}
