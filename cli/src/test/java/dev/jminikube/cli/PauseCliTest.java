package dev.jminikube.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jminikube.bootstrap.ClusterConfig;
import dev.jminikube.bootstrap.ClusterStateFile;
import dev.jminikube.bootstrap.ContainerRuntime;
import dev.jminikube.bootstrap.KubernetesVersion;
import dev.jminikube.bootstrap.NetworkPlugin;
import dev.jminikube.core.Environment;
import dev.jminikube.core.Reason;
import dev.jminikube.core.exec.RecordingCommandRunner;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pause}/{@code unpause} through the CLI: bad flags and missing or stopped clusters are one line and an exit
 * code before the node is touched; a pause prints minikube's line. The machine is a none machine made of files (it
 * reads as running) and the node a recording runner, as in {@link NodeVerbsCliTest}.
 */
class PauseCliTest {
    private static final String PROFILE = "dev";

    @TempDir
    Path home;
    private final RecordingCommandRunner node = new RecordingCommandRunner();

    private CliHarness.Run run(String... args) {
        Environment env = Environment.from(Map.of("JMINIKUBE_HOME", home.toString(), "KUBECONFIG",
                home.resolve("kubeconfig").toString(), "PATH", "/usr/bin:/bin"), home, home, "Linux",
                System.getProperty("os.arch"));
        return CliHarness.run(env, CliHarness.fixedReach(URI.create("https://127.0.0.1:1"), node), args);
    }

    private void machine(String driver, boolean cluster) throws IOException {
        Path dir = CliHarness.createdMachine(home, PROFILE, driver);
        if (cluster) {
            ClusterStateFile.write(ClusterStateFile.in(dir), ClusterStateFile.ClusterState.of(ClusterConfig.of(PROFILE,
                    KubernetesVersion.of(1, 37, 2), ContainerRuntime.CONTAINERD, NetworkPlugin.CNI, List.of(), 41000),
                    "cache"));
            // A cluster is a cluster.json and its PKI (RunningCluster asks for both).
            java.nio.file.Files.createDirectories(dir.resolve("pki"));
        }
    }

    @Test
    void allNamespacesAndChosenOnesTogetherAreAUsageError() throws IOException {
        machine("none", true);
        for (String verb : List.of("pause", "unpause")) {
            CliHarness.Run r = run(verb, "-p", PROFILE, "-A", "-n", "default");
            assertThat(r.code()).as(r.err()).isEqualTo(Reason.USAGE.exitCode());
            assertThat(CliHarness.exitLine(r)).contains("--all-namespaces and --namespaces exclude each other");
        }
        assertThat(node.commandsRun()).isEmpty();
    }

    @Test
    void aNamespaceThatCannotExistIsAUsageErrorNamingIt() throws IOException {
        machine("none", true);
        CliHarness.Run r = run("pause", "-p", PROFILE, "-n", "default,Kube_System");
        assertThat(r.code()).isEqualTo(Reason.USAGE.exitCode());
        assertThat(CliHarness.exitLine(r)).contains("\"Kube_System\" is not a namespace name");
        assertThat(node.commandsRun()).isEmpty();
    }

    @Test
    void noMachineOrAMachineWithoutKubernetesIsGuestNotFound() throws IOException {
        assertThat(run("pause", "-p", PROFILE).code()).isEqualTo(Reason.GUEST_NOT_FOUND.exitCode());
        machine("none", false);
        CliHarness.Run r = run("unpause", "-p", PROFILE);
        assertThat(r.code()).isEqualTo(Reason.GUEST_NOT_FOUND.exitCode());
        assertThat(CliHarness.exitLine(r)).contains("GUEST_NOT_FOUND");
        assertThat(node.commandsRun()).isEmpty();
    }

    @Test
    void aStoppedMachineIsGuestNotRunning() throws IOException {
        machine("qemu", true);
        CliHarness.Run r = run("pause", "-p", PROFILE);
        assertThat(r.code()).as(r.err()).isEqualTo(Reason.GUEST_NOT_RUNNING.exitCode());
        assertThat(node.commandsRun()).isEmpty();
    }

    @Test
    void pausePrintsHowManyContainersInWhichNamespacesAndUnpauseThawsThemThenStartsTheKubelet() throws IOException {
        machine("none", true);
        CliHarness.Run notPaused = run("unpause", "-p", PROFILE);
        assertThat(notPaused.code()).as(notPaused.err()).isZero();
        assertThat(notPaused.out()).isEqualTo("* \"dev\" is not paused: nothing to unpause.\n");

        node.whenRun("ctr", "-n", "k8s.io", "task", "ls").thenOutput("TASK PID STATUS\nabc 1 RUNNING\n");
        node.whenRun("sh", "-c").thenOutput("{\"ID\":\"abc\",\"Labels\":{\"io.cri-containerd.kind\":\"container\","
                + "\"io.kubernetes.pod.namespace\":\"default\"}}");
        CliHarness.Run paused = run("pause", "-p", PROFILE, "-n", "default");
        assertThat(paused.code()).as(paused.err()).isZero();
        assertThat(paused.out()).isEqualTo("* Paused 1 containers in: default\n");

        CliHarness.Run unpaused = run("unpause", "-p", PROFILE, "-A");
        // The record the pause wrote in the (recorded) node says what to thaw.
        assertThat(unpaused.code()).as(unpaused.err()).isZero();
        assertThat(unpaused.out()).isEqualTo("* Unpaused 1 containers in: default\n");
        assertThat(node.commandsRun()).endsWith("ctr -n k8s.io task resume abc", "rm -f /run/jminikube/paused.json",
                "systemctl start jmk-kubelet");
    }

    @Test
    void aPauseOfKubeSystemNamesTheControlPlaneItFroze() throws IOException {
        machine("none", true);
        // Nothing runs in containers yet (a cluster just started): only the control-plane units are frozen.
        node.whenRun("ctr", "-n", "k8s.io", "task", "ls").thenOutput("TASK PID STATUS\n");
        CliHarness.Run paused = run("pause", "-p", PROFILE);
        assertThat(paused.code()).as(paused.err()).isZero();
        assertThat(paused.out()).isEqualTo("* Paused 0 containers and the control plane in: kube-system\n");
        assertThat(node.commandsRun()).contains("systemctl freeze jmk-etcd jmk-kube-apiserver jmk-kube-controller-manager "
                + "jmk-kube-scheduler jmk-kube-proxy");
    }
}
