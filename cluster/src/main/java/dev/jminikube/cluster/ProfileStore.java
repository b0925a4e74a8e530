package dev.jminikube.cluster;

import dev.jminikube.addons.AddonStateFile;
import dev.jminikube.bootstrap.ClusterStateFile;
import dev.jminikube.bootstrap.ClusterStateFile.ClusterState;
import dev.jminikube.bootstrap.NodeConfiguration;
import dev.jminikube.core.Environment;
import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import dev.jminikube.drivers.MachineConfig;
import dev.jminikube.drivers.MachineConfigFile;
import dev.jminikube.drivers.MachinePaths;
import dev.jminikube.drivers.ProfileName;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * One profile's folder, {@code machines/<profile>/}, and the only place that knows its layout: the machine's
 * settings ({@code config.yaml}, written by the machine layer), the cluster's ({@code cluster.json}), the add-on
 * choices ({@code addons.json}), the PKI and the profile's own kubeconfig. Every file in it is written whole through
 * a temporary file and a rename ({@link dev.jminikube.core.state.StateFile}), so a reader never sees half of one.
 */
public final class ProfileStore {
    private final String profile;
    private final MachinePaths paths;

    private ProfileStore(String profile, MachinePaths paths) {
        this.profile = profile;
        this.paths = paths;
    }

    /** The store of {@code profile} under the environment's machines directory; the name is checked first. */
    public static ProfileStore of(Environment env, String profile) {
        ProfileName.validate(profile);
        return new ProfileStore(profile, MachinePaths.of(env.machinesDir(), profile));
    }

    public String profile() {
        return profile;
    }

    public Path dir() {
        return paths.dir();
    }

    /** The machine's settings; empty when there is no machine. A damaged file is STATE_FILE_CORRUPT. */
    public Optional<MachineConfig> machine() {
        return MachineConfigFile.read(paths.config());
    }

    public Path clusterStateFile() {
        return ClusterStateFile.in(paths.dir());
    }

    /** What {@code start} recorded for the cluster; empty for no cluster (or a VM-only machine). */
    public Optional<ClusterState> cluster() {
        return ClusterStateFile.read(clusterStateFile());
    }

    /** The recorded cluster, or GUEST_NOT_FOUND advising {@code start} (no cluster, or a VM-only machine). */
    public ClusterState requireCluster() {
        return cluster().orElseThrow(() -> new JmkException(Reason.GUEST_NOT_FOUND,
                "profile \"" + profile() + "\" has no Kubernetes cluster")
                .withAdvice("Create it with 'jminikube start -p " + profile() + "'."));
    }

    /** Records the cluster {@code start} is bringing up (atomically). */
    public void writeCluster(ClusterState state) {
        ClusterStateFile.write(clusterStateFile(), state);
    }

    /**
     * Present once a start brought the cluster all the way up (bootstrap and add-ons); removed when a bootstrap
     * begins. A start interrupted half-way (killed, failed) leaves none, so the next start bootstraps again instead
     * of reusing a cluster whose kubelet or add-ons never came (the fault suite's kills found that).
     */
    public Path startCompletedMarker() {
        return paths.dir().resolve("start.completed");
    }

    public boolean startCompleted() {
        return Files.isRegularFile(startCompletedMarker());
    }

    public void markStartCompleted() {
        try {
            dev.jminikube.bootstrap.AtomicFile.write(startCompletedMarker(),
                    (java.time.Instant.now() + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    dev.jminikube.bootstrap.AtomicFile.OWNER_ONLY);
        } catch (java.io.IOException e) {
            // Without the marker the next start bootstraps again: slower, never wrong.
        }
    }

    public void clearStartCompleted() {
        try {
            Files.deleteIfExists(startCompletedMarker());
        } catch (java.io.IOException e) {
            throw new dev.jminikube.core.JmkException(dev.jminikube.core.Reason.HOST_HOME_NOT_WRITABLE, "cannot remove "
                    + startCompletedMarker() + ": " + e.getMessage(), e);
        }
    }

    public AddonStateFile addons() {
        return AddonStateFile.in(paths.dir());
    }

    public Path pkiDir() {
        return NodeConfiguration.pkiDir(paths.dir());
    }

    /** True once a bootstrap generated the cluster's certificates (a cluster, not just a VM, exists). */
    public boolean hasPki() {
        return Files.isDirectory(pkiDir());
    }

    /** The profile's own kubeconfig (a copy of what was merged into the user's): KUBECONFIG=this reaches only it. */
    public Path kubeconfig() {
        return NodeConfiguration.profileKubeconfig(paths.dir());
    }

    /**
     * Everything earlier commands kept: read together, before anything slow, so a damaged file stops a start in a
     * second with the file named instead of after the downloads, the image build or the boot.
     */
    public Saved read() {
        return new Saved(machine(), cluster(), addons().choices());
    }

    /** What a profile keeps from earlier commands. */
    public record Saved(Optional<MachineConfig> machine, Optional<ClusterState> cluster, Map<String, Boolean> addonChoices) {
    }
}
