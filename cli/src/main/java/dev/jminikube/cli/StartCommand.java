package dev.jminikube.cli;

import dev.jminikube.addons.Addon;
import dev.jminikube.addons.AddonCatalog;
import dev.jminikube.addons.AddonImage;
import dev.jminikube.addons.AddonManager;
import dev.jminikube.addons.AddonStateFile;
import dev.jminikube.addons.images.LocalImageBuilder;
import dev.jminikube.bootstrap.ClusterConfig;
import dev.jminikube.bootstrap.ClusterStateFile;
import dev.jminikube.bootstrap.ClusterStateFile.ClusterState;
import dev.jminikube.bootstrap.ContainerRuntime;
import dev.jminikube.bootstrap.ExtraOption;
import dev.jminikube.bootstrap.ImageTar;
import dev.jminikube.bootstrap.KubernetesVersion;
import dev.jminikube.bootstrap.Localkube;
import dev.jminikube.bootstrap.guest.GuestShare;
import dev.jminikube.bootstrap.NetworkPlugin;
import dev.jminikube.bootstrap.NodeConfiguration;
import dev.jminikube.bootstrap.SupportedVersions;
import dev.jminikube.bootstrap.binaries.BinaryMirror;
import dev.jminikube.bootstrap.binaries.InstalledBinaries;
import dev.jminikube.bootstrap.config.ClusterConfigCheck;
import dev.jminikube.bootstrap.config.ExtraConfigParser;
import dev.jminikube.bootstrap.config.ExtraConfigReview;
import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import dev.jminikube.core.input.Flag;
import dev.jminikube.core.input.FlagValues;
import dev.jminikube.core.exec.CommandRunner;
import dev.jminikube.core.exec.LocalCommandRunner;
import dev.jminikube.core.steps.Step;
import dev.jminikube.core.steps.StepFailedException;
import dev.jminikube.core.steps.StepSequence;
import io.fabric8.kubernetes.client.KubernetesClient;
import dev.jminikube.drivers.DriverState;
import dev.jminikube.drivers.HostEndpoint;
import dev.jminikube.drivers.MachineConfig;
import dev.jminikube.drivers.MachineManager;
import dev.jminikube.drivers.MachineSpec;
import dev.jminikube.drivers.ResourceCheck;
import dev.jminikube.drivers.StartResult;
import dev.jminikube.drivers.SystemHostResources;
import dev.jminikube.drivers.none.NoneDriver;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "start", mixinStandardHelpOptions = true,
        description = "Start a one-node Kubernetes cluster (creates the VM on first use).")
final class StartCommand implements Callable<Integer> {
    static final String SIZE = "a size: megabytes, or a number with a unit (mb, g, t)";
    static final Flag MEMORY = new Flag("--memory", Reason.RESOURCE_MEMORY, SIZE, "4g");
    static final Flag DISK_SIZE = new Flag("--disk-size", Reason.RESOURCE_DISK_SIZE, SIZE, "20g");

    private final CliContext ctx;

    @Mixin
    ProfileOption profile;

    @Option(names = "--driver", paramLabel = "NAME", description = "VM driver (default: the best one for this host).")
    String driver;

    @Option(names = "--hyperv-virtual-switch", paramLabel = "NAME",
            description = "Hyper-V only: the virtual switch for the VM (default: \"Default Switch\", else an external one).")
    String hypervVirtualSwitch;

    @Option(names = "--cpus", defaultValue = "" + MachineSpec.DEFAULT_CPUS, description = "CPUs for the VM.")
    int cpus;

    @Option(names = "--memory", defaultValue = MachineSpec.DEFAULT_MEMORY_MB + "mb",
            description = "Memory for the VM, e.g. 2200mb or 4g.")
    String memory;

    @Option(names = "--disk-size", defaultValue = MachineSpec.DEFAULT_DISK_MB + "mb",
            description = "Size of the VM's data disk, e.g. 20g.")
    String diskSize;

    @Option(names = "--iso-url", paramLabel = "PATH",
            description = "Node image to boot (a path or file:// URL). Default: the built-in image, built if needed.")
    String isoUrl;

    @Option(names = "--kubernetes-version", paramLabel = "VERSION",
            description = "Kubernetes version, e.g. v1.20.2 (default: the newest this machine can get, now "
                    + "${sys:jminikube.defaultK8s:-v1.37.2}). See 'jminikube get-k8s-versions'.")
    String kubernetesVersion;

    @Option(names = "--container-runtime", defaultValue = "containerd", paramLabel = "NAME",
            description = "containerd (default) or docker (Kubernetes v1.23 and older).")
    String containerRuntime;

    @Option(names = "--network-plugin", defaultValue = "cni", paramLabel = "NAME",
            description = "cni (a bridge network, default) or kubenet (docker runtime, v1.23 and older).")
    String networkPlugin;

    @Option(names = "--extra-config", paramLabel = "COMPONENT.KEY=VALUE",
            description = "A flag for one component: etcd, apiserver, controller-manager, scheduler, kubelet or "
                    + "proxy, e.g. kubelet.max-pods=50. Repeatable.")
    List<String> extraConfig = new ArrayList<>();

    @Option(names = "--binary-mirror", paramLabel = "URL",
            description = "Where to fetch Kubernetes binaries from, laid out like dl.k8s.io/release (https://, file:// "
                    + "or a path; http:// only with " + BinaryMirror.INSECURE_FLAG + ").")
    String binaryMirror;

    @Option(names = BinaryMirror.INSECURE_FLAG,
            description = "Accept an http:// --binary-mirror. Its checksums then come over the same unauthenticated "
                    + "connection as the binaries, so they do not show that a download was not changed on the way.")
    boolean insecureBinaryMirror;

    @Option(names = "--download-only", description = "Only get the node image and the Kubernetes binaries into the cache.")
    boolean downloadOnly;

    @Option(names = "--no-kubernetes", description = "Start only the VM, without Kubernetes.")
    boolean noKubernetes;

    @Option(names = "--addons", split = ",", paramLabel = "NAME",
            description = "Add-ons to enable besides the defaults (coredns, storage-provisioner, default-storageclass), "
                    + "e.g. --addons=dashboard. Repeatable or comma-separated; 'jminikube addons list' shows them all.")
    List<String> addonNames = new ArrayList<>();

    @Option(names = "--install-addons", arity = "0..1", negatable = true, fallbackValue = "true",
            description = "Apply add-ons on start (default true). --install-addons=false brings up a bare cluster: no "
                    + "CoreDNS, no storage; the add-ons' state is left as it was, for a later start to apply.")
    boolean installAddons = true;

    @Spec
    CommandSpec commandSpec;

    StartCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        String name = profile.validated();
        long memoryMb = FlagValues.megabytes(MEMORY, memory);
        long diskMb = FlagValues.megabytes(DISK_SIZE, diskSize);
        BinaryMirror mirror = binaryMirror();
        MachineManager machines = new MachineManager(ctx.env(), ctx::warn);
        // The profile's own files are read (and checked) before anything slow, as the flags are.
        ProfileState saved = ProfileState.read(ctx.env(), machines, name);
        var existingMachine = saved.machine();
        if (existingMachine.isPresent()) {
            // Defaults must not look like a request to resize an existing machine (only typed flags warn).
            var parsed = commandSpec.commandLine().getParseResult();
            cpus = parsed.hasMatchedOption("--cpus") ? cpus : existingMachine.get().cpus();
            memoryMb = parsed.hasMatchedOption("--memory") ? memoryMb : existingMachine.get().memoryMb();
            diskMb = parsed.hasMatchedOption("--disk-size") ? diskMb : existingMachine.get().diskSizeMb();
        }
        Path machineDir = Clusters.machineDir(ctx.env(), name);
        // Everything the user typed is checked before anything slow (image build, binaries, VM) happens.
        ClusterConfig wanted = noKubernetes ? null : wantedCluster(name, saved.cluster());
        List<Addon> extraAddons = addonNames.stream().map(String::strip).filter(a -> !a.isEmpty())
                .map(a -> AddonCatalog.builtin().lookup(a)).toList();
        if (noKubernetes && !extraAddons.isEmpty()) {
            throw new JmkException(Reason.USAGE, "--addons needs Kubernetes; it cannot be combined with --no-kubernetes");
        }
        if (!installAddons && !extraAddons.isEmpty()) {
            throw new JmkException(Reason.USAGE, "--addons cannot be combined with --install-addons=false")
                    .withAdvice("Leave out one of the two flags.");
        }
        // A given image is only checked (cheap); building the default one is slow and comes last.
        Path givenIso = isoUrl == null || isoUrl.isBlank() ? null : NodeImages.resolve(ctx, isoUrl);
        DriverState hostState = machines.status(name).host();
        if (hostState == DriverState.NONEXISTENT) {
            if (!downloadOnly) {
                machines.chooseDriver(driver); // a wrong or unusable --driver fails now, not after the downloads
            }
            new ResourceCheck(new SystemHostResources()).checkHostResources(cpus, memoryMb, diskMb);
        }
        // A suspended cluster needs none of the downloads: its node has them. Only a resume that has to fall back
        // to a cold boot resolves them (below).
        boolean resuming = hostState == DriverState.SUSPENDED && !downloadOnly;
        if (resuming && !extraConfig.isEmpty()) {
            ctx.warn("--extra-config is not applied to a resumed cluster; 'jminikube stop --power-off' then start applies it.");
        }
        // The three host-side preparations run side by side, and the VM boots as soon as its image is there; the
        // binaries and add-on images are waited for only once the node answers.
        HostWork<InstalledBinaries> binariesWork = wanted == null || resuming ? HostWork.done(null)
                : HostWork.start("binaries", () -> Clusters.binaries(ctx, wanted.version(), mirror));
        HostWork<List<ImageTar>> imagesWork = wanted == null || !installAddons || resuming ? HostWork.done(List.of())
                : HostWork.start("addon-images", () -> addonImages(machineDir, wanted, extraAddons, downloadOnly));
        // An existing machine boots the image it was made with (as in minikube), so a restart builds nothing.
        Path iso = givenIso != null ? givenIso : existingMachine.isPresent() && !downloadOnly
                ? existingMachine.get().iso() : NodeImages.resolve(ctx, null);
        if (downloadOnly) {
            InstalledBinaries binaries = binariesWork.join();
            List<String> images = imagesWork.join().stream().map(ImageTar::reference).toList();
            ctx.info("Download only: the node image, " + (binaries == null ? "no binaries"
                    : "Kubernetes " + binaries.version() + " (" + binaries.servedBy() + ")") + " and "
                    + (images.isEmpty() ? "no add-on images" : "the add-on images " + String.join(", ", images))
                    + " are in the cache.");
            return 0;
        }
        MachineSpec spec = new MachineSpec(name, driver, cpus, memoryMb, diskMb, iso, MachineSpec.DEFAULT_SSH_TIMEOUT,
                ctx.env().cacheDir(), hypervVirtualSwitch);
        StartResult result = machines.start(spec, new ConsoleStepListener(ctx));
        if (wanted == null) {
            switch (result.outcome()) {
                case ALREADY_RUNNING -> ctx.info("The \"" + name + "\" VM is already running; nothing to do.");
                default -> ctx.info("Done! The \"" + name + "\" VM is up (no Kubernetes): 'jminikube ssh -p " + name
                        + "' logs in.");
            }
            return 0;
        }
        // The node IP goes into the certificates; the API server is reached wherever the driver says.
        String nodeIp = machines.ip(name);
        HostEndpoint apiServer = machines.hostEndpoint(name, ClusterConfig.DEFAULT_APISERVER_PORT);
        ClusterConfig config = new ClusterConfig(name, ClusterConfig.nodeNameFor(name), wanted.version(), wanted.runtime(), wanted.networkPlugin(),
                wanted.extraOptions(), nodeIp, ClusterConfig.DEFAULT_APISERVER_PORT, apiServer.port(),
                ClusterConfig.DEFAULT_SERVICE_CIDR, ClusterConfig.DEFAULT_POD_CIDR, ClusterConfig.DEFAULT_CLUSTER_DNS_IP,
                ClusterConfig.DEFAULT_DNS_DOMAIN);
        if (result.outcome() == StartResult.Outcome.RESUMED) {
            return resumed(name, machines, config, machineDir, apiServer);
        }
        InstalledBinaries binaries = binariesWork.join();
        if (binaries == null) {
            binaries = Clusters.binaries(ctx, wanted.version(), mirror); // the resume fell back to a cold boot
        }
        ClusterStateFile.write(ClusterStateFile.in(machineDir), ClusterState.of(config, binaries.servedBy()));
        Path pauseTar = Clusters.pauseImageTar(ctx.env(), binaries);
        // A driver that cannot share a host directory (all but QEMU) leaves the machine's hostShare empty.
        Optional<GuestShare> share = machines.existingConfig(name).map(MachineConfig::hostShare)
                .map(root -> new GuestShare(root, MachineSpec.HOST_SHARE_TAG));
        List<ImageTar> preload = !installAddons ? List.of() : resuming
                ? addonImages(machineDir, wanted, extraAddons, false) // the resume fell back to a cold boot
                : imagesWork.join();
        boolean dedicatedNode = machines.existingConfig(name).map(m -> !m.driver().equals(NoneDriver.NAME)).orElse(true);
        Localkube.Plan plan = new Localkube.Plan(config, binaries.dir(), share, machineDir,
                pauseTar, apiServer.uri("https"), ctx.env().kubeconfig(), preload, dedicatedNode);
        NodeConfiguration configuration = new NodeConfiguration(Clock.systemUTC(), line -> ctx.info("  " + line));
        try (CommandRunner guest = machines.guestRunner(name)) {
            new Localkube(guest, configuration, line -> ctx.info("  " + line))
                    .bootstrap(plan, new ConsoleStepListener(ctx));
            if (installAddons) {
                enableAddons(RunningCluster.of(ctx, machines, name), guest, extraAddons);
            } else {
                ctx.info("Add-ons not applied (--install-addons=false).");
            }
        }
        if (warnIfKubectlNotConfigured(name, machineDir, configuration)) {
            ctx.info("Done! The \"" + name + "\" cluster is up (Kubernetes " + config.version() + " on "
                    + config.runtime().flagValue() + ", binaries from " + binaries.servedBy()
                    + "), but kubectl was not configured (see above).");
            return 0;
        }
        ctx.info("Done! kubectl is now configured to use \"" + name + "\" cluster (Kubernetes " + config.version()
                + " on " + config.runtime().flagValue() + ", binaries from " + binaries.servedBy() + ").");
        return 0;
    }

    /**
     * A resumed cluster runs as it was suspended: its components, pods and add-ons are all there, so nothing is
     * installed or applied; start waits until the API server answers and the node is Ready again (the kubelet
     * renews its lease once the clock is set), and points kubectl at the API server's forward (its host port may
     * have been reassigned).
     */
    private int resumed(String name, MachineManager machines, ClusterConfig config, Path machineDir,
                        HostEndpoint apiServer) {
        Optional<ClusterState> state = ClusterStateFile.read(ClusterStateFile.in(machineDir));
        // Resume steps rename nothing: the node kept its name through the suspend.
        Localkube.Plan plan = new Localkube.Plan(config, null, Optional.empty(), machineDir,
                null, apiServer.uri("https"), ctx.env().kubeconfig(), List.of(), true);
        NodeConfiguration configuration = new NodeConfiguration(Clock.systemUTC(), line -> ctx.info("  " + line));
        try (CommandRunner guest = machines.guestRunner(name)) {
            new Localkube(guest, configuration, line -> ctx.info("  " + line))
                    .afterResume(plan, new ConsoleStepListener(ctx));
        }
        boolean notConfigured = warnIfKubectlNotConfigured(name, machineDir, configuration);
        ctx.info("Done! The \"" + name + "\" cluster resumed where it was suspended (Kubernetes " + config.version()
                + " on " + config.runtime().flagValue() + state.map(s -> ", binaries from " + s.binariesServedBy()).orElse("")
                + (notConfigured ? "), but kubectl was not configured (see above)." : "); kubectl is configured to use it."));
        return 0;
    }

    /**
     * Warns when the bootstrap left the user's kubeconfig alone (the cluster works regardless, so start succeeds):
     * why, what to do about the file, and how to reach the cluster meanwhile. Says whether it warned.
     */
    private boolean warnIfKubectlNotConfigured(String name, Path machineDir, NodeConfiguration configuration) {
        Optional<JmkException> problem = configuration.userKubeconfigProblem();
        problem.ifPresent(e -> {
            ctx.warn("kubectl was not configured: " + e.getMessage());
            ctx.warn(e.advice());
            ctx.warn("Meanwhile 'jminikube kubectl -p " + name + " -- get pods -A' reaches the cluster, and so does "
                    + "kubectl with KUBECONFIG=" + NodeConfiguration.profileKubeconfig(machineDir) + ".");
        });
        return problem.isPresent();
    }

    /**
     * Builds (or finds in the cache) the locally made images of the add-ons this start will apply: for
     * {@code --download-only}, and to load them into the node before its control plane starts. Unless
     * {@code failuresAreFatal}, an image that cannot be built is left out with a warning: its add-on's enable
     * step tries again and reports the failure as an add-on failure, while the cluster still comes up.
     */
    private List<ImageTar> addonImages(Path machineDir, ClusterConfig wanted, List<Addon> extra, boolean failuresAreFatal) {
        LocalImageBuilder builder = LocalImageBuilder.of(new LocalCommandRunner(), ctx.env());
        List<ImageTar> built = new ArrayList<>();
        for (Addon addon : AddonCatalog.builtin().wanted(AddonStateFile.in(machineDir), extra)) {
            for (AddonImage image : addon.imagesFor(wanted.version()).values()) {
                if (image.origin() != AddonImage.Origin.BUILT_LOCALLY) {
                    continue;
                }
                try {
                    built.add(new ImageTar(image.reference(), builder.imageTar(image, line -> ctx.info("  " + line))));
                } catch (JmkException e) {
                    if (failuresAreFatal) {
                        throw e;
                    }
                    ctx.warn("image " + image.reference() + " of add-on " + addon.name() + " could not be built: "
                            + e.getMessage());
                }
            }
        }
        return built;
    }

    /**
     * Applies the add-ons the profile has enabled (the defaults on a first start) plus {@code --addons}. A failing
     * add-on is reported and the others still go on, as in minikube: the cluster itself is up.
     */
    private void enableAddons(RunningCluster cluster, CommandRunner guest, List<Addon> extra) {
        try (KubernetesClient client = cluster.client()) {
            AddonManager manager = cluster.addons(ctx, client, guest, line -> ctx.info("  " + line));
            for (Addon addon : manager.wanted(extra)) {
                try {
                    new StepSequence<Void>(List.of(Step.of("Enabling add-on " + addon.name(), v -> manager.enable(addon))))
                            .run(null, new ConsoleStepListener(ctx));
                } catch (StepFailedException e) {
                    ctx.warn(e.getMessage() + " (" + e.advice() + ")");
                }
            }
        }
    }

    /** {@code --binary-mirror}, checked now (an http:// one needs {@code --insecure-binary-mirror}); null when not given. */
    private BinaryMirror binaryMirror() {
        if (binaryMirror == null || binaryMirror.isBlank()) {
            if (insecureBinaryMirror) {
                ctx.warn(BinaryMirror.INSECURE_FLAG + " has no effect without --binary-mirror.");
            }
            return null;
        }
        return BinaryMirror.parse(binaryMirror, insecureBinaryMirror);
    }

    private ClusterConfig wantedCluster(String name, Optional<ClusterState> existing) {
        KubernetesVersion version = SupportedVersions.parseFlag(kubernetesVersion);
        ContainerRuntime runtime = ContainerRuntime.parse(containerRuntime);
        NetworkPlugin plugin = NetworkPlugin.parse(networkPlugin);
        List<ExtraOption> options = ExtraConfigParser.parse(extraConfig);
        ExtraConfigReview.Result review = ExtraConfigReview.review(options, version);
        review.notes().forEach(n -> ctx.warn(n));
        if (existing.isPresent()) {
            ClusterState was = existing.get();
            boolean versionGiven = kubernetesVersion != null && !kubernetesVersion.isBlank();
            if (!versionGiven) {
                version = was.version();
            } else if (!was.version().equals(version)) {
                throw new JmkException(Reason.K8S_VERSION_UNSUPPORTED, "profile \"" + name + "\" runs Kubernetes "
                        + was.version() + "; changing it to " + version + " in place is not supported")
                        .withAdvice("Run 'jminikube delete -p " + name + "' first, or use another profile (-p).");
            }
            if (was.runtime() != runtime) {
                throw new JmkException(Reason.RUNTIME_UNSUPPORTED, "profile \"" + name + "\" runs "
                        + was.runtime().flagValue() + "; switching to " + runtime.flagValue() + " is not supported")
                        .withAdvice("Run 'jminikube delete -p " + name + "' first, or use another profile (-p).");
            }
        }
        ClusterConfig config = ClusterConfig.of(name, version, runtime, plugin, review.kept(), 1);
        ClusterConfigCheck.check(config);
        return config;
    }
}
