package dev.jminikube.cluster;

import dev.jminikube.core.Reason;
import dev.jminikube.core.input.Flag;
import dev.jminikube.drivers.ProfileName;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a caller asks {@link ClusterStarter} for, as the user typed it: sizes and versions stay text so that the CLI
 * and the Java API are checked by the same code and fail with the same reasons. An absent value (null) means "not
 * given": the default for a new profile, what the profile already has for an existing one.
 *
 * @param profile              the profile (cluster) name
 * @param driver               VM driver; null chooses the best one for this host
 * @param hypervVirtualSwitch  Hyper-V only: the switch for the VM; null for the default
 * @param cpus                 CPUs for the VM; null for not given
 * @param memory               memory for the VM, e.g. "4g" or "2200mb"; null for not given
 * @param diskSize             size of the data disk, e.g. "20g"; null for not given
 * @param isoUrl               node image to boot (a path or file:// URL); null builds or reuses the built-in one
 * @param kubernetesVersion    e.g. "v1.37.2"; null for the default (or the profile's version)
 * @param containerRuntime     "containerd" or "docker"
 * @param networkPlugin        "cni" or "kubenet"
 * @param extraConfig          component flags, "COMPONENT.KEY=VALUE"
 * @param binaryMirror         where to fetch Kubernetes binaries from; null for none
 * @param insecureBinaryMirror accept an http:// binary mirror
 * @param downloadOnly         only get the node image, binaries and add-on images into the cache
 * @param kubernetes           false starts only the VM
 * @param addons               add-ons to enable besides the profile's (the defaults on a first start)
 * @param installAddons        false leaves the add-ons out of this start (a bare cluster)
 * @param nodes                how many nodes a new profile gets (issue 18): the control plane and N - 1 workers;
 *                             null for not given (one, or what the profile has)
 */
public record StartRequest(String profile, String driver, String hypervVirtualSwitch, Integer cpus, String memory,
                           String diskSize, String isoUrl, String kubernetesVersion, String containerRuntime,
                           String networkPlugin, List<String> extraConfig, String binaryMirror,
                           boolean insecureBinaryMirror, boolean downloadOnly, boolean kubernetes, List<String> addons,
                           boolean installAddons, Integer nodes) {
    public static final String DEFAULT_RUNTIME = "containerd";
    public static final String DEFAULT_NETWORK_PLUGIN = "cni";
    static final String SIZE = "a size: megabytes, or a number with a unit (mb, g, t)";
    /** How a memory size is read, and the reason a bad one fails with. */
    public static final Flag MEMORY = new Flag("--memory", Reason.RESOURCE_MEMORY, SIZE, "4g");
    /** How a disk size is read, and the reason a bad one fails with. */
    public static final Flag DISK_SIZE = new Flag("--disk-size", Reason.RESOURCE_DISK_SIZE, SIZE, "20g");

    public StartRequest {
        Objects.requireNonNull(profile, "profile");
        containerRuntime = containerRuntime == null ? DEFAULT_RUNTIME : containerRuntime;
        networkPlugin = networkPlugin == null ? DEFAULT_NETWORK_PLUGIN : networkPlugin;
        extraConfig = List.copyOf(extraConfig == null ? List.of() : extraConfig);
        addons = List.copyOf(addons == null ? List.of() : addons);
    }

    /** A request for {@code profile} with every value at its default. */
    public static Builder forProfile(String profile) {
        return new Builder(profile);
    }

    /** The default profile's request ({@value ProfileName#DEFAULT}). */
    public static Builder defaults() {
        return new Builder(ProfileName.DEFAULT);
    }

    public Builder toBuilder() {
        Builder b = new Builder(profile);
        b.driver = driver;
        b.hypervVirtualSwitch = hypervVirtualSwitch;
        b.cpus = cpus;
        b.memory = memory;
        b.diskSize = diskSize;
        b.isoUrl = isoUrl;
        b.kubernetesVersion = kubernetesVersion;
        b.containerRuntime = containerRuntime;
        b.networkPlugin = networkPlugin;
        b.extraConfig.addAll(extraConfig);
        b.binaryMirror = binaryMirror;
        b.insecureBinaryMirror = insecureBinaryMirror;
        b.downloadOnly = downloadOnly;
        b.kubernetes = kubernetes;
        b.addons.addAll(addons);
        b.installAddons = installAddons;
        b.nodes = nodes;
        return b;
    }

    /** Builds a {@link StartRequest}; every setter takes the value as the CLI flag of the same name would. */
    public static final class Builder {
        private final String profile;
        private String driver;
        private String hypervVirtualSwitch;
        private Integer cpus;
        private String memory;
        private String diskSize;
        private String isoUrl;
        private String kubernetesVersion;
        private String containerRuntime = DEFAULT_RUNTIME;
        private String networkPlugin = DEFAULT_NETWORK_PLUGIN;
        private final List<String> extraConfig = new ArrayList<>();
        private String binaryMirror;
        private boolean insecureBinaryMirror;
        private boolean downloadOnly;
        private boolean kubernetes = true;
        private final List<String> addons = new ArrayList<>();
        private boolean installAddons = true;
        private Integer nodes;

        private Builder(String profile) {
            this.profile = profile;
        }

        public Builder driver(String driver) {
            this.driver = driver;
            return this;
        }

        public Builder hypervVirtualSwitch(String name) {
            this.hypervVirtualSwitch = name;
            return this;
        }

        public Builder cpus(Integer cpus) {
            this.cpus = cpus;
            return this;
        }

        public Builder memory(String memory) {
            this.memory = memory;
            return this;
        }

        public Builder diskSize(String diskSize) {
            this.diskSize = diskSize;
            return this;
        }

        public Builder isoUrl(String isoUrl) {
            this.isoUrl = isoUrl;
            return this;
        }

        public Builder kubernetesVersion(String version) {
            this.kubernetesVersion = version;
            return this;
        }

        public Builder containerRuntime(String runtime) {
            this.containerRuntime = runtime;
            return this;
        }

        public Builder networkPlugin(String plugin) {
            this.networkPlugin = plugin;
            return this;
        }

        public Builder extraConfig(List<String> options) {
            this.extraConfig.addAll(options);
            return this;
        }

        public Builder binaryMirror(String mirror) {
            this.binaryMirror = mirror;
            return this;
        }

        public Builder insecureBinaryMirror(boolean insecure) {
            this.insecureBinaryMirror = insecure;
            return this;
        }

        public Builder downloadOnly(boolean downloadOnly) {
            this.downloadOnly = downloadOnly;
            return this;
        }

        public Builder kubernetes(boolean kubernetes) {
            this.kubernetes = kubernetes;
            return this;
        }

        public Builder addons(List<String> names) {
            this.addons.addAll(names);
            return this;
        }

        public Builder installAddons(boolean install) {
            this.installAddons = install;
            return this;
        }

        /** minikube's {@code --nodes}: the control plane and {@code nodes - 1} workers, for a new profile. */
        public Builder nodes(Integer nodes) {
            this.nodes = nodes;
            return this;
        }

        public StartRequest build() {
            return new StartRequest(profile, driver, hypervVirtualSwitch, cpus, memory, diskSize, isoUrl,
                    kubernetesVersion, containerRuntime, networkPlugin, extraConfig, binaryMirror, insecureBinaryMirror,
                    downloadOnly, kubernetes, addons, installAddons, nodes);
        }
    }
}
