package dev.jminikube.cluster;

import dev.jminikube.addons.Addon;
import dev.jminikube.addons.AddonCatalog;
import dev.jminikube.bootstrap.ClusterConfig;
import dev.jminikube.bootstrap.ClusterNodes;
import dev.jminikube.bootstrap.ClusterStateFile.ClusterState;
import dev.jminikube.bootstrap.ContainerRuntime;
import dev.jminikube.bootstrap.ExtraOption;
import dev.jminikube.bootstrap.KubernetesVersion;
import dev.jminikube.bootstrap.NetworkPlugin;
import dev.jminikube.bootstrap.SupportedVersions;
import dev.jminikube.bootstrap.binaries.BinaryMirror;
import dev.jminikube.bootstrap.config.ClusterConfigCheck;
import dev.jminikube.bootstrap.config.ExtraConfigParser;
import dev.jminikube.bootstrap.config.ExtraConfigReview;
import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import dev.jminikube.core.input.FlagValues;
import dev.jminikube.core.nodes.NodeSlot;
import dev.jminikube.drivers.DriverDefinition;
import dev.jminikube.drivers.DriverState;
import dev.jminikube.drivers.HostResources;
import dev.jminikube.drivers.MachineConfig;
import dev.jminikube.drivers.MachineSpec;
import dev.jminikube.drivers.ProfileName;
import dev.jminikube.drivers.ResourceCheck;
import java.util.List;
import java.util.Optional;

/**
 * The first stage of a start: everything the caller gave is checked and the profile's own files are read before
 * anything slow (image build, binaries, VM) happens. The same checks serve the CLI and the Java API, so both fail
 * with the same reasons.
 */
final class StartValidation {
    private StartValidation() {
    }

    static void validate(ClusterStarter.StartContext c, HostResources host) {
        StartRequest r = c.request;
        c.name = ProfileName.validate(r.profile());
        c.store = ProfileStore.of(c.env, c.name);
        long memoryMb = r.memory() == null ? MachineSpec.DEFAULT_MEMORY_MB : FlagValues.megabytes(StartRequest.MEMORY, r.memory());
        long diskMb = r.diskSize() == null ? MachineSpec.DEFAULT_DISK_MB : FlagValues.megabytes(StartRequest.DISK_SIZE, r.diskSize());
        c.mirror = mirror(r, c.listener);
        // The profile's own files are read (and checked) before anything slow, as the request is.
        c.saved = c.store.read();
        Optional<MachineConfig> existing = c.saved.machine();
        // Values not given must not look like a request to resize an existing machine (only given ones warn).
        c.cpus = r.cpus() != null ? r.cpus() : existing.map(MachineConfig::cpus).orElse(MachineSpec.DEFAULT_CPUS);
        c.memoryMb = r.memory() != null ? memoryMb : existing.map(MachineConfig::memoryMb).orElse(memoryMb);
        c.diskMb = r.diskSize() != null ? diskMb : existing.map(MachineConfig::diskSizeMb).orElse(diskMb);
        c.slots = nodeSlots(c, existing);
        c.wanted = r.kubernetes() ? wantedCluster(c, c.saved.cluster()) : null;
        if (c.wanted != null) {
            new ClusterNodes(c.wanted, c.slots); // kubenet, or a pod CIDR too small for the nodes, fails now
        }
        if (c.slots.size() > 1) {
            ClusterStarter.nodeNetwork(c, c.slots.size() - 1).checkSocketPaths();
        }
        c.extraAddons = r.addons().stream().map(String::strip).filter(a -> !a.isEmpty())
                .map(a -> AddonCatalog.builtin().lookup(a)).toList();
        if (!r.kubernetes() && !c.extraAddons.isEmpty()) {
            throw new JmkException(Reason.USAGE, "--addons needs Kubernetes; it cannot be combined with --no-kubernetes");
        }
        if (!r.installAddons() && !c.extraAddons.isEmpty()) {
            throw new JmkException(Reason.USAGE, "--addons cannot be combined with --install-addons=false")
                    .withAdvice("Leave out one of the two flags.");
        }
        // A given image is only checked (cheap); building the default one is slow and comes later.
        c.givenIso = r.isoUrl() == null || r.isoUrl().isBlank() ? null : NodeImages.given(r.isoUrl());
        c.hostState = c.machines.status(c.name).host();
        if (c.hostState == DriverState.NONEXISTENT) {
            if (!r.downloadOnly()) {
                // a wrong or unusable driver fails now, not after the downloads
                DriverDefinition driver = c.machines.chooseDriver(r.driver());
                if (c.slots.size() > 1 && !driver.nodeNetwork()) {
                    throw new JmkException(Reason.USAGE, "--nodes=" + c.slots.size() + " needs a network between the "
                            + "profile's VMs, which the " + driver.name() + " driver does not make yet")
                            .withAdvice("Use --driver=qemu for more than one node, or leave out --nodes.");
                }
            }
            new ResourceCheck(host).checkHostResources(c.cpus, c.memoryMb, c.diskMb);
        }
        c.resuming = c.hostState == DriverState.SUSPENDED && !r.downloadOnly();
        if (c.resuming && !r.extraConfig().isEmpty()) {
            c.listener.warning("--extra-config is not applied to a resumed cluster; 'jminikube stop --power-off' then "
                    + "start applies it.");
        }
    }

    /**
     * The profile's nodes (issue 18): for a new profile as many as {@code --nodes} asks (one when not given); an
     * existing profile keeps the ones it was made with (node 1's place on the node network says how many), and a
     * different {@code --nodes} is ignored with a warning, as minikube does.
     */
    private static List<NodeSlot> nodeSlots(ClusterStarter.StartContext c, Optional<MachineConfig> existing) {
        Integer asked = c.request.nodes();
        if (asked != null && (asked < 1 || asked > NodeSlot.MAX_NODES)) {
            throw new JmkException(Reason.USAGE, "--nodes=" + asked + " is not between 1 and " + NodeSlot.MAX_NODES);
        }
        int count;
        if (existing.isPresent()) {
            count = existing.get().segment() == null ? 1 : 1 + existing.get().segment().workers();
            if (asked != null && asked != count) {
                c.listener.warning("The cluster \"" + c.name + "\" already exists with " + count + " node"
                        + (count == 1 ? "" : "s") + ", so --nodes=" + asked + " is ignored; 'jminikube delete -p "
                        + c.name + "', then start with --nodes=" + asked + ", changes it.");
            }
        } else {
            count = asked == null ? 1 : asked;
        }
        if (count > 1 && !c.request.kubernetes()) {
            throw new JmkException(Reason.USAGE, "--nodes needs Kubernetes; it cannot be combined with --no-kubernetes");
        }
        return java.util.stream.IntStream.rangeClosed(1, count).mapToObj(NodeSlot::new).toList();
    }

    /** The binary mirror, checked now (an http:// one needs the insecure flag); empty when not given. */
    private static Optional<BinaryMirror> mirror(StartRequest r, StartListener listener) {
        if (r.binaryMirror() == null || r.binaryMirror().isBlank()) {
            if (r.insecureBinaryMirror()) {
                listener.warning(BinaryMirror.INSECURE_FLAG + " has no effect without --binary-mirror.");
            }
            return Optional.empty();
        }
        return Optional.of(BinaryMirror.parse(r.binaryMirror(), r.insecureBinaryMirror()));
    }

    private static ClusterConfig wantedCluster(ClusterStarter.StartContext c, Optional<ClusterState> existing) {
        StartRequest r = c.request;
        KubernetesVersion version = SupportedVersions.parseFlag(r.kubernetesVersion());
        ContainerRuntime runtime = ContainerRuntime.parse(r.containerRuntime());
        NetworkPlugin plugin = NetworkPlugin.parse(r.networkPlugin());
        List<ExtraOption> options = ExtraConfigParser.parse(r.extraConfig());
        ExtraConfigReview.Result review = ExtraConfigReview.review(options, version);
        review.notes().forEach(c.listener::warning);
        c.ignoredExtraConfig = review.ignored();
        if (existing.isPresent()) {
            ClusterState was = existing.get();
            boolean versionGiven = r.kubernetesVersion() != null && !r.kubernetesVersion().isBlank();
            if (!versionGiven) {
                version = was.version();
            } else if (!was.version().equals(version)) {
                throw new JmkException(Reason.K8S_VERSION_UNSUPPORTED, "profile \"" + c.name + "\" runs Kubernetes "
                        + was.version() + "; changing it to " + version + " in place is not supported")
                        .withAdvice("Run 'jminikube delete -p " + c.name + "' first, or use another profile (-p).");
            }
            if (was.runtime() != runtime) {
                throw new JmkException(Reason.RUNTIME_UNSUPPORTED, "profile \"" + c.name + "\" runs "
                        + was.runtime().flagValue() + "; switching to " + runtime.flagValue() + " is not supported")
                        .withAdvice("Run 'jminikube delete -p " + c.name + "' first, or use another profile (-p).");
            }
        }
        // Until the machine runs (see ClusterConfig#onMachine), the API server's host port is taken to be its own.
        ClusterConfig config = ClusterConfig.of(c.name, version, runtime, plugin, review.kept(),
                ClusterConfig.DEFAULT_APISERVER_PORT);
        ClusterConfigCheck.check(config);
        return config;
    }
}
