package dev.jminikube.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jminikube.bootstrap.ContainerRuntime;
import dev.jminikube.core.exec.CommandFailedException;
import dev.jminikube.core.exec.CommandResult;
import dev.jminikube.core.exec.CommandRunner;
import dev.jminikube.core.exec.RecordingCommandRunner;
import dev.jminikube.core.exec.RunOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** pause/unpause against a recorded node: what is run, in which order, what is recorded, and the no-ops. */
class ClusterPauseTest {
    private static final String TASKS = """
            TASK                                                                PID     STATUS
            aaa111                                                              101     RUNNING
            bbb222                                                              102     RUNNING
            ccc333                                                              103     RUNNING
            sbx444                                                              104     RUNNING
            ddd555                                                              105     STOPPED
            """;
    private static final String INFOS = info("aaa111", "kube-system", "container") + info("bbb222", "default", "container")
            + info("ccc333", "kubernetes-dashboard", "container") + info("sbx444", "default", "sandbox");

    private final RecordingCommandRunner recorded = new RecordingCommandRunner();
    private final NodeWithRm node = new NodeWithRm(recorded);

    private static String info(String id, String namespace, String kind) {
        // The shape of 'ctr containers info': pretty-printed JSON, one object after another.
        return "{\n    \"ID\": \"" + id + "\",\n    \"Labels\": {\n        \"io.cri-containerd.kind\": \"" + kind
                + "\",\n        \"io.kubernetes.pod.namespace\": \"" + namespace + "\"\n    },\n    \"Image\": \"x\"\n}\n";
    }

    @BeforeEach
    void node() {
        recorded.whenRun("ctr", "-n", "k8s.io", "task", "ls").thenOutput(TASKS);
        recorded.whenRun("sh", "-c").thenOutput(INFOS);
    }

    @Test
    void pauseOfAllStopsTheKubeletThenFreezesRunningContainersAndTheControlPlaneAndRecordsThem() {
        ClusterPause.Outcome outcome = new ClusterPause(node, ContainerRuntime.CONTAINERD).pause(ClusterPause.Selection.ALL);

        assertThat(outcome.containers()).isEqualTo(3);
        assertThat(outcome.controlPlane()).isTrue();
        assertThat(outcome.namespaces()).containsExactly("default", "kube-system", "kubernetes-dashboard");
        assertThat(recorded.commandsRun()).containsExactly(
                "systemctl stop jmk-kubelet",
                "ctr -n k8s.io task ls",
                "sh -c 'for id in \"$@\"; do ctr -n k8s.io containers info \"$id\"; done' sh aaa111 bbb222 ccc333 sbx444",
                "mkdir -p /run/jminikube",
                "ctr -n k8s.io task pause aaa111",
                "ctr -n k8s.io task pause bbb222",
                "ctr -n k8s.io task pause ccc333",
                "systemctl freeze jmk-etcd jmk-kube-apiserver jmk-kube-controller-manager jmk-kube-scheduler jmk-kube-proxy");
        ClusterPause.Record record = ClusterPause.readRecord(node).orElseThrow();
        assertThat(record.containers()).extracting(ClusterPause.PausedContainer::id).containsExactly("aaa111", "bbb222", "ccc333");
        assertThat(record.controlPlanePaused()).isTrue();
        assertThat(record.runtime()).isEqualTo("containerd");
    }

    @Test
    void pauseOfChosenNamespacesLeavesTheOthersAndTheControlPlaneRunning() {
        ClusterPause.Outcome outcome = new ClusterPause(node, ContainerRuntime.CONTAINERD)
                .pause(ClusterPause.Selection.of(List.of("default")));

        assertThat(outcome.containers()).isEqualTo(1);
        assertThat(outcome.controlPlane()).isFalse();
        assertThat(recorded.commandsRun()).contains("ctr -n k8s.io task pause bbb222")
                .noneMatch(c -> c.contains("pause aaa111") || c.contains("pause ccc333") || c.contains("freeze"));
        assertThat(ClusterPause.readRecord(node).orElseThrow().controlPlanePaused()).isFalse();
    }

    @Test
    void pausingAPausedClusterIsANoOp() {
        ClusterPause pause = new ClusterPause(node, ContainerRuntime.CONTAINERD);
        pause.pause(ClusterPause.Selection.ALL);
        // Now the node says what is frozen: ctr lists those tasks as PAUSED.
        recorded.whenRun("ctr", "-n", "k8s.io", "task", "ls").thenOutput(TASKS.replace("RUNNING", "PAUSED"));
        recorded.clearCalls();

        ClusterPause.Outcome again = pause.pause(ClusterPause.Selection.ALL);

        assertThat(again.nothingToDo()).isTrue();
        assertThat(again.stillPaused()).isPresent();
        assertThat(recorded.commandsRun()).noneMatch(c -> c.contains("task pause") || c.contains("freeze")
                || c.contains("systemctl start"));
    }

    @Test
    void unpauseThawsTheControlPlaneThenTheRecordedContainersThenStartsTheKubelet() {
        ClusterPause pause = new ClusterPause(node, ContainerRuntime.CONTAINERD);
        pause.pause(ClusterPause.Selection.ALL);
        recorded.clearCalls();

        ClusterPause.Outcome outcome = pause.unpause(ClusterPause.Selection.ALL);

        assertThat(outcome.containers()).isEqualTo(3);
        assertThat(outcome.stillPaused()).isEmpty();
        assertThat(recorded.commandsRun()).containsExactly(
                "systemctl thaw jmk-etcd jmk-kube-apiserver jmk-kube-controller-manager jmk-kube-scheduler jmk-kube-proxy",
                "ctr -n k8s.io task resume aaa111",
                "ctr -n k8s.io task resume bbb222",
                "ctr -n k8s.io task resume ccc333",
                "rm -f /run/jminikube/paused.json",
                "systemctl start jmk-kubelet");
        assertThat(ClusterPause.readRecord(node)).isEmpty();
    }

    @Test
    void unpausingARunningClusterIsANoOpThatTouchesNothing() {
        ClusterPause.Outcome outcome = new ClusterPause(node, ContainerRuntime.CONTAINERD).unpause(ClusterPause.Selection.ALL);

        assertThat(outcome.nothingToDo()).isTrue();
        assertThat(recorded.commandsRun()).isEmpty();
    }

    @Test
    void aPartialUnpauseKeepsTheKubeletStoppedAndTheRestRecorded() {
        ClusterPause pause = new ClusterPause(node, ContainerRuntime.CONTAINERD);
        pause.pause(ClusterPause.Selection.ALL);
        recorded.clearCalls();

        ClusterPause.Outcome outcome = pause.unpause(ClusterPause.Selection.of(List.of("default")));

        assertThat(recorded.commandsRun()).containsExactly("ctr -n k8s.io task resume bbb222", "mkdir -p /run/jminikube");
        assertThat(outcome.stillPaused().orElseThrow().namespaces()).containsExactly("kube-system", "kubernetes-dashboard");
    }

    @Test
    void pauseWithNothingRunningInTheNamespacesStartsTheKubeletAgainAndRecordsNothing() {
        ClusterPause.Outcome outcome = new ClusterPause(node, ContainerRuntime.CONTAINERD)
                .pause(ClusterPause.Selection.of(List.of("nothing-here")));

        assertThat(outcome.nothingToDo()).isTrue();
        assertThat(recorded.commandsRun()).endsWith("systemctl start jmk-kubelet").noneMatch(c -> c.contains("task pause"));
        assertThat(ClusterPause.readRecord(node)).isEmpty();
    }

    @Test
    void dockerPausesAndUnpausesTheKubernetesContainersInOneCallEach() {
        recorded.whenRun("docker", "ps").thenOutput("c1 kube-system\nc2 default\n");
        ClusterPause pause = new ClusterPause(node, ContainerRuntime.DOCKER);

        assertThat(pause.pause(ClusterPause.Selection.ALL).containers()).isEqualTo(2);
        assertThat(recorded.commandsRun()).contains("docker pause c1 c2")
                .anyMatch(c -> c.startsWith("docker ps --filter status=running --filter label=io.kubernetes.docker.type=container"));
        recorded.clearCalls();
        pause.unpause(ClusterPause.Selection.ALL);
        assertThat(recorded.commandsRun()).containsSubsequence("docker unpause c1 c2", "systemctl start jmk-kubelet");
    }

    /** The recording runner, plus an {@code rm -f} that removes the file it names (the recording one leaves files). */
    private static final class NodeWithRm implements CommandRunner {
        private final RecordingCommandRunner recorded;
        private final Set<String> removed = new HashSet<>();

        NodeWithRm(RecordingCommandRunner recorded) {
            this.recorded = recorded;
        }

        @Override
        public CommandResult run(List<String> argv, RunOptions options) {
            if (argv.size() == 3 && argv.get(0).equals("rm") && argv.get(1).equals("-f")) {
                removed.add(argv.get(2));
            }
            return recorded.run(argv, options);
        }

        @Override
        public void copy(Path source, String target, int mode, CopyProgress progress) {
            recorded.copy(source, target, mode, progress);
        }

        @Override
        public void write(byte[] content, String target, int mode) {
            removed.remove(target);
            recorded.write(content, target, mode);
        }

        @Override
        public byte[] readFile(String path) {
            if (removed.contains(path)) {
                throw new CommandFailedException(new CommandResult(List.of("cat", path), 1, "", "No such file\n",
                        Duration.ZERO, false), "cat " + path);
            }
            return recorded.readFile(path);
        }

        @Override
        public String pasteReady(List<String> argv) {
            return recorded.pasteReady(argv);
        }
    }
}
