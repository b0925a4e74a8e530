package dev.jminikube.cli;

import dev.jminikube.bootstrap.binaries.BinaryMirror;
import dev.jminikube.cluster.ClusterStarter;
import dev.jminikube.cluster.StartRequest;
import dev.jminikube.cluster.StartedCluster;
import dev.jminikube.cluster.mount.HostMount;
import dev.jminikube.drivers.MachinePaths;
import dev.jminikube.drivers.MachineSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
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
    private final CliContext ctx;

    @Mixin
    ProfileOption profile;

    @Option(names = "--config", paramLabel = "FILE",
            description = "A YAML file describing the cluster (profile, driver, cpus, memory, diskSize, "
                    + "kubernetesVersion, containerRuntime, networkPlugin, addons, extraConfig). A flag beats it; it "
                    + "beats $JMINIKUBE_<KEY> and 'jminikube config'.")
    String clusterFile;

    @Option(names = "--driver", paramLabel = "NAME",
            description = "VM driver (default: 'jminikube config get driver', else the best one for this host).")
    String driver;

    @Option(names = "--hyperv-virtual-switch", paramLabel = "NAME",
            description = "Hyper-V only: the virtual switch for the VM (default: \"Default Switch\", else an external one).")
    String hypervVirtualSwitch;

    @Option(names = "--cpus", defaultValue = "" + MachineSpec.DEFAULT_CPUS, description = "CPUs for the VM. Default: ${DEFAULT-VALUE} (or 'jminikube config set cpus N').")
    int cpus;

    @Option(names = "--memory", defaultValue = MachineSpec.DEFAULT_MEMORY_MB + "mb",
            description = "Memory for the VM, e.g. 2200mb or 4g. Default: ${DEFAULT-VALUE} (or 'jminikube config set memory 4g').")
    String memory;

    @Option(names = "--disk-size", defaultValue = MachineSpec.DEFAULT_DISK_MB + "mb",
            description = "Size of the VM's data disk, e.g. 20g. Default: ${DEFAULT-VALUE} (or 'jminikube config set disk-size 40g').")
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

    @Option(names = {"--nodes", "-n"}, paramLabel = "N",
            description = "Nodes of a new cluster (default 1): the control plane and N-1 workers, each a VM of its own "
                    + "(<profile>-m02, ...) on a network between them (QEMU driver). An existing cluster keeps its nodes.")
    Integer nodes;

    @Option(names = "--install-addons", arity = "0..1", negatable = true, fallbackValue = "true",
            description = "Apply add-ons on start (default true). --install-addons=false brings up a bare cluster: no "
                    + "CoreDNS, no storage; the add-ons' state is left as it was, for a later start to apply.")
    boolean installAddons = true;

    @Option(names = "--mount", description = "Share a host directory with the node once it is up (--mount-string), "
            + "served by a background 'jminikube mount' until 'jminikube stop' or 'delete'.")
    boolean mount;

    @Option(names = "--mount-string", paramLabel = "HOST_DIR:NODE_DIR", description = "What --mount shares. "
            + "Default: your home directory as /minikube-host.")
    String mountString;

    @Spec
    CommandSpec commandSpec;

    StartCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        // Checked before anything starts: a typo in the directory must not cost a boot.
        Optional<HostMount.Spec> mountSpec = mountSpec();
        StartedCluster started = ClusterStarter.standard(ctx.env()).start(request(), new ConsoleStepListener(ctx,
                ((RootCommand) commandSpec.root().userObject()).verbosity));
        report(started);
        if (mountSpec.isPresent()) {
            ctx.info("Mounting host path " + mountSpec.get().hostDir() + " into the node as " + mountSpec.get().nodeDir()
                    + " (in the background) ...");
            String mounted = new MountDaemon(ctx.env(), MountDaemon.PROCESSES, MountDaemon.thisJvm(ctx.env()),
                    MountDaemon.PATIENCE).start(started.profile(), mountSpec.get().toString());
            ctx.info(mounted + "; 'jminikube stop' or 'delete' unmounts it (its log: "
                    + MachinePaths.of(ctx.env().machinesDir(), started.profile()).mountLog() + ").");
        }
        return 0;
    }

    /** --mount's HOST_DIR:NODE_DIR, checked; empty without --mount (a --mount-string alone is minikube's no-op too). */
    Optional<HostMount.Spec> mountSpec() {
        if (!mount || downloadOnly) {
            return Optional.empty();
        }
        String text = mountString != null ? mountString : ctx.env().variable("HOME")
                .or(() -> ctx.env().variable("USERPROFILE")).orElse(ctx.env().workingDir().toString()) + ":/minikube-host";
        return Optional.of(HostMount.Spec.parse(text, ctx.env().workingDir()));
    }

    /**
     * What this command line asks for: each value from its flag when typed, else from the --config file, else from
     * $JMINIKUBE_<KEY>, else from 'jminikube config' (read and checked here, so a damaged config.json stops the start
     * naming the file), else left to the built-in default. A value absent from all stays null ("not given"), so an
     * existing profile keeps its size and version.
     */
    StartRequest request() {
        ClusterFile file = clusterFile == null ? ClusterFile.NONE : ClusterFile.read(ctx.env().workingDir(), clusterFile);
        Map<ConfigKey, String> defaults = new EnumMap<>(ConfigKey.class);
        defaults.putAll(UserConfig.of(ctx.env()).values());
        defaults.putAll(EnvironmentDefaults.read(ctx.env()));
        defaults.putAll(file.defaults());
        String cpusText = given("--cpus") ? Integer.toString(cpus) : defaults.get(ConfigKey.CPUS);
        return StartRequest.forProfile(profile(file))
                .driver(driver != null ? driver : defaults.get(ConfigKey.DRIVER))
                .hypervVirtualSwitch(hypervVirtualSwitch)
                .cpus(cpusText == null ? null : Integer.valueOf(cpusText))
                .memory(given("--memory") ? memory : defaults.get(ConfigKey.MEMORY))
                .diskSize(given("--disk-size") ? diskSize : defaults.get(ConfigKey.DISK_SIZE))
                .isoUrl(isoUrl)
                .kubernetesVersion(kubernetesVersion != null ? kubernetesVersion
                        : defaults.get(ConfigKey.KUBERNETES_VERSION))
                .containerRuntime(given("--container-runtime") ? containerRuntime
                        : defaults.getOrDefault(ConfigKey.CONTAINER_RUNTIME, containerRuntime))
                .networkPlugin(given("--network-plugin") ? networkPlugin : file.networkPlugin().orElse(networkPlugin))
                .extraConfig(given("--extra-config") ? extraConfig : file.extraConfig().orElse(extraConfig))
                .binaryMirror(binaryMirror).insecureBinaryMirror(insecureBinaryMirror)
                .downloadOnly(downloadOnly).kubernetes(!noKubernetes)
                .addons(given("--addons") || !defaults.containsKey(ConfigKey.ADDONS) ? addonNames
                        : Arrays.stream(defaults.get(ConfigKey.ADDONS).split(",")).filter(a -> !a.isEmpty()).toList())
                .installAddons(installAddons)
                .nodes(nodes)
                .build();
    }

    /** -p (after the verb, else before it) > the file's profile > $JMINIKUBE_PROFILE > the active one > minikube. */
    private String profile(ClusterFile file) {
        if (profile.name != null) {
            return profile.name;
        }
        RootCommand root = (RootCommand) commandSpec.root().userObject();
        if (root.globalProfile == null && file.profile().isPresent()) {
            return file.profile().get();
        }
        return profile.resolved();
    }

    /** True when the user typed the option (a default must not look like a request to resize a machine). */
    private boolean given(String option) {
        return commandSpec.commandLine().getParseResult().hasMatchedOption(option);
    }

    /** The closing lines: what the start did and where kubectl points. */
    private void report(StartedCluster s) {
        String name = s.profile();
        switch (s.outcome()) {
            case DOWNLOADED -> ctx.info("Download only: the node image, " + s.config().map(c -> s.binariesServedBy()
                            .map(by -> "Kubernetes " + c.version() + " (" + by + ")").orElse("no binaries"))
                    .orElse("no binaries") + " and " + (s.cachedImages().isEmpty() ? "no add-on images"
                    : "the add-on images " + String.join(", ", s.cachedImages())) + " are in the cache.");
            case VM_ALREADY_RUNNING -> ctx.info("The \"" + name + "\" VM is already running; nothing to do.");
            case VM_STARTED -> ctx.info("Done! The \"" + name + "\" VM is up (no Kubernetes): 'jminikube ssh -p " + name
                    + "' logs in.");
            case STARTED, RESUMED, REUSED -> {
                s.kubeconfigProblem().ifPresent(e -> {
                    ctx.warn("kubectl was not configured: " + e.getMessage());
                    ctx.warn(e.advice());
                    ctx.warn("Meanwhile 'jminikube kubectl -p " + name + " -- get pods -A' reaches the cluster, and so "
                            + "does kubectl with KUBECONFIG=" + s.profileKubeconfig() + ".");
                });
                var config = s.config().orElseThrow();
                String what = "Kubernetes " + config.version() + " on " + config.runtime().flagValue()
                        + s.binariesServedBy().map(by -> ", binaries from " + by).orElse("");
                if (s.outcome() == StartedCluster.Outcome.REUSED) {
                    ctx.info("Done! The \"" + name + "\" cluster was already running as asked (" + what
                            + (s.kubectlConfigured() ? "); kubectl is configured to use it."
                            : "), but kubectl was not configured (see above)."));
                } else if (s.outcome() == StartedCluster.Outcome.RESUMED) {
                    ctx.info("Done! The \"" + name + "\" cluster resumed where it was suspended (" + what
                            + (s.kubectlConfigured() ? "); kubectl is configured to use it."
                            : "), but kubectl was not configured (see above)."));
                } else if (s.kubectlConfigured()) {
                    ctx.info("Done! kubectl is now configured to use \"" + name + "\" cluster (" + what + ").");
                } else {
                    ctx.info("Done! The \"" + name + "\" cluster is up (" + what
                            + "), but kubectl was not configured (see above).");
                }
            }
        }
    }
}
