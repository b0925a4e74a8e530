package dev.jminikube.bootstrap;

import dev.jminikube.bootstrap.api.ApiServerClient;
import dev.jminikube.bootstrap.images.PauseImage;
import dev.jminikube.bootstrap.images.TarArchive;
import dev.jminikube.bootstrap.images.TarEntry;
import dev.jminikube.bootstrap.kubeconfig.ClusterAccess;
import dev.jminikube.bootstrap.kubeconfig.ComponentKubeconfigs;
import dev.jminikube.bootstrap.kubeconfig.KubeconfigMerger;
import dev.jminikube.bootstrap.kubeconfig.KubeconfigRenderer;
import dev.jminikube.bootstrap.pki.ClientCredentials;
import dev.jminikube.bootstrap.pki.ClientIdentity;
import dev.jminikube.bootstrap.pki.ClusterPki;
import dev.jminikube.bootstrap.units.GuestFile;
import dev.jminikube.bootstrap.units.LocalkubeFiles;
import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import dev.jminikube.core.exec.CommandRunner;
import dev.jminikube.core.nodes.NodeSlot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The cluster's certificates and every generated file, computed on the host and put into the guest
 * in one tar (one SSH round trip instead of forty), plus the host's own view: the admin client and
 * the user's kubeconfig entry. The PKI lives in the profile directory, so the CA survives restarts.
 */
public final class NodeConfiguration {
    public static final String PAUSE_IMAGE = PauseImage.TAG;
    private static final String BUNDLE = "/tmp/jmk-node-config.tar";

    private final Clock clock;
    private final Consumer<String> notes;
    private ClusterPki pki;
    private Optional<JmkException> userKubeconfigProblem = Optional.empty();

    public NodeConfiguration(Clock clock, Consumer<String> notes) {
        this.clock = clock;
        this.notes = notes;
    }

    public void write(CommandRunner guest, Localkube.Plan plan) {
        ClusterConfig config = plan.config();
        ClusterPki loaded = pki(plan);
        noteChanges(loaded);
        Map<String, byte[]> files = new TreeMap<>();
        for (GuestFile f : LocalkubeFiles.forControlPlane(plan.nodes(), etcdBinary(plan))) {
            files.put(f.path(), f.content().getBytes(StandardCharsets.UTF_8));
        }
        files.putAll(loaded.guestFiles());
        files.putAll(ComponentKubeconfigs.guestFiles(loaded, config, ComponentKubeconfigs.guestServer(config)));
        send(guest, files);
    }

    /**
     * A worker's files (issue 18): its kubelet and kube-proxy with their configs, the runtime's, its pod bridge and
     * node-network NIC, the CA certificate, its kubelet's serving pair and the two kubeconfigs, which reach the API
     * server at node 1's address on the node network.
     */
    public void writeWorker(CommandRunner guest, Localkube.Plan plan, NodeSlot worker) {
        ClusterConfig config = plan.nodes().node(worker);
        ClusterPki workerPki = ClusterPki.loadForWorker(pkiDir(plan.profileDir()), config, clock);
        noteChanges(workerPki);
        Map<String, byte[]> files = new TreeMap<>();
        for (GuestFile f : LocalkubeFiles.forWorker(plan.nodes(), worker)) {
            files.put(f.path(), f.content().getBytes(StandardCharsets.UTF_8));
        }
        files.putAll(workerPki.guestFiles());
        files.putAll(ComponentKubeconfigs.workerFiles(workerPki, config, ComponentKubeconfigs.guestServer(config)));
        send(guest, files);
    }

    private void noteChanges(ClusterPki loaded) {
        if (!loaded.changes().isEmpty()) {
            // One line, not sixteen: which certificates are new is detail; that some are is news.
            notes.accept("certificates issued: " + String.join(", ", loaded.changes().stream()
                    .map(c -> c.substring(0, c.indexOf(':') < 0 ? c.length() : c.indexOf(':'))).toList()));
        }
    }

    /** All files in one tar, one SSH round trip, unpacked at the guest's root. */
    private static void send(CommandRunner guest, Map<String, byte[]> files) {
        List<TarEntry> entries = new ArrayList<>();
        files.forEach((path, content) -> entries.add(TarEntry.file(path.substring(1), modeOf(path), content)));
        guest.write(TarArchive.of(entries), BUNDLE, 0600);
        guest.check("sh", "-c", "tar -xf " + BUNDLE + " -C / --no-same-owner && rm -f " + BUNDLE);
    }

    /** Secrets (keys, kubeconfigs with embedded keys) are root-only; everything else is readable. */
    static int modeOf(String path) {
        return path.endsWith(".key") || path.endsWith(".conf") ? 0600 : 0644;
    }

    /** A newer etcd shipped with the binaries wins over the node image's Debian etcd 3.4. */
    private static String etcdBinary(Localkube.Plan plan) {
        return Files.isRegularFile(plan.binariesDir().resolve("etcd"))
                ? GuestPaths.binaries(plan.config().version()) + "/etcd" : "/usr/bin/etcd";
    }

    /**
     * True when the plan's API server answers /readyz with ok right now (one request). A start reuses a cluster
     * found running only when it does (see {@link Localkube#whenRunning}); otherwise it bootstraps.
     */
    public boolean apiServerAnswers(Localkube.Plan plan) {
        try {
            return adminClient(plan).get("/readyz").ok();
        } catch (java.io.IOException | RuntimeException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public ApiServerClient adminClient(Localkube.Plan plan) {
        ClusterPki loaded = pki(plan);
        ClientCredentials admin = loaded.client(ClientIdentity.ADMIN);
        return new ApiServerClient(plan.apiServer(), loaded.caCertificatePem(), admin.certificatePem(),
                admin.privateKeyPem());
    }

    /**
     * Points kubectl at the cluster: writes the profile's own kubeconfig, then merges the cluster into the
     * user's. The cluster works either way, so a user's kubeconfig that cannot take it (one jminikube may not
     * rewrite, a broken one, a lock that stays) is not a failure: it is left as it was, a note says so, and
     * {@link #userKubeconfigProblem()} tells the caller why, for a warning.
     */
    public void mergeUserKubeconfig(Localkube.Plan plan) {
        ClusterConfig c = plan.config();
        // The server as the host reaches it (a 127.0.0.1 forward, or a bridged guest's own IP).
        ClusterAccess access = ClusterAccess.forProfile(c.profile(), plan.apiServer().toString(), pki(plan));
        userKubeconfigProblem = configureKubectl(plan.userKubeconfig(), profileKubeconfig(plan.profileDir()), access);
        if (userKubeconfigProblem.isPresent()) {
            notes.accept("left " + plan.userKubeconfig() + " as it was; kubectl is not configured (see the warning "
                    + "at the end)");
        }
    }

    /** Why the last {@link #mergeUserKubeconfig} left the user's kubeconfig alone; empty when it configured kubectl. */
    public Optional<JmkException> userKubeconfigProblem() {
        return userKubeconfigProblem;
    }

    /** See {@link #mergeUserKubeconfig}: the failure that left {@code userKubeconfig} alone, if any. */
    static Optional<JmkException> configureKubectl(Path userKubeconfig, Path profileKubeconfig, ClusterAccess access) {
        try {
            AtomicFile.write(profileKubeconfig, KubeconfigRenderer.render(access).getBytes(StandardCharsets.UTF_8),
                    AtomicFile.OWNER_ONLY);
        } catch (IOException e) {
            throw new JmkException(Reason.HOST_HOME_NOT_WRITABLE,
                    "cannot write " + profileKubeconfig + ": " + e.getMessage(), e);
        }
        try {
            new KubeconfigMerger(userKubeconfig).merge(access);
            return Optional.empty();
        } catch (JmkException e) {
            return Optional.of(e);
        }
    }

    /**
     * The profile's own kubeconfig, with only its cluster (mode 0600: it embeds the admin key). It is what
     * {@code jminikube kubectl} uses when the user's kubeconfig lacks the profile's context, and what a user
     * can point KUBECONFIG at.
     */
    public static Path profileKubeconfig(Path profileDir) {
        return profileDir.resolve("kubeconfig");
    }

    private ClusterPki pki(Localkube.Plan plan) {
        if (pki == null) {
            pki = ClusterPki.loadOrCreate(pkiDir(plan.profileDir()), plan.config(), clock);
        }
        return pki;
    }

    public static Path pkiDir(Path profileDir) {
        return profileDir.resolve("pki");
    }
}
