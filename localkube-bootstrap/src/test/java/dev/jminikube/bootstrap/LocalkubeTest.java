package dev.jminikube.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import dev.jminikube.core.exec.RecordingCommandRunner;
import dev.jminikube.core.steps.Step;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalkubeTest {
    @TempDir
    Path dir;

    private final RecordingCommandRunner guest = new RecordingCommandRunner();
    private final List<String> notes = new ArrayList<>();

    private Localkube.Plan plan(ContainerRuntime runtime, String version) {
        ClusterConfig config = ClusterConfig.of("dev", KubernetesVersion.parse(version), runtime, NetworkPlugin.CNI,
                List.of(), 40123);
        return new Localkube.Plan(config, dir.resolve("bin"), Optional.empty(), dir.resolve("profile"),
                dir.resolve("pause.tar"), URI.create("https://127.0.0.1:40123"), dir.resolve("kubeconfig"), List.of(), true);
    }

    private List<Step<Localkube.Plan>> steps(Localkube.Plan plan) {
        return new Localkube(guest, new NodeConfiguration(Clock.systemUTC(), notes::add), notes::add).steps(plan);
    }

    private Step<Localkube.Plan> step(List<Step<Localkube.Plan>> steps, String titleStart) {
        return steps.stream().filter(s -> s.title().startsWith(titleStart)).findFirst().orElseThrow();
    }

    @Test
    void stepsRunInTheOrderTheClusterNeeds() {
        assertThat(steps(plan(ContainerRuntime.CONTAINERD, "v1.20.2"))).extracting(Step::title).containsExactly(
                "Preparing the node",
                "Installing Kubernetes v1.20.2 binaries",
                "Generating certificates and configuration",
                "Configuring containerd",
                "Loading the pause image",
                "Starting etcd and kube-apiserver",
                "Waiting for the API server (/readyz)",
                "Starting kube-controller-manager, kube-scheduler, kubelet and kube-proxy",
                "Waiting for node \"dev\" to be Ready",
                "Labelling the node as control plane",
                "Configuring kubectl (context \"dev\")");
        assertThat(guest.calls()).as("building the steps runs nothing").isEmpty();
    }

    /** The add-ons' images go in with the pause image, before etcd starts; one the node has is not loaded again. */
    @Test
    void preloadedImagesAreLoadedWithThePauseImageUnlessPresent() throws Exception {
        Localkube.Plan base = plan(ContainerRuntime.CONTAINERD, "v1.37.2");
        Localkube.Plan plan = new Localkube.Plan(base.config(), base.binariesDir(), base.share(),
                base.profileDir(), base.pauseImageTar(), base.apiServer(), base.userKubeconfig(), List.of(
                        new ImageTar("jminikube.local/coredns:v1.15.0", dir.resolve("coredns.tar")),
                        new ImageTar("jminikube.local/storage-provisioner:v1.0.0", dir.resolve("prov.tar"))), true);
        guest.whenRun("ctr", "-n", "k8s.io", "images", "ls", "-q", "name==jminikube.local/storage-provisioner:v1.0.0")
                .thenOutput("jminikube.local/storage-provisioner:v1.0.0\n");
        for (String tar : List.of("pause.tar", "coredns.tar", "prov.tar")) {
            java.nio.file.Files.writeString(dir.resolve(tar), "an image archive");
        }
        List<Step<Localkube.Plan>> steps = steps(plan);
        assertThat(steps).extracting(Step::title).containsSubsequence("Configuring containerd",
                "Loading the pause image and jminikube.local/coredns:v1.15.0, jminikube.local/storage-provisioner:v1.0.0",
                "Starting etcd and kube-apiserver");
        step(steps, "Loading the pause image").execute(plan);
        assertThat(guest.calls()).filteredOn(c -> c instanceof RecordingCommandRunner.Copy)
                .extracting(c -> ((RecordingCommandRunner.Copy) c).source())
                .containsExactly(dir.resolve("pause.tar"), dir.resolve("coredns.tar"));
        assertThat(notes).contains("loaded jminikube.local/coredns:v1.15.0")
                .noneMatch(n -> n.contains("storage-provisioner"));
    }

    private Localkube.Plan multiNodePlan() {
        Localkube.Plan one = plan(ContainerRuntime.CONTAINERD, "v1.37.2");
        ClusterNodes nodes = new ClusterNodes(one.config(), List.of(dev.jminikube.core.nodes.NodeSlot.CONTROL_PLANE,
                new dev.jminikube.core.nodes.NodeSlot(2)));
        return new Localkube.Plan(nodes, one.binariesDir(), one.share(), one.profileDir(), one.pauseImageTar(),
                one.apiServer(), one.userKubeconfig(), List.of(), true);
    }

    private List<Step<Localkube.Plan>> workerSteps(Localkube.Plan plan, int index) {
        return new Localkube(guest, new NodeConfiguration(Clock.systemUTC(), notes::add), notes::add)
                .workerSteps(plan, new dev.jminikube.core.nodes.NodeSlot(index));
    }

    /** With workers, node 1 takes its node-network address before etcd and the API server bind it. */
    @Test
    void theControlPlaneOfSeveralNodesJoinsTheNodeNetworkBeforeEtcdStarts() {
        assertThat(steps(multiNodePlan())).extracting(Step::title).containsSubsequence(
                "Generating certificates and configuration",
                "Joining the node network (10.0.3.2/24)",
                "Starting etcd and kube-apiserver");
        assertThat(steps(plan(ContainerRuntime.CONTAINERD, "v1.37.2"))).extracting(Step::title)
                .noneMatch(t -> t.startsWith("Joining"));
    }

    @Test
    void aWorkerJoinsWithItsNodeComponentsOnly() {
        assertThat(workerSteps(multiNodePlan(), 2)).extracting(Step::title).containsExactly(
                "Preparing node \"dev-m02\"",
                "Installing Kubernetes v1.37.2 binaries",
                "Generating node \"dev-m02\"'s certificates and configuration",
                "Joining the node network (10.0.3.3/24)",
                "Configuring containerd",
                "Loading the pause image",
                "Starting kubelet and kube-proxy",
                "Waiting for node \"dev-m02\" to be Ready");
        assertThatThrownBy(() -> workerSteps(multiNodePlan(), 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> workerSteps(multiNodePlan(), 3)).as("not a node of the plan")
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aWorkerResolvesTheControlPlaneToNode1AndMasqueradesItsPods() throws Exception {
        Localkube.Plan plan = multiNodePlan();
        step(workerSteps(plan, 2), "Preparing").execute(plan);
        String script = guest.runs().get(0).argv().get(2);
        assertThat(script).contains("grep -qx '10.0.3.2 control-plane.minikube.internal' /etc/hosts")
                .contains("hostname dev-m02;")
                .contains("iptables -t nat -A POSTROUTING -s 10.244.0.0/16 ! -d 10.244.0.0/16 -m comment --comment "
                        + "jminikube-pods -j MASQUERADE;")
                .endsWith("iptables -t filter -A FORWARD -d 10.244.0.0/16 -m comment --comment jminikube-pods -j ACCEPT; }");
    }

    @Test
    void joiningTheNodeNetworkReloadsNetworkdAndWaitsForTheAddress() throws Exception {
        Localkube.Plan plan = multiNodePlan();
        guest.whenRun("ip", "-4", "-o", "addr", "show", "to", "10.0.3.3")
                .thenOutput("3: enp0s4    inet 10.0.3.3/24 brd 10.0.3.255 scope global enp0s4\n");
        step(workerSteps(plan, 2), "Joining").execute(plan);
        assertThat(guest.runs()).extracting(RecordingCommandRunner.Run::commandLine)
                .containsExactly("networkctl reload", "ip -4 -o addr show to 10.0.3.3");
    }

    @Test
    void runtimeStepIsNamedAfterTheRuntime() {
        assertThat(steps(plan(ContainerRuntime.DOCKER, "v1.23.17"))).extracting(Step::title)
                .contains("Configuring docker", "Installing Kubernetes v1.23.17 binaries");
    }

    @Test
    void preparingTheNodeMakesTheControlPlaneNameResolve() throws Exception {
        step(steps(plan(ContainerRuntime.CONTAINERD, "v1.20.2")), "Preparing").execute(plan(ContainerRuntime.CONTAINERD,
                "v1.20.2"));
        assertThat(guest.runs()).hasSize(1);
        String script = guest.runs().get(0).argv().get(2);
        assertThat(script).contains("10.0.2.15 control-plane.minikube.internal").contains("swapoff -a")
                .contains("net.ipv4.ip_forward=1").endsWith("; ip route replace unreachable 10.244.0.0/16 metric 4000");
    }

    /** The /etc/hosts part of the script, run by the real sh on a copy: a lease with another IP replaces the old line. */
    /** The none driver's node is the user's host: its hosts file gains lines, its hostname stays. */
    @Test
    void aNewNodeIpReplacesTheControlPlaneLineOnce() throws Exception {
        ClusterConfig base = plan(ContainerRuntime.CONTAINERD, "v1.37.2").config();
        ClusterConfig moved = new ClusterConfig(base.profile(), base.nodeName(), base.version(), base.runtime(),
                base.networkPlugin(), base.extraOptions(), "172.25.84.17", base.apiServerPort(), 8443,
                base.serviceCidr(), base.podCidr(), base.clusterDnsIp(), base.dnsDomain());
        Localkube.Plan plan = new Localkube.Plan(moved, dir.resolve("bin"), Optional.empty(),
                dir.resolve("profile"), dir.resolve("pause.tar"), URI.create("https://172.25.84.17:8443"),
                dir.resolve("kubeconfig"), List.of(), false);
        Path hosts = java.nio.file.Files.writeString(dir.resolve("hosts"),
                "127.0.0.1 localhost\n172.25.80.9 control-plane.minikube.internal\n127.0.1.1 dev\n");
        step(steps(plan), "Preparing").execute(plan);
        String script = guest.runs().get(0).argv().get(2);
        assertThat(script).doesNotContain("hostname");
        String hostsPart = script.substring(0, script.indexOf("swapoff")).replace("/etc/hosts", hosts.toString());
        for (int run = 0; run < 2; run++) {
            Process p = new ProcessBuilder("sh", "-c", hostsPart + " true").redirectErrorStream(true).start();
            assertThat(p.waitFor()).as(new String(p.getInputStream().readAllBytes())).isZero();
        }
        assertThat(java.nio.file.Files.readString(hosts)).isEqualTo(
                "127.0.0.1 localhost\n127.0.1.1 dev\n172.25.84.17 control-plane.minikube.internal\n");
    }

    /** A VM of ours is renamed after its node (the image calls every guest "minikube"), the same on a re-run. */
    @Test
    void aDedicatedNodeIsNamedAfterItsNodeOnce() throws Exception {
        Localkube.Plan plan = plan(ContainerRuntime.CONTAINERD, "v1.37.2");
        Path hosts = java.nio.file.Files.writeString(dir.resolve("hosts"), "127.0.0.1 localhost\n127.0.1.1 minikube\n");
        Path hostname = java.nio.file.Files.writeString(dir.resolve("hostname"), "minikube\n");
        step(steps(plan), "Preparing").execute(plan);
        String script = guest.runs().get(0).argv().get(2);
        assertThat(script).contains("hostname dev;");
        // Run against copies of the files; the hostname command itself is left out (it would rename this host).
        String hostsPart = script.substring(0, script.indexOf("swapoff")).replace("hostname dev;", ":;")
                .replace("/etc/hostname", hostname.toString()).replace("/etc/hosts", hosts.toString());
        for (int run = 0; run < 2; run++) {
            Process p = new ProcessBuilder("sh", "-c", hostsPart + " true").redirectErrorStream(true).start();
            assertThat(p.waitFor()).as(new String(p.getInputStream().readAllBytes())).isZero();
        }
        assertThat(java.nio.file.Files.readString(hosts)).isEqualTo(
                "127.0.0.1 localhost\n10.0.2.15 control-plane.minikube.internal\n127.0.1.1 dev\n");
        assertThat(java.nio.file.Files.readString(hostname)).isEqualTo("dev\n");
    }

    /** A profile with capitals gets a lower-case node: kubelet registers it so, and the Ready wait names it so. */
    @Test
    void aMixedCaseProfileWaitsForItsLowerCaseNode() {
        ClusterConfig config = ClusterConfig.of("devA", KubernetesVersion.parse("v1.37.2"), ContainerRuntime.CONTAINERD,
                NetworkPlugin.CNI, List.of(), 40123);
        Localkube.Plan plan = new Localkube.Plan(config, dir.resolve("bin"), Optional.empty(), dir.resolve("profile"),
                dir.resolve("pause.tar"), URI.create("https://127.0.0.1:40123"), dir.resolve("kubeconfig"), List.of(), true);
        assertThat(steps(plan)).extracting(Step::title).contains("Waiting for node \"deva\" to be Ready",
                "Configuring kubectl (context \"devA\")");
    }

    @Test
    void shutdownKillsOnlyKubeletsDockerContainers() {
        Localkube.shutdown(guest, java.time.Duration.ofSeconds(5));
        String script = guest.runs().get(0).argv().get(2);
        assertThat(script).contains("docker ps -q --filter name=^k8s_ ").doesNotContain("docker ps -q 2>")
                .startsWith("systemctl stop jmk-kubelet.service; ");
    }

    @Test
    void containerdStopsDockerAndWaitsForCtr() throws Exception {
        Localkube.Plan plan = plan(ContainerRuntime.CONTAINERD, "v1.37.2");
        step(steps(plan), "Configuring containerd").execute(plan);
        assertThat(guest.commandsRun()).startsWith("systemctl daemon-reload", "systemctl stop docker.socket docker.service",
                "systemctl restart containerd").contains("ctr version").doesNotContain("systemctl restart docker");
    }

    @Test
    void crashingRuntimeFailsTheStepWithItsJournal() {
        guest.whenRun("ctr", "version").thenReturn(1, "", "ctr: failed to dial");
        guest.whenRun("systemctl", "show").thenOutput("ActiveState=failed\nNRestarts=0\nExecMainStatus=1\n");
        guest.whenRun("journalctl").thenOutput("containerd: invalid config.toml\n");
        Localkube.Plan plan = plan(ContainerRuntime.CONTAINERD, "v1.37.2");
        assertThatThrownBy(() -> step(steps(plan), "Configuring containerd").execute(plan))
                .isInstanceOfSatisfying(JmkException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.K8S_COMPONENT_FAILED);
                    assertThat(e.getMessage()).startsWith("containerd failed");
                    assertThat(e.details()).contains("invalid config.toml");
                });
    }

    @Test
    void startingTheControlPlaneQuietsTheNodeComponentsFirst() throws Exception {
        Localkube.Plan plan = plan(ContainerRuntime.CONTAINERD, "v1.20.2");
        step(steps(plan), "Starting etcd").execute(plan);
        assertThat(guest.commandsRun()).containsExactly(
                "systemctl stop jmk-kube-controller-manager.service jmk-kube-scheduler.service jmk-kubelet.service "
                        + "jmk-kube-proxy.service",
                "systemctl daemon-reload",
                "systemctl reset-failed jmk-etcd.service jmk-kube-apiserver.service",
                "systemctl restart jmk-etcd.service jmk-kube-apiserver.service");
    }

    @Test
    void aFailingGuestCommandIsReportedPasteReadyNotAsABug() {
        guest.whenRun("systemctl", "restart").thenReturn(1, "", "Job for jmk-etcd.service failed.");
        Localkube.Plan plan = plan(ContainerRuntime.CONTAINERD, "v1.20.2");
        assertThatThrownBy(() -> step(steps(plan), "Starting etcd").execute(plan))
                .isInstanceOfSatisfying(dev.jminikube.core.JmkException.class, e -> {
                    assertThat(e.reason()).isEqualTo(dev.jminikube.core.Reason.GUEST_COMMAND_FAILED);
                    assertThat(e.getMessage()).contains("systemctl restart jmk-etcd.service");
                    assertThat(e.details()).contains("Job for jmk-etcd.service failed.");
                });
    }
}
