package dev.jminikube.api;

import dev.jminikube.addons.ClusterClients;
import dev.jminikube.cluster.ClusterDelete;
import dev.jminikube.cluster.ClusterStop;
import dev.jminikube.cluster.ImageLoad;
import dev.jminikube.cluster.NodeCommand;
import dev.jminikube.cluster.NodeLogs;
import dev.jminikube.cluster.ProfileStore;
import dev.jminikube.cluster.RunningCluster;
import dev.jminikube.cluster.ServiceUrls;
import dev.jminikube.core.Environment;
import dev.jminikube.core.Reason;
import dev.jminikube.core.exec.CommandResult;
import dev.jminikube.drivers.MachineManager;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A started (or connected) cluster. {@link #close()} deletes it unless it was started with
 * {@link ClusterBuilder#reuse(boolean) reuse} (or {@link ClusterBuilder#connect() connected} to), in which case it
 * keeps running for the next run. Every operation looks the cluster up afresh, so one that was stopped or deleted
 * meanwhile fails with the CLI's reason (GUEST_NOT_RUNNING, GUEST_NOT_FOUND) as a {@link JminikubeException}.
 * Not thread-safe; one cluster object per thread, or synchronize.
 */
public final class Cluster implements AutoCloseable {
    /** How many problem lines of each component {@link #problemLogs()} shows ({@code logs --problems}'s default). */
    static final int PROBLEM_LINES = 60;
    private final Environment env;
    private final String profile;
    private final boolean keepOnClose;
    private final ClusterListener listener;
    private final boolean resumed;
    private final boolean reused;
    private KubernetesClient client;
    private boolean gone;

    Cluster(Environment env, String profile, boolean keepOnClose, ClusterListener listener, boolean resumed,
            boolean reused) {
        this.env = env;
        this.profile = profile;
        this.keepOnClose = keepOnClose;
        this.listener = listener;
        this.resumed = resumed;
        this.reused = reused;
    }

    /** The profile (cluster) name. */
    public String profile() {
        return profile;
    }

    /** True when the start resumed a suspended cluster (pods and all) instead of booting one. */
    public boolean resumed() {
        return resumed;
    }

    /**
     * True when the start found the cluster running with the configuration asked for and left it as it was: checked,
     * kubectl pointed at it, nothing installed or restarted (a second test run on a {@code reuse} profile).
     */
    public boolean reused() {
        return reused;
    }

    /** True when {@link #close()} leaves the cluster running (reused or connected), false when it deletes it. */
    public boolean keptOnClose() {
        return keepOnClose;
    }

    /**
     * A fabric8 client authenticating as the cluster's admin, in namespace {@code default}. It is shared: every call
     * returns the same client, and {@link #close()}, {@link #stop()} and {@link #delete()} close it; do not close it
     * yourself ({@link #newClient(String)} gives one you own).
     */
    public KubernetesClient client() {
        if (client == null) {
            client = Failures.translate(() -> running().client());
        }
        return client;
    }

    /** A new admin client whose default namespace is {@code namespace}; the caller closes it. */
    public KubernetesClient newClient(String namespace) {
        return Failures.translate(() -> {
            try (KubernetesClient admin = running().client()) {
                return ClusterClients.forConfig(new ConfigBuilder(admin.getConfiguration()).withNamespace(namespace)
                        .build());
            }
        });
    }

    /** The API server's address as this host reaches it (e.g. {@code https://127.0.0.1:41234}). */
    public URI apiServer() {
        return Failures.translate(() -> running().apiServer());
    }

    /**
     * Loads an image archive ({@code docker save}, or {@link ImageArchive#writeTo}) into the node's container
     * runtime, as {@code jminikube image load} does; pods then use it by its name with
     * {@code imagePullPolicy: IfNotPresent} (or Never).
     *
     * @return the names the archive carries
     * @throws JminikubeException RT_IMAGE_FILE for a missing, compressed or damaged archive
     */
    public java.util.List<String> loadImage(Path archive) {
        return Failures.translate(() -> new ImageLoad(env, machines()).load(profile, archive).repoTags());
    }

    /**
     * Where this host reaches the first NodePort of service {@code name} in {@code namespace}, e.g.
     * {@code http://127.0.0.1:41235} (for NAT drivers a forward to the node is made on first use), as
     * {@code jminikube service --url} prints it.
     *
     * @throws JminikubeException SVC_NOT_FOUND, or SVC_NOT_NODEPORT for a service without a NodePort
     */
    public URI serviceUrl(String namespace, String name) {
        return Failures.translate(() -> {
            RunningCluster cluster = running();
            try (KubernetesClient admin = cluster.client()) {
                return new ServiceUrls(cluster, admin).of(namespace, name).urls().get(0).uri();
            }
        });
    }

    /**
     * Runs {@code command} in the node, each element one argument with no shell in between (for a shell:
     * {@code ssh("sh", "-c", "...")}), and captures its output; a non-zero exit is a result, not an exception.
     */
    public SshResult ssh(String... command) {
        return Failures.translate(() -> {
            CommandResult r = new NodeCommand(machines()).run(profile, Arrays.asList(command));
            return new SshResult(r.exitCode(), r.stdout(), r.stderr());
        });
    }

    /** The cluster's own kubeconfig (its path and content). */
    public Kubeconfig kubeconfig() {
        return Failures.translate(() -> {
            Path path = ProfileStore.of(env, profile).kubeconfig();
            if (!Files.isRegularFile(path)) {
                throw Failures.of(Reason.GUEST_NOT_FOUND, "profile \"" + profile + "\" has no kubeconfig",
                        "Create the cluster with 'jminikube start -p " + profile + "'.");
            }
            try {
                return new Kubeconfig(path, Files.readString(path));
            } catch (IOException e) {
                throw Failures.of(Reason.STATE_FILE_CORRUPT, "cannot read " + path + ": " + e.getMessage(),
                        "Run 'jminikube start -p " + profile + "' to write it again.");
            }
        });
    }

    /**
     * The components' log lines that point at a problem (errors, panics, crashes), as {@code jminikube logs --problems}
     * prints them: what to look at when a test against the cluster failed.
     */
    public String problemLogs() {
        return Failures.translate(() -> new NodeLogs(env, machines()).report(profile, true, PROBLEM_LINES));
    }

    /**
     * Stops the cluster as {@code jminikube stop} does: the VM is suspended when its driver can (the next reused start
     * resumes it in seconds, pods and all), otherwise shut down. The shared {@link #client()} is closed.
     */
    public void stop() {
        stop(false);
    }

    /** Shuts the VM down ({@code jminikube stop --power-off}); the next start boots it cold. */
    public void powerOff() {
        stop(true);
    }

    private void stop(boolean powerOff) {
        closeClient();
        Failures.translate(() -> new ClusterStop(env, machines(), new ClusterStop.Listener() {
            @Override
            public void suspending() {
                listener.note("suspending \"" + profile + "\"");
            }

            @Override
            public void stoppingKubernetes() {
                listener.note("stopping Kubernetes in \"" + profile + "\"");
            }

            @Override
            public void kubernetesNotStopped(RuntimeException why) {
                listener.warning("could not stop Kubernetes cleanly (" + why.getMessage() + "); powering off anyway");
            }
        }).stop(profile, powerOff));
    }

    /** Deletes the cluster: its VM, its files and its kubeconfig entries ({@code jminikube delete}). */
    public void delete() {
        closeClient();
        Failures.translate(() -> new ClusterDelete(env, machines(), listener::warning).delete(profile));
        gone = true;
    }

    /** Deletes the cluster, unless it is {@link #keptOnClose() kept}: then only the shared client is closed. */
    @Override
    public void close() {
        if (keepOnClose || gone) {
            closeClient();
            return;
        }
        delete();
    }

    private void closeClient() {
        if (client != null) {
            client.close();
            client = null;
        }
    }

    private MachineManager machines() {
        return new MachineManager(env, listener::warning);
    }

    private RunningCluster running() {
        return RunningCluster.of(env, machines(), profile);
    }
}
