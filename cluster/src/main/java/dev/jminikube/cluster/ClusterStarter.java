package dev.jminikube.cluster;

import dev.jminikube.addons.Addon;
import dev.jminikube.addons.AddonCatalog;
import dev.jminikube.addons.AddonImage;
import dev.jminikube.addons.AddonManager;
import dev.jminikube.addons.images.LocalImageBuilder;
import dev.jminikube.bootstrap.ClusterConfig;
import dev.jminikube.bootstrap.ClusterNodes;
import dev.jminikube.bootstrap.ExtraOption;
import dev.jminikube.bootstrap.ClusterStateFile.ClusterState;
import dev.jminikube.bootstrap.ImageTar;
import dev.jminikube.bootstrap.Localkube;
import dev.jminikube.bootstrap.NodeConfiguration;
import dev.jminikube.bootstrap.binaries.BinaryMirror;
import dev.jminikube.bootstrap.binaries.InstalledBinaries;
import dev.jminikube.bootstrap.guest.GuestShare;
import dev.jminikube.core.Environment;
import dev.jminikube.core.JmkException;
import dev.jminikube.core.exec.CommandRunner;
import dev.jminikube.core.exec.LoggingCommandRunner;
import dev.jminikube.core.exec.LocalCommandRunner;
import dev.jminikube.core.nodes.NodeSlot;
import dev.jminikube.core.steps.Step;
import dev.jminikube.core.steps.StepFailedException;
import dev.jminikube.core.steps.StepSequence;
import dev.jminikube.drivers.DriverRegistry;
import dev.jminikube.drivers.DriverState;
import dev.jminikube.drivers.HostEndpoint;
import dev.jminikube.drivers.HostResources;
import dev.jminikube.drivers.MachineManager;
import dev.jminikube.drivers.MachineSpec;
import dev.jminikube.drivers.NodeSegment;
import dev.jminikube.drivers.ResourceCheck;
import dev.jminikube.drivers.StartResult;
import dev.jminikube.drivers.SystemHostResources;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * {@code start} as a library: one ordered list of stages ({@link #pipeline()}), as kind's create actions are. Each
 * stage runs its own small steps and reports them to one {@link StartListener}; nothing here prints or exits, and
 * every failure is a {@link JmkException} carrying its reason and advice, whoever the caller is (the CLI or the Java
 * API). The machine comes back from the machine layer as a handle ({@link dev.jminikube.drivers.Machine}) that the
 * later stages use; none of them looks the machine up by name again.
 */
public final class ClusterStarter {
    private final Environment env;
    private final DriverRegistry drivers;
    private final HostResources host;
    private final Supplies supplies;
    private final Clock clock;

    /**
     * Where a start's host-side inputs come from: the default node image, the Kubernetes binaries, the add-ons'
     * locally built images and the pause image. Tests put files of their own in; {@link #standard} builds or
     * fetches them into the cache.
     */
    public record Supplies(NodeImageSource nodeImage, BinarySource binaries, AddonImageSource addonImages,
                           PauseImageSource pauseImage) {
        public static Supplies standard(Environment env) {
            return new Supplies(notes -> NodeImages.builder(env).build(Optional.empty(), notes),
                    (version, mirror, listener) -> ClusterBinaries.obtain(env, version, mirror, listener::note,
                            listener::progress),
                    LocalImageBuilder.of(new LocalCommandRunner(), env)::imageTar,
                    binaries -> ClusterBinaries.pauseImageTar(env, binaries));
        }
    }

    /** The built-in node image, built if the cache does not have it. */
    @FunctionalInterface
    public interface NodeImageSource {
        Path image(Consumer<String> notes);
    }

    /** The Kubernetes binaries of a version, from the first source that serves them. */
    @FunctionalInterface
    public interface BinarySource {
        InstalledBinaries obtain(dev.jminikube.bootstrap.KubernetesVersion version, Optional<BinaryMirror> mirror,
                                 StartListener listener);
    }

    /** The pause image as a docker-archive tar, made from the binaries' pause. */
    @FunctionalInterface
    public interface PauseImageSource {
        Path tar(InstalledBinaries binaries);
    }

    public ClusterStarter(Environment env, DriverRegistry drivers, HostResources host, Supplies supplies, Clock clock) {
        this.env = env;
        this.drivers = drivers;
        this.host = host;
        this.supplies = supplies;
        this.clock = clock;
    }

    /** The starter of this host: its drivers, its resources, binaries and images built or fetched into the cache. */
    public static ClusterStarter standard(Environment env) {
        return new ClusterStarter(env, DriverRegistry.builtin(), new SystemHostResources(), Supplies.standard(env),
                Clock.systemUTC());
    }

    /** One stage of a start: it runs when {@code applies} says so, and may end the start early. */
    record Stage(String name, Predicate<StartContext> applies, Consumer<StartContext> body) {
    }

    /** The start, in order. Every stage reads and fills the one {@link StartContext}. */
    List<Stage> pipeline() {
        return List.of(
                new Stage("validate the request", c -> true, this::validate),
                new Stage("prepare the node image, binaries and add-on images", c -> true, this::prepareSupplies),
                new Stage("report what a download-only start cached", c -> c.request.downloadOnly(), this::downloadOnly),
                new Stage("start the machine", c -> true, this::startMachine),
                new Stage("report a machine without Kubernetes", c -> !c.request.kubernetes(), this::machineOnly),
                new Stage("unpause a paused cluster", this::mayBePaused, this::unpauseIfPaused),
                new Stage("wait for the resumed cluster", StartContext::resumedCluster, this::afterResume),
                new Stage("reuse a running cluster started with the same configuration", this::reusable, this::reuse),
                new Stage("bootstrap Kubernetes", c -> !c.resumedCluster() && !c.reused, this::bootstrap),
                new Stage("start the workers and join them", c -> c.request.kubernetes() && c.slots.size() > 1,
                        this::startWorkers),
                new Stage("enable add-ons", c -> !c.resumedCluster() && c.request.installAddons(), this::enableAddons));
    }

    /** The node's runner for a stage, telling the listener each command it runs ({@link StartListener#command}). */
    private static CommandRunner guest(StartContext c) {
        return new LoggingCommandRunner(c.machine.guestRunner(), c.listener::command);
    }

    /** Runs the whole start; the listener hears every step. */
    public StartedCluster start(StartRequest request, StartListener listener) {
        StartContext c = new StartContext(env, request, listener,
                new MachineManager(env, drivers, host, listener::warning));
        for (Stage stage : pipeline()) {
            if (c.finished != null) {
                break;
            }
            if (stage.applies().test(c)) {
                stage.body().accept(c);
            }
        }
        if (c.finished != null) {
            return c.finished;
        }
        c.store.markStartCompleted();
        return c.result();
    }

    // ---- stages ------------------------------------------------------------------------------------

    /** Everything the caller gave is checked, and the profile's files read, before anything slow happens. */
    private void validate(StartContext c) {
        StartValidation.validate(c, host);
    }

    /**
     * The three host-side preparations run side by side, and the VM boots as soon as its image is there; the
     * binaries and add-on images are waited for only once the node answers. A suspended cluster needs none of them:
     * its node has them (a resume that falls back to a cold boot fetches them then).
     */
    private void prepareSupplies(StartContext c) {
        boolean kubernetes = c.request.kubernetes();
        c.binariesWork = !kubernetes || c.resuming ? HostWork.done(null)
                : HostWork.start("binaries", () -> supplies.binaries().obtain(c.wanted.version(), c.mirror, c.listener));
        c.imagesWork = !kubernetes || !c.request.installAddons() || c.resuming ? HostWork.done(List.of())
                : HostWork.start("addon-images", () -> addonImages(c, c.request.downloadOnly()));
        // An existing machine boots the image it was made with (as in minikube), so a restart builds nothing.
        c.iso = c.givenIso != null ? c.givenIso : c.saved.machine().isPresent() && !c.request.downloadOnly()
                ? c.saved.machine().get().iso() : supplies.nodeImage().image(c.listener::note);
    }

    private void downloadOnly(StartContext c) {
        InstalledBinaries binaries = c.binariesWork.join();
        List<String> images = c.imagesWork.join().stream().map(ImageTar::reference).toList();
        c.finished = new StartedCluster(c.name, StartedCluster.Outcome.DOWNLOADED, Optional.empty(),
                Optional.ofNullable(c.wanted), Optional.ofNullable(binaries).map(InstalledBinaries::servedBy), images,
                List.of(), Optional.empty(), c.store.kubeconfig());
    }

    private void startMachine(StartContext c) {
        MachineSpec spec = new MachineSpec(c.name, c.request.driver(), c.cpus, c.memoryMb, c.diskMb, c.iso,
                MachineSpec.DEFAULT_SSH_TIMEOUT, env.cacheDir(), c.request.hypervVirtualSwitch());
        if (c.slots.size() > 1) {
            spec = spec.withSegment(nodeNetwork(c, c.slots.size() - 1));
        }
        c.machineResult = c.machines.start(spec, c.listener);
        c.machine = c.machineResult.machine();
        if (!c.request.kubernetes()) {
            return;
        }
        // The node IP goes into the certificates; the API server is reached wherever the driver says.
        c.apiServer = c.machine.hostEndpoint(ClusterConfig.DEFAULT_APISERVER_PORT);
        c.config = c.wanted.onMachine(c.machine.ip(), c.apiServer.port());
        c.nodes = new ClusterNodes(c.config, c.slots);
    }

    /** Node 1's place on the profile's node network, its hub serving {@code workers} workers (issue 18). */
    static NodeSegment nodeNetwork(StartContext c, int workers) {
        return NodeSegment.hub(workers, nodeNetworkDir(c));
    }

    /** The unix sockets of the profile's node network, in node 1's machine directory. */
    private static Path nodeNetworkDir(StartContext c) {
        return c.store.dir().resolve("node-net");
    }

    /**
     * The workers (issue 18), once node 1 runs (its VM serves their link to the node network): each is a machine of
     * its own ({@code <profile>-m02}, ...) with node 1's driver, sizes and node image, joined to the cluster by
     * {@link Localkube#joinWorker}. A worker that kept running, or resumed, beside a control plane that did the same
     * is left as it is. One that kept running while node 1's VM was replaced is restarted first: QEMU's stream
     * client does not reconnect, so its link to the node network ended with the old VM.
     */
    private void startWorkers(StartContext c) {
        boolean controlPlaneKeptRunning = c.machineResult.outcome() == StartResult.Outcome.ALREADY_RUNNING;
        boolean clusterKept = c.reused || c.resumedCluster();
        for (NodeSlot slot : c.nodes.workers()) {
            String name = slot.nodeName(c.name);
            if (!controlPlaneKeptRunning && c.machines.status(name).host() == DriverState.RUNNING) {
                c.listener.note("restarting " + name + ": its link to the node network ended with node 1's previous VM");
                c.machines.stop(name, true);
            }
            MachineSpec spec = new MachineSpec(name, c.machine.config().driver(), c.cpus, c.memoryMb, c.diskMb, c.iso,
                    MachineSpec.DEFAULT_SSH_TIMEOUT, env.cacheDir(), c.request.hypervVirtualSwitch())
                    .withSegment(NodeSegment.worker(slot.index(), nodeNetworkDir(c)));
            StartResult worker = c.machines.start(spec, c.listener);
            boolean kept = worker.outcome() == StartResult.Outcome.ALREADY_RUNNING
                    || worker.outcome() == StartResult.Outcome.RESUMED;
            if (kept && clusterKept) {
                c.listener.note("node " + c.nodes.node(slot).nodeName() + " kept running");
                continue;
            }
            joinWorker(c, slot, worker.machine());
        }
    }

    private void joinWorker(StartContext c, NodeSlot slot, dev.jminikube.drivers.Machine worker) {
        InstalledBinaries binaries = c.binariesWork.join();
        if (binaries == null) { // a resumed control plane fetched none
            binaries = supplies.binaries().obtain(c.wanted.version(), c.mirror, c.listener);
        }
        // The add-ons' images too: their pods may be scheduled on any node, and none can be pulled.
        List<ImageTar> preload = !c.request.installAddons() ? List.of() : c.resuming ? addonImages(c, false)
                : c.imagesWork.join();
        Optional<GuestShare> share = worker.hostShare().map(root -> new GuestShare(root, MachineSpec.HOST_SHARE_TAG));
        Localkube.Plan plan = new Localkube.Plan(c.nodes, binaries.dir(), share, c.store.dir(),
                supplies.pauseImage().tar(binaries), c.apiServer.uri("https"), env.kubeconfig(), preload, true);
        // c.configuration is the control plane's, set by whichever of bootstrap, reuse or resume ran before.
        try (CommandRunner guest = new LoggingCommandRunner(worker.guestRunner(), c.listener::command)) {
            new Localkube(guest, c.configuration, c.listener::note).joinWorker(plan, slot, c.listener);
        }
    }

    private void machineOnly(StartContext c) {
        c.finished = new StartedCluster(c.name, c.machineResult.outcome() == StartResult.Outcome.ALREADY_RUNNING
                ? StartedCluster.Outcome.VM_ALREADY_RUNNING : StartedCluster.Outcome.VM_STARTED,
                Optional.of(c.machine), Optional.empty(), Optional.empty(), List.of(), List.of(), Optional.empty(),
                c.store.kubeconfig());
    }

    /**
     * A resumed cluster runs as it was suspended: its components, pods and add-ons are all there, so nothing is
     * installed or applied; the start waits until the API server answers and the node is Ready again (the kubelet
     * renews its lease once the clock is set), and points kubectl at the API server's forward (its host port may
     * have been reassigned).
     */
    private void afterResume(StartContext c) {
        // Resume steps install and rename nothing: the node kept its binaries and its name through the suspend.
        Localkube.Plan plan = plan(c, null, Optional.empty(), null, List.of());
        c.configuration = new NodeConfiguration(clock, c.listener::note);
        try (CommandRunner guest = guest(c)) {
            new Localkube(guest, c.configuration, c.listener::note).afterResume(plan, c.listener);
        }
        c.binariesServedBy = c.saved.cluster().map(ClusterState::binariesServedBy);
    }

    /** Only a cluster whose node kept running (or was resumed) can still be paused: a boot clears the pause. */
    private boolean mayBePaused(StartContext c) {
        return c.request.kubernetes() && (c.machineResult.outcome() == StartResult.Outcome.ALREADY_RUNNING
                || c.machineResult.outcome() == StartResult.Outcome.RESUMED);
    }

    /**
     * A paused cluster ('jminikube pause': kubelet stopped, control plane and containers frozen) would never answer
     * the waits that follow, and a bootstrap would restart frozen components: start unpauses it first, as the user
     * evidently wants it running. The record is asked for once; a cluster without one costs one command.
     */
    private void unpauseIfPaused(StartContext c) {
        try (CommandRunner guest = guest(c)) {
            if (ClusterPause.readRecord(guest).isEmpty()) {
                return;
            }
            new StepSequence<Void>(List.of(Step.of("Unpausing the cluster (it was paused)", v -> {
                try (ClusterPause pause = new ClusterPause(guest, c.config.runtime())) {
                    ClusterPause.Outcome done = pause.unpause(ClusterPause.Selection.ALL);
                    c.listener.note("unpaused " + done.containers() + " containers"
                            + (done.controlPlane() ? " and the control plane" : ""));
                }
            }))).run(null, c.listener);
        }
    }

    /**
     * A machine that was already running, whose cluster was started with what this request asks for (version,
     * runtime, network plugin, extra config) and answers now, needs no bootstrap: as minikube, start then only
     * checks it and points kubectl at it. Anything else (a changed --extra-config, an API server that does not
     * answer) bootstraps again, which restarts the components with the rendered configuration.
     */
    private boolean reusable(StartContext c) {
        if (c.machineResult.outcome() != StartResult.Outcome.ALREADY_RUNNING || !c.store.hasPki()
                || !c.store.startCompleted()) {
            return false;
        }
        Optional<ClusterState> was = c.saved.cluster();
        if (was.isEmpty() || !was.get().equals(clusterState(c, was.get().binariesServedBy()))) {
            return false;
        }
        return new NodeConfiguration(clock, c.listener::note)
                .apiServerAnswers(plan(c, null, Optional.empty(), null, List.of()));
    }

    private void reuse(StartContext c) {
        c.configuration = new NodeConfiguration(clock, c.listener::note);
        try (CommandRunner guest = guest(c)) {
            new Localkube(guest, c.configuration, c.listener::note)
                    .whenRunning(plan(c, null, Optional.empty(), null, List.of()), c.listener);
        }
        c.reused = true;
        c.binariesServedBy = c.saved.cluster().map(ClusterState::binariesServedBy);
    }

    /** The bootstrap's plan for this start; the binaries, share, pause image and preloads only matter to a bootstrap. */
    private Localkube.Plan plan(StartContext c, Path binariesDir, Optional<GuestShare> share, Path pauseTar,
                               List<ImageTar> preload) {
        return new Localkube.Plan(c.nodes, binariesDir, share, c.store.dir(), pauseTar, c.apiServer.uri("https"),
                env.kubeconfig(), preload, c.machine.dedicatedNode());
    }

    private void bootstrap(StartContext c) {
        c.store.clearStartCompleted();
        InstalledBinaries binaries = c.binariesWork.join();
        if (binaries == null) { // the resume fell back to a cold boot
            binaries = supplies.binaries().obtain(c.wanted.version(), c.mirror, c.listener);
        }
        c.binariesServedBy = Optional.of(binaries.servedBy());
        c.store.writeCluster(clusterState(c, binaries.servedBy()));
        // A driver that cannot share a host directory (all but QEMU) leaves the machine's hostShare empty.
        Optional<GuestShare> share = c.machine.hostShare().map(root -> new GuestShare(root, MachineSpec.HOST_SHARE_TAG));
        List<ImageTar> preload = !c.request.installAddons() ? List.of() : c.resuming
                ? addonImages(c, false) // the resume fell back to a cold boot
                : c.imagesWork.join();
        Localkube.Plan plan = plan(c, binaries.dir(), share, supplies.pauseImage().tar(binaries), preload);
        c.configuration = new NodeConfiguration(clock, c.listener::note);
        try (CommandRunner guest = guest(c)) {
            new Localkube(guest, c.configuration, c.listener::note).bootstrap(plan, c.listener);
        }
    }

    /** What cluster.json records for this start: the config, who served the binaries, the options dropped. */
    private static ClusterState clusterState(StartContext c, String binariesServedBy) {
        return ClusterState.of(c.config, binariesServedBy).withIgnoredExtraConfig(c.ignoredExtraConfig);
    }

    /**
     * Applies the add-ons the profile has enabled (the defaults on a first start) plus the requested ones. A failing
     * add-on is reported and the others still go on, as in minikube: the cluster itself is up.
     */
    private void enableAddons(StartContext c) {
        RunningCluster cluster = new RunningCluster(c.store, c.machines, c.machine, clusterState(c,
                c.binariesServedBy.orElse("")), c.apiServer.uri("https"));
        try (CommandRunner guest = guest(c); KubernetesClient client = cluster.client()) {
            AddonManager manager = cluster.addons(supplies.addonImages(), client, guest, c.listener::note);
            // A reused cluster has its add-ons applied already: only newly asked-for ones are enabled.
            List<Addon> toEnable = !c.reused ? manager.wanted(c.extraAddons) : c.extraAddons.stream()
                    .filter(a -> !Boolean.TRUE.equals(c.saved.addonChoices().get(a.name()))).toList();
            for (Addon addon : toEnable) {
                try {
                    new StepSequence<Void>(List.of(Step.of("Enabling add-on " + addon.name(), v -> manager.enable(addon))))
                            .run(null, c.listener);
                } catch (StepFailedException e) {
                    c.listener.warning(e.getMessage() + " (" + e.advice() + ")");
                    c.failedAddons.add(addon.name() + ": " + e.getMessage());
                }
            }
        }
    }

    // ---- helpers -----------------------------------------------------------------------------------

    /**
     * The locally made images of the add-ons this start will apply: for a download-only start, and to load them into
     * the node before its control plane starts. Unless {@code failuresAreFatal}, an image that cannot be built is
     * left out with a warning: its add-on's enable step tries again and reports the failure as an add-on failure,
     * while the cluster still comes up.
     */
    private List<ImageTar> addonImages(StartContext c, boolean failuresAreFatal) {
        List<ImageTar> built = new ArrayList<>();
        for (Addon addon : AddonCatalog.builtin().wanted(c.store.addons(), c.extraAddons)) {
            for (AddonImage image : addon.imagesFor(c.wanted.version()).values()) {
                if (image.origin() != AddonImage.Origin.BUILT_LOCALLY) {
                    continue;
                }
                try {
                    built.add(new ImageTar(image.reference(), supplies.addonImages().imageTar(image, c.listener::note)));
                } catch (JmkException e) {
                    if (failuresAreFatal) {
                        throw e;
                    }
                    c.listener.warning("image " + image.reference() + " of add-on " + addon.name()
                            + " could not be built: " + e.getMessage());
                }
            }
        }
        return built;
    }

    /** The state a start builds up, stage by stage. */
    static final class StartContext {
        final Environment env;
        final StartRequest request;
        final StartListener listener;
        final MachineManager machines;
        // validate
        String name;
        ProfileStore store;
        ProfileStore.Saved saved;
        int cpus;
        long memoryMb;
        long diskMb;
        Optional<BinaryMirror> mirror = Optional.empty();
        List<NodeSlot> slots = List.of(NodeSlot.CONTROL_PLANE); // the profile's nodes (issue 18)
        ClusterConfig wanted; // as asked for, before the machine gives it a node IP and a host port; null without Kubernetes
        List<ExtraOption> ignoredExtraConfig = List.of(); // options the version has no flag for (StartValidation)
        List<Addon> extraAddons = List.of();
        Path givenIso;
        DriverState hostState;
        boolean resuming;
        // prepare
        HostWork<InstalledBinaries> binariesWork;
        HostWork<List<ImageTar>> imagesWork;
        Path iso;
        // machine
        StartResult machineResult;
        dev.jminikube.drivers.Machine machine;
        HostEndpoint apiServer;
        ClusterConfig config;
        ClusterNodes nodes; // config with the node slots; null without Kubernetes
        // bootstrap, add-ons
        NodeConfiguration configuration;
        boolean reused;
        Optional<String> binariesServedBy = Optional.empty();
        final List<String> failedAddons = new ArrayList<>();
        StartedCluster finished;

        StartContext(Environment env, StartRequest request, StartListener listener, MachineManager machines) {
            this.env = env;
            this.request = request;
            this.listener = listener;
            this.machines = machines;
        }

        boolean resumedCluster() {
            return request.kubernetes() && machineResult != null
                    && machineResult.outcome() == StartResult.Outcome.RESUMED;
        }

        StartedCluster result() {
            Optional<JmkException> kubeconfigProblem = configuration == null ? Optional.empty()
                    : configuration.userKubeconfigProblem();
            return new StartedCluster(name, resumedCluster() ? StartedCluster.Outcome.RESUMED
                    : reused ? StartedCluster.Outcome.REUSED : StartedCluster.Outcome.STARTED, Optional.ofNullable(machine), Optional.ofNullable(config),
                    binariesServedBy, List.of(), List.copyOf(failedAddons), kubeconfigProblem, store.kubeconfig());
        }
    }
}
