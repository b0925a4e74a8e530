package dev.jminikube.bootstrap.units;

import static dev.jminikube.bootstrap.units.Clusters.containerd;
import static dev.jminikube.bootstrap.units.Clusters.execArguments;
import static dev.jminikube.bootstrap.units.Clusters.file;
import static dev.jminikube.bootstrap.units.Clusters.unit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jminikube.bootstrap.ClusterConfig;
import dev.jminikube.bootstrap.ClusterNodes;
import dev.jminikube.bootstrap.Component;
import dev.jminikube.bootstrap.ContainerRuntime;
import dev.jminikube.bootstrap.NetworkPlugin;
import dev.jminikube.core.nodes.NodeSlot;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The files of a cluster with workers (issue 18): node 1's and a worker's. */
class MultiNodeFilesTest {
    private static final NodeSlot M02 = new NodeSlot(2);
    private static final NodeSlot M03 = new NodeSlot(3);
    private final ClusterConfig cluster = containerd("v1.37.2").onMachine("10.0.2.15", 50123);
    private final ClusterNodes nodes = new ClusterNodes(cluster, List.of(NodeSlot.CONTROL_PLANE, M02, M03));

    @Test
    void oneNodeIsTheOneNodeLayoutByteForByte() {
        assertThat(LocalkubeFiles.forControlPlane(ClusterNodes.single(cluster), EtcdUnit.DEBIAN_BINARY))
                .isEqualTo(LocalkubeFiles.forCluster(cluster));
        assertThat(LocalkubeFiles.forCluster(cluster)).extracting(GuestFile::path).doesNotContain(NodeNetworkFile.PATH);
    }

    @Test
    void theControlPlaneAdvertisesItsNodeNetworkAddress() {
        List<GuestFile> files = LocalkubeFiles.forControlPlane(nodes, EtcdUnit.DEBIAN_BINARY);
        assertThat(execArguments(unit(files, Component.APISERVER.unitName()))).contains("--advertise-address=10.0.3.2");
        assertThat(execArguments(unit(files, Component.KUBELET.unitName())))
                .contains("--node-ip=10.0.3.2", "--hostname-override=minikube");
        assertThat(unit(files, Component.ETCD.unitName())).contains("https://10.0.3.2:2379");
        String bridge = file(files, BridgeCniFile.PATH).content();
        assertThat(bridge).contains("\"subnet\" : \"10.244.0.0/24\"").contains("\"ipMasq\" : false");
        assertThat(file(files, NodeNetworkFile.PATH).content()).isEqualTo("""
                # jminikube: node 1 of minikube on the node network
                [Match]
                MACAddress=52:54:00:6a:00:01

                [Network]
                Address=10.0.3.2/24
                LinkLocalAddressing=no

                [Route]
                Destination=10.244.1.0/24
                Gateway=10.0.3.3

                [Route]
                Destination=10.244.2.0/24
                Gateway=10.0.3.4
                """);
    }

    @Test
    void aWorkerRunsOnlyTheNodeComponentsUnderItsOwnName() {
        List<GuestFile> files = LocalkubeFiles.forWorker(nodes, M03);
        assertThat(files).extracting(GuestFile::path).noneMatch(p -> p.contains(Component.APISERVER.unitName())
                || p.contains(Component.ETCD.unitName()) || p.contains(Component.CONTROLLER_MANAGER.unitName())
                || p.contains(Component.SCHEDULER.unitName()));
        assertThat(execArguments(unit(files, Component.KUBELET.unitName())))
                .contains("--node-ip=10.0.3.4", "--hostname-override=minikube-m03",
                        "--kubeconfig=" + KubeconfigPaths.KUBELET);
        assertThat(file(files, KubeProxyConfigFile.PATH).content()).contains("hostnameOverride: minikube-m03")
                .contains("clusterCIDR: 10.244.0.0/16");
        assertThat(file(files, KubeletConfigFile.PATH).content()).contains("- 10.96.0.10");
        assertThat(file(files, BridgeCniFile.PATH).content()).contains("\"subnet\" : \"10.244.2.0/24\"");
        assertThat(file(files, NodeNetworkFile.PATH).content()).contains("MACAddress=52:54:00:6a:00:03",
                "Address=10.0.3.4/24", "Destination=10.244.0.0/24\nGateway=10.0.3.2",
                "Destination=10.244.1.0/24\nGateway=10.0.3.3").doesNotContain("Destination=10.244.2.0/24");
        assertThat(file(files, ContainerdConfigFile.file().path())).isNotNull();
        assertThatThrownBy(() -> LocalkubeFiles.forWorker(nodes, NodeSlot.CONTROL_PLANE))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aDockerWorkerGetsDockersFiles() {
        ClusterConfig docker = Clusters.config("v1.20.2", ContainerRuntime.DOCKER, NetworkPlugin.CNI);
        List<GuestFile> files = LocalkubeFiles.forWorker(new ClusterNodes(docker, List.of(NodeSlot.CONTROL_PLANE, M02)), M02);
        assertThat(files).extracting(GuestFile::path).contains(DockerDaemonFile.file().path());
        assertThat(execArguments(unit(files, Component.KUBELET.unitName()))).contains("--network-plugin=cni");
    }

    /** The rules that replace the bridge's masquerading, run by the real sh twice against a fake iptables. */
    @Test
    void thePodTrafficRulesAreAddedOnce(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        String script = BridgeCniFile.podTrafficScript(cluster);
        assertThat(script).contains("-s 10.244.0.0/16 ! -d 10.244.0.0/16", "-j MASQUERADE");
        java.nio.file.Path rules = dir.resolve("rules");
        java.nio.file.Path fake = dir.resolve("iptables");
        // -C succeeds when the rule is in the file; -A appends it.
        java.nio.file.Files.writeString(fake, """
                #!/bin/sh
                shift 2; op=$1; shift; rule="$*"
                if [ "$op" = -C ]; then grep -qxF -- "$rule" %s; else echo "$rule" >> %s; fi
                """.formatted(rules, rules));
        fake.toFile().setExecutable(true);
        java.nio.file.Files.writeString(rules, "");
        for (int run = 0; run < 2; run++) {
            ProcessBuilder sh = new ProcessBuilder("sh", "-c", script).redirectErrorStream(true);
            sh.environment().put("PATH", dir + ":" + System.getenv("PATH"));
            Process p = sh.start();
            assertThat(p.waitFor()).as(new String(p.getInputStream().readAllBytes())).isZero();
        }
        assertThat(java.nio.file.Files.readAllLines(rules)).as("added by the first run only").containsExactly(
                "POSTROUTING -s 10.244.0.0/16 ! -d 10.244.0.0/16 -m comment --comment jminikube-pods -j MASQUERADE",
                "FORWARD -s 10.244.0.0/16 -m comment --comment jminikube-pods -j ACCEPT",
                "FORWARD -d 10.244.0.0/16 -m comment --comment jminikube-pods -j ACCEPT");
    }
}
