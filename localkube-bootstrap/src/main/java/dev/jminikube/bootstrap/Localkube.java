package dev.jminikube.bootstrap;

import dev.jminikube.bootstrap.api.ApiServerClient;
import dev.jminikube.bootstrap.units.BridgeCniFile;
import dev.jminikube.bootstrap.guest.BinaryInstaller;
import dev.jminikube.bootstrap.guest.GuestShare;
import dev.jminikube.bootstrap.guest.UnitHealth;
import dev.jminikube.bootstrap.wait.Readiness;
import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import dev.jminikube.core.exec.CommandResult;
import dev.jminikube.core.exec.CommandRunner;
import dev.jminikube.core.nodes.NodeSlot;
import dev.jminikube.core.steps.Step;
import dev.jminikube.core.steps.StepListener;
import dev.jminikube.core.steps.StepSequence;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Brings up the one-node cluster in a running VM (the "localkube"): binaries, certificates, runtime,
 * the six components as systemd units, then waits until the API server answers and the node is
 * Ready, and points the user's kubeconfig at it. Every step is idempotent, so {@code start} after a
 * Ctrl-C, a crash or a reboot simply runs them again. It knows the guest only as a
 * {@link CommandRunner} and the API server only as a URL.
 */
public final class Localkube {
    public static final Duration APISERVER_TIMEOUT = Duration.ofMinutes(6);
    public static final Duration NODE_READY_TIMEOUT = Duration.ofMinutes(6);
    /** networkd configures a static address in well under a second; a minute covers a loaded emulated node. */
    static final Duration NODE_NETWORK_TIMEOUT = Duration.ofMinutes(1);

    /**
     * What the bootstrap works from.
     *
     * @param binariesDir the verified binaries on the host (with manifest.json)
     * @param share       the host directory the VM shares read-only, if it does (binaries and image tars under
     *                    it are read there instead of copied over SSH)
     * @param profileDir  host directory for the cluster's PKI
     * @param apiServer   the API server as the host reaches it (https://127.0.0.1:PORT through a NAT forward,
     *                    https://NODE-IP:8443 for a bridged guest); also the server of the user's kubeconfig
     * @param preloadImages images loaded with the pause image, before the control plane starts (the add-ons'
     *                    locally built ones): the node is quiet then, while later an import competes with the
     *                    starting components for an emulated CPU and takes several times longer
     * @param dedicatedNode the node is a VM of ours (every driver but none), so its hostname becomes the node name;
     *                    the none driver's node is the user's own host, whose name is not ours to change
     */
    public record Plan(ClusterNodes nodes, Path binariesDir, Optional<GuestShare> share,
                       Path profileDir, Path pauseImageTar, URI apiServer, Path userKubeconfig,
                       List<ImageTar> preloadImages, boolean dedicatedNode) {
        public Plan {
            java.util.Objects.requireNonNull(nodes, "nodes");
            preloadImages = List.copyOf(preloadImages);
        }

        /** A one-node cluster's plan. */
        public Plan(ClusterConfig config, Path binariesDir, Optional<GuestShare> share, Path profileDir,
                    Path pauseImageTar, URI apiServer, Path userKubeconfig, List<ImageTar> preloadImages,
                    boolean dedicatedNode) {
            this(ClusterNodes.single(config), binariesDir, share, profileDir, pauseImageTar, apiServer, userKubeconfig,
                    preloadImages, dedicatedNode);
        }

        /** The control plane's configuration (on the node network when the cluster has workers). */
        public ClusterConfig config() {
            return nodes.controlPlane();
        }
    }

    private final CommandRunner guest;
    private final NodeConfiguration configuration;
    private final Consumer<String> notes;

    public Localkube(CommandRunner guest, NodeConfiguration configuration, Consumer<String> notes) {
        this.guest = guest;
        this.configuration = configuration;
        this.notes = notes;
    }

    public void bootstrap(Plan plan, StepListener listener) {
        new StepSequence<>(steps(plan)).run(plan, listener);
    }

    /**
     * After the VM resumed from a saved state: nothing to install or start, only to wait until the API server
     * answers and the node is Ready again, and to point kubectl at the API server (its forward may have moved).
     * Reads only the plan's config, profile directory, API server and kubeconfig.
     */
    public void afterResume(Plan plan, StepListener listener) {
        new StepSequence<>(resumeSteps(plan)).run(plan, listener);
    }

    /**
     * A cluster found running with the configuration it was started with: nothing to install or restart (a restart
     * of the control plane costs a minute or two under emulation and interrupts what runs on it); the node must be
     * Ready, and kubectl is pointed at the API server again.
     */
    public void whenRunning(Plan plan, StepListener listener) {
        new StepSequence<>(runningSteps(plan)).run(plan, listener);
    }

    List<Step<Plan>> runningSteps(Plan plan) {
        ClusterConfig c = plan.config();
        return List.of(
                step("Checking the running cluster (node \"" + c.nodeName() + "\" Ready)", p -> nodeReady(p)),
                step("Configuring kubectl (context \"" + c.profile() + "\")", p -> configuration.mergeUserKubeconfig(p)));
    }

    List<Step<Plan>> resumeSteps(Plan plan) {
        ClusterConfig c = plan.config();
        // The guest's clock was set from the host's before this; a second of slack covers that setting's error.
        java.time.Instant resumedAt = java.time.Instant.now().minusSeconds(2);
        return List.of(
                step("Waiting for the API server (/readyz)", p -> apiServerReady(p)),
                step("Waiting for node \"" + c.nodeName() + "\" to be Ready (its kubelet back)", p -> {
                    ApiServerClient api = configuration.adminClient(p);
                    Readiness.of("node " + c.nodeName() + " Ready with a lease renewed after the resume", () -> {
                        Optional<String> lease = NodeStatus.leaseNotRenewedSince(api, c.nodeName(), resumedAt);
                        return lease.isPresent() ? lease : NodeStatus.notReadyReason(api, c.nodeName());
                    }, new UnitHealth(guest, List.of(Component.KUBELET.unitName(), Component.APISERVER.unitName())))
                            .await(NODE_READY_TIMEOUT);
                }),
                step("Configuring kubectl (context \"" + c.profile() + "\")", p -> configuration.mergeUserKubeconfig(p)));
    }

    List<Step<Plan>> steps(Plan plan) {
        ClusterConfig c = plan.config();
        List<Step<Plan>> steps = new ArrayList<>();
        steps.add(step("Preparing the node", p -> prepareNode(p.nodes(), NodeSlot.CONTROL_PLANE, p.dedicatedNode())));
        steps.add(installBinaries(c));
        steps.add(step("Generating certificates and configuration", p -> configuration.write(guest, p)));
        if (plan.nodes().multiNode()) {
            // etcd and the API server listen on this address: it must be up before they start.
            steps.add(joinNodeNetwork(NodeSlot.CONTROL_PLANE));
        }
        steps.add(step("Configuring " + c.runtime().flagValue(), p -> configureRuntime(c)));
        steps.add(loadImages(plan, c));
        // The control plane first, the rest once it answers: under TCG everything at once starves the API
        // server (its own loopback TLS handshakes time out) while the others flood the journal with retries.
        steps.add(step("Starting etcd and kube-apiserver", p -> {
            // A re-run (after Ctrl-C or a failure) finds the node components running: quiet them first.
            stopComponents(List.of(Component.CONTROLLER_MANAGER, Component.SCHEDULER, Component.KUBELET,
                    Component.PROXY));
            startComponents(List.of(Component.ETCD, Component.APISERVER));
        }));
        steps.add(step("Waiting for the API server (/readyz)", p -> apiServerReady(p)));
        steps.add(step("Starting kube-controller-manager, kube-scheduler, kubelet and kube-proxy",
                p -> startComponents(List.of(Component.CONTROLLER_MANAGER, Component.SCHEDULER, Component.KUBELET,
                        Component.PROXY))));
        steps.add(step("Waiting for node \"" + c.nodeName() + "\" to be Ready", p -> nodeReady(p)));
        steps.add(step("Labelling the node as control plane", p -> labelControlPlane(p)));
        steps.add(step("Configuring kubectl (context \"" + c.profile() + "\")",
                p -> configuration.mergeUserKubeconfig(p)));
        return steps;
    }

    /**
     * Joins a worker to the running control plane (issue 18), in this runner's node: the same binaries, runtime and
     * pause image as node 1, its own certificates and configuration ({@link NodeConfiguration#writeWorker}), its NIC
     * on the node network, then kubelet and kube-proxy; done when the API server reports the node Ready.
     *
     * @param plan the control plane's plan (its nodes include {@code worker})
     */
    public void joinWorker(Plan plan, NodeSlot worker, StepListener listener) {
        new StepSequence<>(workerSteps(plan, worker)).run(plan, listener);
    }

    List<Step<Plan>> workerSteps(Plan plan, NodeSlot worker) {
        if (worker.isControlPlane() || !plan.nodes().slots().contains(worker)) {
            throw new IllegalArgumentException("node " + worker.index() + " is not a worker of " + plan.nodes().slots());
        }
        ClusterConfig w = plan.nodes().node(worker);
        List<Component> nodeComponents = List.of(Component.KUBELET, Component.PROXY);
        List<Step<Plan>> steps = new ArrayList<>();
        steps.add(step("Preparing node \"" + w.nodeName() + "\"", p -> prepareNode(p.nodes(), worker, true)));
        steps.add(installBinaries(w));
        steps.add(step("Generating node \"" + w.nodeName() + "\"'s certificates and configuration",
                p -> configuration.writeWorker(guest, p, worker)));
        steps.add(joinNodeNetwork(worker));
        steps.add(step("Configuring " + w.runtime().flagValue(), p -> configureRuntime(w)));
        steps.add(loadImages(plan, w));
        steps.add(step("Starting kubelet and kube-proxy", p -> {
            stopComponents(nodeComponents);
            startComponents(nodeComponents);
        }));
        steps.add(step("Waiting for node \"" + w.nodeName() + "\" to be Ready", p -> nodeReady(p, w.nodeName(), nodeComponents)));
        return steps;
    }

    private Step<Plan> installBinaries(ClusterConfig c) {
        return step("Installing Kubernetes " + c.version() + " binaries", p -> {
            BinaryInstaller.Outcome how = new BinaryInstaller(guest).install(c.version(), p.binariesDir(), p.share());
            notes.accept(switch (how) {
                case ALREADY_INSTALLED -> "binaries already in the node";
                case COPIED_FROM_SHARE -> "binaries copied from the host's shared cache";
                case COPIED_OVER_SSH -> "binaries copied over SSH";
            });
        });
    }

    private Step<Plan> loadImages(Plan plan, ClusterConfig c) {
        return step(plan.preloadImages().isEmpty() ? "Loading the pause image" : "Loading the pause image and "
                + plan.preloadImages().stream().map(ImageTar::reference).collect(Collectors.joining(", ")), p -> {
            ImageLoader loader = new ImageLoader(guest, c.runtime(), p.share());
            loader.loadIfMissing(p.pauseImageTar(), NodeConfiguration.PAUSE_IMAGE);
            for (ImageTar image : p.preloadImages()) {
                if (loader.loadIfMissing(image.tar(), image.reference())) {
                    notes.accept("loaded " + image.reference());
                }
            }
        });
    }

    /**
     * systemd-networkd reads the node network's file ({@link dev.jminikube.bootstrap.units.NodeNetworkFile}, written with the configuration) and
     * configures the NIC with that MAC; the step waits until the node's address is on it.
     */
    private Step<Plan> joinNodeNetwork(NodeSlot self) {
        String address = self.segmentAddress();
        return step("Joining the node network (" + address + "/" + NodeSlot.SEGMENT_PREFIX_LENGTH + ")", p -> {
            guest.check("networkctl", "reload");
            Readiness.of("address " + address + " on the NIC with MAC " + self.segmentMac(), () -> {
                CommandResult r = guest.run("ip", "-4", "-o", "addr", "show", "to", address);
                return r.exitCode() == 0 && r.stdout().contains(address) ? Optional.empty()
                        : Optional.of(guest.run("networkctl", "list", "--no-pager").combinedOutput());
            }, Readiness.Liveness.ALWAYS).await(NODE_NETWORK_TIMEOUT);
        });
    }

    private void prepareNode(ClusterNodes nodes, NodeSlot self, boolean dedicatedNode) {
        ClusterConfig c = nodes.node(self);
        String node = c.nodeName();
        // The API server certificate names control-plane.minikube.internal; make it resolve in the guest (to node 1's
        // address, on a worker). A bridged switch may lease another node IP at each boot, so a line naming another
        // address is replaced.
        String hosts = nodes.controlPlaneIp() + " " + ClusterConfig.CONTROL_PLANE_HOSTNAME;
        String nameTheNode = dedicatedNode
                // The image calls every guest "minikube"; name it after its node, as minikube names its VMs.
                ? "hostname " + node + "; echo " + node + " > /etc/hostname; sed -i '/^127.0.1.1 /d' /etc/hosts; "
                        + "echo '127.0.1.1 " + node + "' >> /etc/hosts; "
                : "grep -q ' " + node + "$' /etc/hosts || echo '127.0.1.1 " + node + "' >> /etc/hosts; ";
        guest.check("sh", "-c", "grep -qx '" + hosts + "' /etc/hosts || { sed -i '/ "
                + ClusterConfig.CONTROL_PLANE_HOSTNAME + "$/d' /etc/hosts; echo '" + hosts
                + "' >> /etc/hosts; }; " + nameTheNode
                + "swapoff -a; modprobe br_netfilter; sysctl -q -w net.ipv4.ip_forward=1 "
                + "net.bridge.bridge-nf-call-iptables=1 net.bridge.bridge-nf-call-ip6tables=1; "
                // A pod IP with no bridge route (the bridge not up yet after a restart while a Service still
                // names the old pod) would leave by the default route, through QEMU's NAT, to the host's network.
                // Refuse it in the node instead; the bridge's own /24 is more specific and wins once it exists.
                + "ip route replace unreachable " + c.podCidr() + " metric 4000"
                // With workers the bridge leaves masquerading to these rules (see BridgeCniFile).
                + (nodes.multiNode() ? "; " + BridgeCniFile.podTrafficScript(c) : ""));
    }

    private void configureRuntime(ClusterConfig c) {
        guest.check("systemctl", "daemon-reload");
        if (c.runtime() == ContainerRuntime.CONTAINERD) {
            // docker is not used then; under TCG its daemon costs CPU the control plane needs.
            guest.run("systemctl", "stop", "docker.socket", "docker.service");
            guest.check("systemctl", "restart", "containerd");
        } else {
            guest.check("systemctl", "restart", "containerd");
            guest.check("systemctl", "restart", "docker");
        }
        Readiness.of(c.runtime().flagValue() + " to answer", () -> {
            CommandResult r = c.runtime() == ContainerRuntime.CONTAINERD
                    ? guest.run("ctr", "version") : guest.run("docker", "version");
            return r.exitCode() == 0 ? Optional.empty() : Optional.of(r.combinedOutput());
        }, new UnitHealth(guest, List.of(c.runtime() == ContainerRuntime.CONTAINERD ? "containerd" : "docker")))
                .await(Duration.ofMinutes(2));
    }

    /**
     * Quiets the node before the VM powers off (minikube does the same): kubelet first so it restarts
     * nothing, then the pods' containers, then the control plane, etcd last so its data is flushed.
     * Without it an ACPI shutdown waits on container shims until the driver forces the VM off.
     */
    public static void shutdown(CommandRunner guest, Duration timeout) {
        String units = String.join(" ", List.of(Component.KUBELET, Component.PROXY, Component.SCHEDULER,
                Component.CONTROLLER_MANAGER, Component.APISERVER, Component.ETCD).stream()
                .map(c -> c.unitName() + ".service").toList());
        String script = "systemctl stop " + Component.KUBELET.unitName() + ".service; "
                + "ctr -n k8s.io tasks ls -q 2>/dev/null | xargs -r -n1 ctr -n k8s.io tasks kill -s SIGKILL 2>/dev/null; "
                // Only kubelet's containers (k8s_*): on the none driver the others are the user's own.
                + "docker ps -q --filter name=^k8s_ 2>/dev/null | xargs -r docker kill >/dev/null 2>&1; "
                + "systemctl stop " + units + "; true";
        guest.run(List.of("sh", "-c", script), dev.jminikube.core.exec.RunOptions.DEFAULTS.withTimeout(timeout));
    }

    private void stopComponents(List<Component> components) {
        List<String> argv = new ArrayList<>(List.of("systemctl", "stop"));
        components.forEach(c -> argv.add(c.unitName() + ".service"));
        guest.run(argv, dev.jminikube.core.exec.RunOptions.DEFAULTS);
    }

    private void startComponents(List<Component> components) {
        List<String> units = components.stream().map(u -> u.unitName() + ".service").toList();
        guest.check("systemctl", "daemon-reload");
        List<String> argv = new ArrayList<>(List.of("systemctl", "reset-failed"));
        argv.addAll(units);
        guest.run(argv, dev.jminikube.core.exec.RunOptions.DEFAULTS);
        argv = new ArrayList<>(List.of("systemctl", "restart"));
        argv.addAll(units);
        guest.check(argv, dev.jminikube.core.exec.RunOptions.DEFAULTS);
    }

    private void apiServerReady(Plan p) {
        ApiServerClient api = configuration.adminClient(p);
        Readiness.of("the API server's /readyz on " + p.apiServer(), () -> {
            ApiServerClient.Response r = api.get("/readyz");
            return r.ok() ? Optional.empty() : Optional.of("HTTP " + r.status() + " " + r.body());
        }, new UnitHealth(guest, List.of(Component.ETCD.unitName(), Component.APISERVER.unitName())))
                .await(APISERVER_TIMEOUT);
    }

    private void nodeReady(Plan p) {
        nodeReady(p, p.config().nodeName(), List.of(Component.KUBELET, Component.APISERVER));
    }

    /** Waits for {@code node} Ready, failing fast when one of {@code watched} (in this runner's node) crash-loops. */
    private void nodeReady(Plan p, String node, List<Component> watched) {
        ApiServerClient api = configuration.adminClient(p);
        Readiness.of("node " + node + " Ready", () -> NodeStatus.notReadyReason(api, node),
                new UnitHealth(guest, watched.stream().map(Component::unitName).toList()))
                .await(NODE_READY_TIMEOUT);
    }

    private void labelControlPlane(Plan p) throws Exception {
        ApiServerClient api = configuration.adminClient(p);
        // kubectl shows ROLES from these labels; 1.20-era clusters carried both names (master was retired in 1.24).
        String labels = p.config().version().atLeastMinor(24)
                ? "{\"node-role.kubernetes.io/control-plane\":\"\"}"
                : "{\"node-role.kubernetes.io/control-plane\":\"\",\"node-role.kubernetes.io/master\":\"\"}";
        String patch = "{\"metadata\":{\"labels\":" + labels + "}}";
        // Retried like a wait: a TCG guest under load can take longer than one request's timeout.
        Readiness.of("the control-plane labels on node " + p.config().nodeName(), () -> {
            ApiServerClient.Response r = api.mergePatch("/api/v1/nodes/" + p.config().nodeName(), patch);
            if (r.status() / 100 == 4) {
                throw new JmkException(Reason.K8S_COMPONENT_FAILED, "labelling node " + p.config().nodeName()
                        + " was refused: HTTP " + r.status() + " " + r.body().strip());
            }
            return r.ok() ? Optional.empty() : Optional.of("HTTP " + r.status() + " " + r.body().strip());
        }, Readiness.Liveness.ALWAYS).await(Duration.ofMinutes(2));
    }

    private interface Body {
        void run(Plan plan) throws Exception;
    }

    private static Step<Plan> step(String title, Body body) {
        return new Step<>() {
            @Override
            public String title() {
                return title;
            }

            @Override
            public void execute(Plan plan) throws Exception {
                try {
                    body.run(plan);
                } catch (dev.jminikube.core.exec.CommandFailedException e) {
                    // A guest command failed: say which, paste-ready, with its output (not "a bug in jminikube").
                    throw new JmkException(Reason.GUEST_COMMAND_FAILED, "in the node: " + e.pasteReadyCommand()
                            + " exited " + e.result().exitCode(), null, e.result().combinedOutput(), e);
                } catch (java.io.IOException e) {
                    throw new JmkException(Reason.K8S_COMPONENT_FAILED, "no answer from the API server at "
                            + plan.apiServer() + " (" + e + ")", e)
                            .withAdvice("See 'jminikube logs --problems'; 'jminikube start' again resumes.");
                } catch (dev.jminikube.core.exec.SshConnectException e) {
                    throw new JmkException(Reason.GUEST_DIED, "lost SSH to the VM (" + e.getMessage()
                            + "); it may have stopped or crashed", e)
                            .withAdvice("Check 'jminikube status'; 'jminikube start' resumes where this stopped.");
                }
            }
        };
    }
}
