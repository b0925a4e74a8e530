package dev.jminikube.api;

import dev.jminikube.cluster.ClusterStarter;
import dev.jminikube.cluster.ClusterDelete;
import dev.jminikube.cluster.RunningCluster;
import dev.jminikube.cluster.StartRequest;
import dev.jminikube.cluster.StartedCluster;
import dev.jminikube.core.Environment;
import dev.jminikube.core.Reason;
import dev.jminikube.drivers.DriverState;
import dev.jminikube.drivers.MachineManager;
import dev.jminikube.drivers.ProfileName;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How to start (or find) one cluster. Values are taken as text, as the CLI's flags of the same names take them
 * ({@code memory("4g")}, {@code kubernetesVersion("v1.37.2")}), and are checked by the same code, so bad values fail
 * with the CLI's reasons, as {@link JminikubeException}. A value not given is the CLI's default (for an existing
 * profile: what it has).
 */
public final class ClusterBuilder {
    private final String profile;
    private final StartRequest.Builder request;
    private final List<String> addons = new ArrayList<>();
    private final List<String> extraConfig = new ArrayList<>();
    private final Map<String, String> variables = new HashMap<>();
    private Path home;
    private boolean reuse;
    private ClusterListener listener = ClusterListener.NONE;

    ClusterBuilder(String profile) {
        this.profile = Objects.requireNonNull(profile, "profile");
        this.request = StartRequest.forProfile(profile);
    }

    /** The Kubernetes version, e.g. {@code "v1.37.2"} ({@code --kubernetes-version}). */
    public ClusterBuilder kubernetesVersion(String version) {
        request.kubernetesVersion(version);
        return this;
    }

    /** Add-ons to enable besides the defaults, e.g. {@code "dashboard"} ({@code --addons}). */
    public ClusterBuilder addons(String... names) {
        addons.addAll(Arrays.asList(names));
        return this;
    }

    /** The VM's memory, e.g. {@code "4g"} or {@code "2200mb"} ({@code --memory}). */
    public ClusterBuilder memory(String size) {
        request.memory(size);
        return this;
    }

    /** The VM's CPUs ({@code --cpus}). */
    public ClusterBuilder cpus(int cpus) {
        request.cpus(cpus);
        return this;
    }

    /** The size of the VM's disk, e.g. {@code "20g"} ({@code --disk-size}). */
    public ClusterBuilder diskSize(String size) {
        request.diskSize(size);
        return this;
    }

    /**
     * How many nodes ({@code --nodes}): the control plane and {@code nodes - 1} workers, each a VM of its own on a
     * network between them (the QEMU driver); one when not given. An existing profile keeps its nodes.
     */
    public ClusterBuilder nodes(int nodes) {
        request.nodes(nodes);
        return this;
    }

    /** The VM driver, e.g. {@code "qemu"} ({@code --driver}); not given, the best one for this host is chosen. */
    public ClusterBuilder driver(String driver) {
        request.driver(driver);
        return this;
    }

    /** {@code "containerd"} (the default) or {@code "docker"} ({@code --container-runtime}). */
    public ClusterBuilder containerRuntime(String runtime) {
        request.containerRuntime(runtime);
        return this;
    }

    /** Component flags, {@code "COMPONENT.KEY=VALUE"} each, e.g. {@code "kubelet.max-pods=50"} ({@code --extra-config}). */
    public ClusterBuilder extraConfig(String... options) {
        extraConfig.addAll(Arrays.asList(options));
        return this;
    }

    /** A node image to boot: a path or {@code file://} URL ({@code --iso-url}); not given, the built-in one. */
    public ClusterBuilder isoUrl(String isoUrl) {
        request.isoUrl(isoUrl);
        return this;
    }

    /**
     * True: use the profile if it exists (resuming it if it is suspended) and leave it running on
     * {@link Cluster#close()}, so the next run starts in seconds. False (the default): the profile must not exist yet,
     * and close deletes it, as a test container is removed.
     */
    public ClusterBuilder reuse(boolean reuse) {
        this.reuse = reuse;
        return this;
    }

    /** Hears the start's steps, notes and warnings. */
    public ClusterBuilder listener(ClusterListener listener) {
        this.listener = Objects.requireNonNull(listener, "listener");
        return this;
    }

    /** Where jminikube keeps machines and caches instead of JMINIKUBE_HOME (default {@code ~/.jminikube}). */
    public ClusterBuilder jminikubeHome(Path home) {
        this.home = home;
        return this;
    }

    /**
     * Environment variables to see instead of this process's (e.g. {@code PATH}, or {@code KUBECONFIG} to merge the
     * cluster's context somewhere other than {@code ~/.kube/config}); the process's other variables stay visible.
     */
    public ClusterBuilder environment(Map<String, String> variables) {
        this.variables.putAll(variables);
        return this;
    }

    /** Without Kubernetes: only the VM (the CLI's {@code --no-kubernetes}); for tests of the machine layer. */
    ClusterBuilder vmOnly() {
        request.kubernetes(false);
        return this;
    }

    /**
     * Starts the cluster, as {@code jminikube start} would: creates or boots the VM, bootstraps Kubernetes (or resumes
     * a suspended cluster), enables the add-ons and merges its context into the user's kubeconfig. A first start
     * takes minutes; a reused running or suspended cluster, seconds. A non-reused start that fails deletes what it
     * made, so the next run can start afresh.
     *
     * @throws JminikubeException for bad values (the CLI's reasons), a profile that exists without {@link #reuse},
     *                            and any failure of the start
     */
    public Cluster start() {
        Environment env = environment();
        return Failures.translate(() -> {
            ProfileName.validate(profile);
            MachineManager machines = new MachineManager(env, listener::warning);
            // A copy: start() may be called again on this builder without adding the lists twice.
            StartRequest built = request.build().toBuilder().addons(addons).extraConfig(extraConfig).build();
            boolean existed = machines.status(profile).host() != DriverState.NONEXISTENT;
            if (existed && !reuse) {
                throw Failures.of(Reason.USAGE, "profile \"" + profile + "\" exists already and reuse is off: closing the "
                        + "cluster would delete it", ".reuse(true) uses (and keeps) it; 'jminikube delete -p " + profile
                        + "' removes it.");
            }
            StartedCluster started;
            try {
                started = ClusterStarter.standard(env).start(built, new StartEvents(listener));
            } catch (RuntimeException e) {
                if (!existed && !reuse) {
                    deleteQuietly(env, machines, e);
                }
                throw e;
            }
            return new Cluster(env, profile, reuse, listener, started.outcome() == StartedCluster.Outcome.RESUMED,
                    started.outcome() == StartedCluster.Outcome.REUSED);
        });
    }

    /**
     * The cluster of this profile as it runs now, without starting anything; its {@link Cluster#close()} leaves it
     * running whatever {@link #reuse} says (this code did not start it).
     *
     * @throws JminikubeException GUEST_NOT_FOUND when the profile has no cluster, GUEST_NOT_RUNNING when it is stopped
     */
    public Cluster connect() {
        Environment env = environment();
        return Failures.translate(() -> {
            RunningCluster.of(env, new MachineManager(env, listener::warning), profile);
            return new Cluster(env, profile, true, listener, false, false);
        });
    }

    /** The environment the cluster's commands see: this process's, with the builder's variables and home on top. */
    Environment environment() {
        Map<String, String> vars = new HashMap<>(System.getenv());
        vars.putAll(variables);
        if (home != null) {
            vars.put("JMINIKUBE_HOME", home.toAbsolutePath().toString());
        }
        return Environment.from(vars, Path.of(System.getProperty("user.home")), System.getProperty("os.name"),
                System.getProperty("os.arch"));
    }

    private void deleteQuietly(Environment env, MachineManager machines, RuntimeException failure) {
        try {
            new ClusterDelete(env, machines, listener::warning).delete(profile);
        } catch (RuntimeException e) {
            listener.warning("could not delete \"" + profile + "\" after its failed start: " + e.getMessage());
        }
    }
}
