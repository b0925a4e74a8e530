package dev.jminikube.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jminikube.bootstrap.ClusterStateFile.ClusterState;
import dev.jminikube.bootstrap.KubernetesVersion;
import dev.jminikube.bootstrap.config.ExtraConfigParser;
import dev.jminikube.bootstrap.config.ExtraConfigReview;
import dev.jminikube.core.exec.RecordingCommandRunner;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The head of 'logs': what the walkthrough's greps look for (the runtime, each --extra-config and its fate). */
class NodeLogsSummaryTest {
    private final RecordingCommandRunner node = new RecordingCommandRunner();

    private List<String> summary(ClusterState state) {
        List<String> lines = new ArrayList<>();
        NodeLogs.writeClusterSummary(state, node, lines::add);
        return lines;
    }

    @Test
    void namesTheRuntimeAndSaysWhatBecameOfEachOption() {
        node.whenRun("systemctl", "show", "-p", "ExecStart", "jmk-kubelet").thenOutput(
                "ExecStart={ path=/usr/local/bin/kubelet ; argv[]=/usr/local/bin/kubelet --max-pods=50 --v=2 ; }");
        // What start records for --extra-config=kubelet.max-pods=50 --extra-config=kubelet.EnableCRI=true on v1.37.2.
        KubernetesVersion v137 = KubernetesVersion.of(1, 37, 2);
        ExtraConfigReview.Result review = ExtraConfigReview.review(
                ExtraConfigParser.parse(List.of("kubelet.max-pods=50", "kubelet.EnableCRI=true")), v137);
        ClusterState state = new ClusterState("v1.37.2", "containerd", "cni",
                review.kept().stream().map(Object::toString).toList(), "cache").withIgnoredExtraConfig(review.ignored());

        List<String> lines = summary(state);
        assertThat(lines).startsWith("==> cluster <==", "kubernetes version: v1.37.2", "container runtime:  containerd",
                "network plugin:     cni", "==> extra-config <==", "applied:     kubelet.max-pods=50  (jmk-kubelet)");
        assertThat(lines.get(6)).as("the line says 'ignored' once")
                .startsWith("ignored:     kubelet.EnableCRI=true  (CRI is always on").endsWith("runs)");
        assertThat(lines).filteredOn(l -> l.toLowerCase().contains("containerd")).hasSize(1);
        assertThat(lines).filteredOn(l -> l.contains("EnableCRI")).hasSize(1);
    }

    @Test
    void withoutOptionsThereIsNoExtraConfigSectionAndTheNodeIsNotAsked() {
        assertThat(summary(new ClusterState("v1.20.2", "docker", "kubenet", List.of(), "cache")))
                .containsExactly("==> cluster <==", "kubernetes version: v1.20.2", "container runtime:  docker",
                        "network plugin:     kubenet");
        assertThat(node.calls()).isEmpty();
    }
}
