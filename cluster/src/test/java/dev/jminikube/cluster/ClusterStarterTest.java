package dev.jminikube.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jminikube.bootstrap.Component;
import dev.jminikube.bootstrap.GuestPaths;
import dev.jminikube.bootstrap.KubernetesVersion;
import dev.jminikube.bootstrap.binaries.InstalledBinaries;
import dev.jminikube.bootstrap.binaries.KubernetesBinaries;
import dev.jminikube.bootstrap.binaries.LinuxArch;
import dev.jminikube.cluster.mount.MountProcess;
import dev.jminikube.core.Environment;
import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import dev.jminikube.core.exec.CommandResult;
import dev.jminikube.core.exec.RecordingCommandRunner;
import dev.jminikube.drivers.DriverDefinition;
import dev.jminikube.drivers.DriverHealth;
import dev.jminikube.drivers.DriverPriority;
import dev.jminikube.drivers.DriverRegistry;
import dev.jminikube.drivers.DriverState;
import dev.jminikube.core.HostOs;
import dev.jminikube.drivers.HostResources;
import dev.jminikube.drivers.MachineManager;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole {@code start} through the library with a fake driver: the node is a recording command runner, its API
 * server a TLS front (with the certificate the bootstrap made) on fabric8's CRUD mock server. The steps, the node
 * commands, the cluster's objects and the files on the host are what a real start makes.
 */
class ClusterStarterTest {
    private static final KubernetesVersion VERSION = KubernetesVersion.parse("v1.37.2");

    @TempDir
    Path dir;
    Environment env;
    FakeNodeDriver.Hypervisor hypervisor;
    FakeApiServer api;
    ClusterStarter starter;
    final Recorder events = new Recorder();
    final List<String> fetched = new CopyOnWriteArrayList<>();

    /** Hears a start as the CLI would print it: "+title", "ok title", "failed title", notes and warnings. */
    static final class Recorder implements StartListener {
        final List<String> lines = new CopyOnWriteArrayList<>();

        @Override
        public void started(String title) {
            lines.add("+" + title);
        }

        @Override
        public void finished(String title, Duration took) {
            lines.add("ok " + title);
        }

        @Override
        public void failed(String title, Duration took, Exception cause) {
            lines.add("failed " + title);
        }

        @Override
        public void note(String line) {
            lines.add("  " + line);
        }

        @Override
        public void warning(String line) {
            lines.add("! " + line);
        }

        @Override
        public void command(String line) {
            lines.add("$ " + line);
        }

        List<String> steps() {
            return lines.stream().filter(l -> l.startsWith("+")).map(l -> l.substring(1)).toList();
        }
    }

    @BeforeEach
    void setUp() throws Exception {
        env = new Environment(dir.resolve("home"), dir.resolve("kube/config"), HostOs.LINUX, "amd64", Map.of());
        hypervisor = new FakeNodeDriver.Hypervisor();
        RecordingCommandRunner node = hypervisor.node;
        api = new FakeApiServer(() -> text(node, GuestPaths.PKI_DIR + "/apiserver.crt"),
                () -> text(node, GuestPaths.PKI_DIR + "/apiserver.key"));
        hypervisor.apiServerPort = api.port();
        registersWhenKubeletStarts(node, "dev");
        DriverRegistry drivers = new DriverRegistry(Duration.ofSeconds(1)).register(hypervisor.definition());
        Path iso = Files.writeString(dir.resolve("node.iso"), "a node image");
        ClusterStarter.Supplies supplies = new ClusterStarter.Supplies(
                notes -> {
                    fetched.add("node image");
                    return iso;
                },
                (version, mirror, listener) -> {
                    fetched.add("binaries " + version);
                    return binaries(version);
                },
                (image, notes) -> {
                    fetched.add("image " + image.reference());
                    return write("images/" + image.reference().replaceAll("[/:]", "_") + ".tar", "an image archive");
                },
                binaries -> write("images/pause.tar", "the pause image"));
        starter = new ClusterStarter(env, drivers, roomyHost(), supplies, Clock.systemUTC());
    }

    @AfterEach
    void tearDown() {
        api.close();
    }

    private static String text(RecordingCommandRunner node, String path) {
        return node.file(path).map(b -> new String(b, StandardCharsets.UTF_8)).orElse(null);
    }

    private Path write(String relative, String content) {
        try {
            Path file = env.cacheDir().resolve(relative);
            Files.createDirectories(file.getParent());
            return Files.writeString(file, content);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Binaries in the cache (which the VM shares read-only), with their manifest, as a source build leaves them. */
    private InstalledBinaries binaries(KubernetesVersion version) {
        Map<String, String> sums = new LinkedHashMap<>();
        for (String name : KubernetesBinaries.REQUIRED) {
            write("k8s/" + version + "/" + name, "binary " + name);
            sums.put(name, "0".repeat(64));
        }
        StringBuilder manifest = new StringBuilder("{\"files\":{");
        sums.forEach((n, s) -> manifest.append(manifest.length() > 10 ? "," : "").append('"').append(n).append("\":\"")
                .append(s).append('"'));
        write("k8s/" + version + "/manifest.json", manifest.append("}}").toString());
        return new InstalledBinaries(env.cacheDir().resolve("k8s/" + version), "a test source", version, LinuxArch.AMD64);
    }

    private static HostResources roomyHost() {
        return new HostResources() {
            @Override
            public int cpus() {
                return 8;
            }

            @Override
            public long totalMemoryMb() {
                return 32_000;
            }

            @Override
            public long availableMemoryMb() {
                return 32_000;
            }
        };
    }

    private StartRequest.Builder request() {
        return StartRequest.forProfile("dev").driver(FakeNodeDriver.NAME).kubernetesVersion(VERSION.toString());
    }

    @Test
    void aFirstStartCreatesTheMachineBootstrapsKubernetesAndAppliesTheDefaultAddons() throws Exception {
        StartedCluster started = starter.start(request().build(), events);

        assertThat(events.steps()).containsExactly(
                "Choosing the driver",
                "Checking host resources",
                "Creating the machine (SSH key, data disk, ports)",
                "Booting the VM",
                "Using this host as the node (no SSH)",
                "Preparing the node",
                "Installing Kubernetes v1.37.2 binaries",
                "Generating certificates and configuration",
                "Configuring containerd",
                "Loading the pause image and jminikube.local/coredns:v1.15.0, jminikube.local/storage-provisioner:v1.0.0",
                "Starting etcd and kube-apiserver",
                "Waiting for the API server (/readyz)",
                "Starting kube-controller-manager, kube-scheduler, kubelet and kube-proxy",
                "Waiting for node \"dev\" to be Ready",
                "Labelling the node as control plane",
                "Configuring kubectl (context \"dev\")",
                "Enabling add-on coredns",
                "Enabling add-on storage-provisioner",
                "Enabling add-on default-storageclass");
        assertThat(events.lines).noneMatch(l -> l.startsWith("failed") || l.startsWith("!"));
        assertThat(started.outcome()).isEqualTo(StartedCluster.Outcome.STARTED);
        assertThat(started.kubectlConfigured()).isTrue();
        assertThat(started.binariesServedBy()).contains("a test source");
        assertThat(hypervisor.calls).startsWith("create", "start");
        assertThat(fetched).contains("node image", "binaries v1.37.2");

        // The node: named after the profile, binaries from the share, images imported, control plane before the rest.
        List<String> commands = hypervisor.node.commandsRun();
        assertThat(commands).anyMatch(c -> c.contains("hostname dev;"))
                .anyMatch(c -> c.startsWith("cp /") && c.contains("/kube-apiserver"))
                .anyMatch(c -> c.contains("ctr") && c.contains("import"));
        assertThat(restartOf(commands, Component.APISERVER)).isLessThan(restartOf(commands, Component.KUBELET));
        assertThat(hypervisor.node.file(GuestPaths.PKI_DIR + "/ca.crt")).isPresent();

        // The cluster: the node labelled, the add-ons' objects applied.
        try (KubernetesClient k = api.backendClient()) {
            assertThat(k.nodes().withName("dev").get().getMetadata().getLabels())
                    .containsKey("node-role.kubernetes.io/control-plane");
            assertThat(k.apps().deployments().inNamespace("kube-system").withName("coredns").get()).isNotNull();
            assertThat(k.storage().v1().storageClasses().withName("standard").get()).isNotNull();
        }
        // The host: the profile's files, kubectl's context pointing at the forwarded API server.
        ProfileStore store = ProfileStore.of(env, "dev");
        assertThat(store.cluster()).hasValueSatisfying(s -> assertThat(s.version()).isEqualTo(VERSION));
        assertThat(store.addons().choices()).containsEntry("coredns", true);
        assertThat(Files.readString(env.kubeconfig())).contains("current-context: dev")
                .contains("https://127.0.0.1:" + api.port());
        assertThat(started.profileKubeconfig()).isEqualTo(store.kubeconfig()).exists();
    }

    @Test
    void theListenerHearsTheCommandsRunInTheNodeInsideTheirSteps() {
        starter.start(request().build(), events);

        List<String> heard = events.lines.stream().filter(l -> l.startsWith("$ ")).map(l -> l.substring(2)).toList();
        // Every command heard was run in the node, in the order heard; the bootstrap's are among them.
        assertThat(hypervisor.node.commandsRun()).containsSubsequence(
                heard.stream().filter(l -> !l.startsWith("copy ") && !l.startsWith("write ")).toList());
        assertThat(heard).anyMatch(c -> c.contains("hostname dev;"))
                .anyMatch(c -> c.startsWith("systemctl restart ") && c.contains("kube-apiserver.service"))
                .anyMatch(c -> c.startsWith("copy ") && c.contains(" (mode 0644)"));
        // Heard inside a step: after the first step started, never before.
        assertThat(events.lines.get(0)).startsWith("+");
    }

    /** Where in the node's commands {@code component} was (re)started. */
    private static int restartOf(List<String> commands, Component component) {
        for (int i = 0; i < commands.size(); i++) {
            if (commands.get(i).startsWith("systemctl restart ")
                    && List.of(commands.get(i).split(" ")).contains(component.unitName() + ".service")) {
                return i;
            }
        }
        throw new AssertionError("no restart of " + component.unitName() + " in " + commands);
    }

    /** start --mount's background process serves a node that stop suspends and delete removes: both end it first. */
    @Test
    void stopAndDeleteEndTheProfilesMountProcess() throws Exception {
        starter.start(request().build(), events);
        MachineManager machines = new MachineManager(env, new DriverRegistry(Duration.ofSeconds(1))
                .register(hypervisor.definition()), roomyHost(), line -> { });
        dev.jminikube.drivers.MachinePaths paths = dev.jminikube.drivers.MachinePaths.of(env.machinesDir(), "dev");
        ClusterStop.Listener quiet = quietStop();
        Process mount = new ProcessBuilder("sleep", "60").start();
        Process secondMount = new ProcessBuilder("sleep", "60").start();
        try {
            MountProcess.record(paths, mount.toHandle(), "/src:/src");
            new ClusterStop(env, machines, quiet).stop("dev", false);
            assertThat(mount.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)).as("stop ended the mount").isTrue();
            assertThat(hypervisor.state).isEqualTo(DriverState.SUSPENDED);

            MountProcess.record(paths, secondMount.toHandle(), "/src:/src");
            new ClusterDelete(env, machines, warning -> { }).delete("dev");
            assertThat(secondMount.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)).as("delete ended it").isTrue();
        } finally {
            mount.destroyForcibly();
            secondMount.destroyForcibly();
        }
    }

    @Test
    void aSuspendedClusterResumesWithoutDownloadsOrInstalls() throws Exception {
        starter.start(request().build(), events);
        new MachineManager(env, new DriverRegistry(Duration.ofSeconds(1)).register(hypervisor.definition()),
                roomyHost(), line -> { }).stop("dev", false);
        assertThat(hypervisor.state).isEqualTo(DriverState.SUSPENDED);
        fetched.clear();
        events.lines.clear();
        hypervisor.node.clearCalls();
        // The kubelet renews its lease once the node runs again.
        try (KubernetesClient k = api.backendClient()) {
            k.leases().inNamespace("kube-node-lease").resource(new LeaseBuilder().withNewMetadata().withName("dev")
                    .endMetadata().withNewSpec().withRenewTime(java.time.ZonedDateTime.now(ZoneOffset.UTC).plusMinutes(1))
                    .endSpec().build()).create();
        }

        StartedCluster resumed = starter.start(request().build(), events);

        assertThat(resumed.outcome()).isEqualTo(StartedCluster.Outcome.RESUMED);
        assertThat(fetched).as("a resume needs no image, binaries or add-on images").isEmpty();
        assertThat(events.steps()).contains("Resuming the VM from its saved state")
                .noneMatch(s -> s.startsWith("Installing") || s.startsWith("Enabling add-on")
                        || s.startsWith("Starting etcd"));
        assertThat(hypervisor.node.commandsRun()).noneMatch(c -> c.contains("systemctl restart"));
        assertThat(resumed.binariesServedBy()).contains("a test source");
    }

    /** A start of a running cluster with the same configuration restarts nothing (minikube does not either). */
    @Test
    void aRunningClusterWithTheSameConfigurationIsReusedWithoutARestart() {
        starter.start(request().build(), events);
        events.lines.clear();
        hypervisor.node.clearCalls();

        StartedCluster again = starter.start(request().addons(List.of("dashboard")).build(), events);

        assertThat(again.outcome()).isEqualTo(StartedCluster.Outcome.REUSED);
        assertThat(events.steps()).containsExactly("Using this host as the node (no SSH)",
                "Checking the running cluster (node \"dev\" Ready)", "Configuring kubectl (context \"dev\")",
                "Enabling add-on dashboard");
        assertThat(hypervisor.node.commandsRun()).noneMatch(c -> c.startsWith("systemctl restart"));
        assertThat(again.kubectlConfigured()).isTrue();
    }

    /** A paused cluster would answer no wait: start unpauses it (units thawed, kubelet started) and goes on. */
    @Test
    void aPausedRunningClusterIsUnpausedBeforeItIsChecked() {
        starter.start(request().build(), events);
        hypervisor.node.givenFile(ClusterPause.RECORD, "{\"runtime\":\"containerd\",\"containers\":[{\"id\":\"c1\","
                + "\"namespace\":\"default\"}],\"units\":[\"" + Component.APISERVER.unitName() + "\"]}");
        events.lines.clear();
        hypervisor.node.clearCalls();

        StartedCluster again = starter.start(request().build(), events);

        assertThat(events.steps()).contains("Unpausing the cluster (it was paused)");
        List<String> commands = hypervisor.node.commandsRun();
        assertThat(commands).anyMatch(c -> c.startsWith("systemctl thaw") && c.contains(Component.APISERVER.unitName()))
                .contains("ctr -n k8s.io task resume c1")
                .anyMatch(c -> c.contains("rm -f " + ClusterPause.RECORD));
        assertThat(again.outcome()).isIn(StartedCluster.Outcome.REUSED, StartedCluster.Outcome.STARTED);
    }

    /** Without a pause record, start sends one read of it and nothing else of the pause's. */
    @Test
    void anUnpausedRunningClusterIsNotThawed() {
        starter.start(request().build(), events);
        events.lines.clear();
        hypervisor.node.clearCalls();

        starter.start(request().build(), events);

        assertThat(events.steps()).doesNotContain("Unpausing the cluster (it was paused)");
        assertThat(hypervisor.node.commandsRun()).noneMatch(c -> c.startsWith("systemctl thaw"));
    }

    /** A start cut short (killed half-way) leaves no completion marker: the next start bootstraps, never reuses. */
    @Test
    void aRunningClusterWhoseLastStartDidNotFinishIsBootstrappedAgain() throws Exception {
        starter.start(request().build(), events);
        ProfileStore store = ProfileStore.of(env, "dev");
        assertThat(store.startCompleted()).isTrue();
        Files.delete(store.startCompletedMarker()); // as a start killed during its bootstrap leaves it
        hypervisor.node.clearCalls();

        StartedCluster again = starter.start(request().build(), events);

        assertThat(again.outcome()).isEqualTo(StartedCluster.Outcome.STARTED);
        assertThat(hypervisor.node.commandsRun()).anyMatch(c -> c.startsWith("systemctl restart")
                && c.contains(Component.KUBELET.unitName()));
        assertThat(store.startCompleted()).isTrue();
    }

    /** A changed --extra-config is applied: the cluster is bootstrapped again, its components restarted. */
    @Test
    void aRunningClusterAskedForOtherFlagsIsBootstrappedAgain() {
        starter.start(request().build(), events);
        hypervisor.node.clearCalls();

        StartedCluster again = starter.start(request().extraConfig(List.of("kubelet.max-pods=50")).build(), events);

        assertThat(again.outcome()).isEqualTo(StartedCluster.Outcome.STARTED);
        assertThat(hypervisor.node.commandsRun()).anyMatch(c -> c.startsWith("systemctl restart")
                && c.contains(Component.KUBELET.unitName()));
        assertThat(ProfileStore.of(env, "dev").cluster().orElseThrow().extraConfig()).contains("kubelet.max-pods=50");
    }

    @Test
    void withoutKubernetesOnlyTheMachineStarts() {
        StartedCluster started = starter.start(request().kubernetes(false).build(), events);

        assertThat(started.outcome()).isEqualTo(StartedCluster.Outcome.VM_STARTED);
        assertThat(started.config()).isEmpty();
        assertThat(fetched).containsExactly("node image");
        assertThat(hypervisor.node.calls()).isEmpty();
        assertThat(ProfileStore.of(env, "dev").cluster()).isEmpty();
    }

    @Test
    void downloadOnlyFillsTheCacheAndTouchesNoMachine() {
        StartedCluster done = starter.start(request().downloadOnly(true).build(), events);

        assertThat(done.outcome()).isEqualTo(StartedCluster.Outcome.DOWNLOADED);
        assertThat(done.cachedImages()).isNotEmpty();
        assertThat(fetched).contains("node image", "binaries v1.37.2");
        assertThat(hypervisor.calls).isEmpty();
        assertThat(ProfileStore.of(env, "dev").dir()).doesNotExist();
    }

    /** Bad input fails in the validate stage: nothing fetched, no machine made, no file written. */
    @Test
    void badInputFailsBeforeAnythingSlowOrLasting() {
        Map<StartRequest, Reason> cases = new LinkedHashMap<>();
        cases.put(request().memory("4 parsecs").build(), Reason.RESOURCE_MEMORY);
        cases.put(request().diskSize("-1g").build(), Reason.RESOURCE_DISK_SIZE);
        cases.put(request().kubernetesVersion("v0.1").build(), Reason.K8S_VERSION_INVALID);
        cases.put(request().kubernetesVersion("v1.9.0").build(), Reason.K8S_VERSION_UNSUPPORTED);
        cases.put(request().containerRuntime("rkt").build(), Reason.RUNTIME_UNSUPPORTED);
        cases.put(request().extraConfig(List.of("kubelet")).build(), Reason.EXTRA_CONFIG_INVALID);
        cases.put(request().addons(List.of("nosuchaddon")).build(), Reason.ADDON_UNKNOWN);
        cases.put(request().isoUrl(dir.resolve("missing.iso").toString()).build(), Reason.GUEST_IMAGE_MISSING);
        cases.put(request().driver("nosuchdriver").build(), Reason.DRIVER_UNKNOWN);
        cases.put(StartRequest.forProfile("Bad/Name").build(), Reason.PROFILE_NAME_INVALID);
        List<String> got = new ArrayList<>();
        cases.forEach((request, reason) -> assertThatThrownBy(() -> starter.start(request, events))
                .as(request.toString()).isInstanceOfSatisfying(JmkException.class, e -> {
                    got.add(e.reason().id());
                    assertThat(e.reason()).as(e.getMessage()).isEqualTo(reason);
                }));
        assertThat(got).hasSize(cases.size());
        assertThat(fetched).isEmpty();
        assertThat(hypervisor.calls).isEmpty();
        assertThat(env.machinesDir().resolve("dev")).doesNotExist();
        assertThat(env.kubeconfig()).doesNotExist();
    }

    /** The node "registers" Ready with the fake API server when its kubelet is restarted, as a real one does. */
    private void registersWhenKubeletStarts(RecordingCommandRunner node, String name) {
        node.whenRun(argv -> argv.contains("restart") && argv.contains(Component.KUBELET.unitName() + ".service"))
                .thenAnswer(argv -> {
                    try (KubernetesClient k = api.backendClient()) {
                        k.nodes().resource(new NodeBuilder().withNewMetadata().withName(name).endMetadata()
                                .withNewStatus().addNewCondition().withType("Ready").withStatus("True").endCondition()
                                .endStatus().build()).createOr(existing -> existing.update());
                    }
                    return new CommandResult(argv, 0, "", "", Duration.ZERO, false);
                });
    }

    /** networkd puts the node's address on its node-network NIC. */
    private static void hasNodeNetworkAddress(RecordingCommandRunner node, String address) {
        node.whenRun("ip", "-4", "-o", "addr", "show", "to", address)
                .thenOutput("3: enp0s4    inet " + address + "/24 brd 10.0.3.255 scope global enp0s4\n");
    }

    /** Issue 18: --nodes 2 makes node 1 the node network's hub, then boots the worker and joins it. */
    @Test
    void twoNodesBootTheWorkerAfterTheControlPlaneAndJoinItWithItsOwnCredentials() throws Exception {
        RecordingCommandRunner worker = hypervisor.worker("dev-m02");
        registersWhenKubeletStarts(worker, "dev-m02");
        hasNodeNetworkAddress(worker, "10.0.3.3");
        hasNodeNetworkAddress(hypervisor.node, "10.0.3.2");

        StartedCluster started = starter.start(request().nodes(2).build(), events);

        assertThat(started.outcome()).isEqualTo(StartedCluster.Outcome.STARTED);
        assertThat(events.lines).noneMatch(l -> l.startsWith("failed") || l.startsWith("!"));
        assertThat(events.steps()).containsSubsequence(
                "Generating certificates and configuration",
                "Joining the node network (10.0.3.2/24)",
                "Starting etcd and kube-apiserver",
                "Labelling the node as control plane",
                "Creating the machine (SSH key, data disk, ports)",
                "Booting the VM",
                "Preparing node \"dev-m02\"",
                "Generating node \"dev-m02\"'s certificates and configuration",
                "Joining the node network (10.0.3.3/24)",
                "Starting kubelet and kube-proxy",
                "Waiting for node \"dev-m02\" to be Ready",
                "Enabling add-on coredns");
        assertThat(hypervisor.calls).containsSubsequence("create", "start", "create dev-m02", "start dev-m02");

        // Node 1 advertises its node-network address; the worker runs kubelet as itself, and holds no cluster secret.
        assertThat(text(hypervisor.node, "/etc/systemd/system/jmk-kube-apiserver.service"))
                .contains("--advertise-address=10.0.3.2");
        assertThat(text(worker, "/etc/systemd/system/jmk-kubelet.service")).contains("--node-ip=10.0.3.3")
                .contains("--hostname-override=dev-m02");
        assertThat(text(worker, "/etc/kubernetes/kubelet.conf")).contains("system:node:dev-m02@kubernetes");
        assertThat(text(worker, "/etc/systemd/system/jmk-kube-apiserver.service")).isNull();
        assertThat(text(worker, "/etc/kubernetes/admin.conf")).isNull();
        assertThat(text(worker, GuestPaths.PKI_DIR + "/ca.key")).isNull();
        assertThat(worker.commandsRun()).anyMatch(c -> c.contains("10.0.3.2 control-plane.minikube.internal")
                && c.contains("hostname dev-m02;"));
        // The add-ons' images go to the worker too: none can be pulled.
        assertThat(worker.commandsRun()).anyMatch(c -> c.contains("ctr") && c.contains("import"));

        MachineManager machines = new MachineManager(env, new DriverRegistry(Duration.ofSeconds(1))
                .register(hypervisor.definition()), roomyHost(), line -> { });
        assertThat(machines.profiles()).as("a worker is a node, not a profile").containsExactly("dev");
        assertThat(machines.workerMachines("dev")).containsExactly("dev-m02");
        assertThat(ProfileStore.of(env, "dev").machine().orElseThrow().segment().workers()).isEqualTo(1);

        // image load puts the image into every node: a pod may land on either, and none can pull it.
        Path image = dir.resolve("app.tar");
        dev.jminikube.bootstrap.images.ImageTarWriter.write(dev.jminikube.bootstrap.images.PauseImage.of(
                Files.writeString(dir.resolve("app-binary"), "an app"), LinuxArch.AMD64), image);
        hypervisor.node.clearCalls();
        worker.clearCalls();
        new ImageLoad(env, machines).load("dev", image);
        for (RecordingCommandRunner node : List.of(hypervisor.node, worker)) {
            assertThat(node.commandsRun()).anyMatch(c -> c.startsWith("ctr -n k8s.io images import"));
        }

        // A second start finds both running and restarts nothing.
        hypervisor.calls.clear();
        assertThat(starter.start(request().build(), events).outcome()).isEqualTo(StartedCluster.Outcome.REUSED);
        assertThat(hypervisor.calls).noneMatch(c -> c.startsWith("start") || c.startsWith("stop"));
        assertThat(events.lines).contains("  node dev-m02 kept running");

        // stop: the worker first (it hangs on node 1); delete: both machines.
        hypervisor.calls.clear();
        new ClusterStop(env, machines, quietStop()).stop("dev", false);
        assertThat(hypervisor.calls).containsExactly("suspend dev-m02", "suspend");
        new ClusterDelete(env, machines, warning -> { }).delete("dev");
        assertThat(hypervisor.calls).containsSubsequence("remove dev-m02", "remove");
        assertThat(env.machinesDir().resolve("dev-m02")).doesNotExist();
        assertThat(env.machinesDir().resolve("dev")).doesNotExist();
    }

    @Test
    void nodesThatCannotWorkFailBeforeAnythingSlow() {
        Map<StartRequest, String> cases = new LinkedHashMap<>();
        cases.put(request().nodes(0).build(), "--nodes=0 is not between 1 and 99");
        cases.put(request().nodes(100).build(), "--nodes=100 is not between 1 and 99");
        cases.put(request().nodes(2).kubernetes(false).build(), "--nodes needs Kubernetes");
        cases.put(request().nodes(2).kubernetesVersion("v1.20.2").containerRuntime("docker").networkPlugin("kubenet")
                .build(), "--network-plugin=kubenet runs one node only");
        cases.forEach((request, message) -> assertThatThrownBy(() -> starter.start(request, events))
                .as(message).isInstanceOfSatisfying(JmkException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.USAGE);
                    assertThat(e.getMessage()).startsWith(message);
                }));
        DriverRegistry oneNodeDrivers = new DriverRegistry(Duration.ofSeconds(1)).register(new DriverDefinition(
                FakeNodeDriver.NAME, java.util.Set.of(HostOs.LINUX), DriverPriority.DEFAULT, e -> DriverHealth.ok(),
                ctx -> { throw new AssertionError("no machine may be made"); }, null));
        ClusterStarter oneNodeStarter = new ClusterStarter(env, oneNodeDrivers, roomyHost(),
                new ClusterStarter.Supplies(n -> { throw new AssertionError(); }, (v, m, l) -> { throw new AssertionError(); },
                        (i, n) -> { throw new AssertionError(); }, b -> { throw new AssertionError(); }), Clock.systemUTC());
        assertThatThrownBy(() -> oneNodeStarter.start(request().nodes(3).build(), events))
                .isInstanceOfSatisfying(JmkException.class, e -> {
                    assertThat(e.getMessage()).isEqualTo("--nodes=3 needs a network between the profile's VMs, which the "
                            + "fake driver does not make yet");
                    assertThat(e.advice()).contains("--driver=qemu");
                });
        assertThat(fetched).isEmpty();
        assertThat(hypervisor.calls).isEmpty();
        assertThat(env.machinesDir().resolve("dev")).doesNotExist();
    }

    @Test
    void anExistingProfileKeepsItsNodesAndSaysSo() {
        starter.start(request().build(), events);
        events.lines.clear();
        assertThat(starter.start(request().nodes(3).build(), events).outcome()).isEqualTo(StartedCluster.Outcome.REUSED);
        assertThat(events.lines).contains("! The cluster \"dev\" already exists with 1 node, so --nodes=3 is ignored; "
                + "'jminikube delete -p dev', then start with --nodes=3, changes it.");
        assertThat(hypervisor.calls).noneMatch(c -> c.contains("dev-m0"));
    }

    private static ClusterStop.Listener quietStop() {
        return new ClusterStop.Listener() {
            @Override
            public void suspending() {
            }

            @Override
            public void stoppingKubernetes() {
            }

            @Override
            public void kubernetesNotStopped(RuntimeException why) {
            }
        };
    }
}
