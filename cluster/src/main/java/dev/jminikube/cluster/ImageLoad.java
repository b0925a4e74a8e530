package dev.jminikube.cluster;

import dev.jminikube.bootstrap.ClusterStateFile.ClusterState;
import dev.jminikube.bootstrap.ImageLoader;
import dev.jminikube.bootstrap.images.ImageArchiveInfo;
import dev.jminikube.bootstrap.images.ImageTarReader;
import dev.jminikube.core.Environment;
import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import dev.jminikube.core.exec.CommandRunner;
import dev.jminikube.drivers.MachineManager;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code image load}: puts an image archive (docker save or OCI layout) into the container runtime of a profile's
 * node (every node of a multi-node profile). The archive is checked on this host first, so a missing or compressed
 * file fails before a node is asked.
 */
public final class ImageLoad {
    private final Environment env;
    private final MachineManager machines;

    public ImageLoad(Environment env, MachineManager machines) {
        this.env = env;
        this.machines = machines;
    }

    /**
     * What was loaded.
     *
     * @param repoTags the names the archive carries (empty for an untagged archive)
     * @param runtime  the runtime it went into ("containerd", "docker")
     */
    public record Loaded(Path file, List<String> repoTags, String runtime) {
        /** The image's names, or the file's name for an untagged archive. */
        public String describe() {
            return repoTags.isEmpty() ? file.getFileName().toString() : String.join(", ", repoTags);
        }
    }

    public Loaded load(String profile, Path file) {
        ImageArchiveInfo info = ImageTarReader.inspect(file);
        if (info.gzipped()) {
            throw new JmkException(Reason.IMAGE_FILE_INVALID, file + " is gzip-compressed")
                    .withAdvice("Decompress it first (gunzip -k " + file + ") and load the .tar.");
        }
        ClusterState state = ProfileStore.of(env, profile).requireCluster();
        // Every node (issue 18): a pod may be scheduled on any of them, and none can pull the image.
        for (String node : machines.nodeMachines(profile)) {
            try (CommandRunner guest = machines.guestRunner(node)) {
                new ImageLoader(guest, state.runtime()).load(file);
            }
        }
        return new Loaded(file, info.repoTags(), state.runtime().flagValue());
    }
}
