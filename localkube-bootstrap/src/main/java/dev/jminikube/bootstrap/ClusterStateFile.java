package dev.jminikube.bootstrap;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;

/**
 * The cluster a profile runs ({@code cluster.json} beside the machine's config): what {@code start}
 * was asked for, so later commands (logs, kubectl, image load, a restart) use the same version and runtime.
 */
public final class ClusterStateFile {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /**
     * @param binariesServedBy which binary source served the Kubernetes binaries, e.g. "cache"
     */
    public record ClusterState(String kubernetesVersion, String containerRuntime, String networkPlugin,
                               List<String> extraConfig, String binariesServedBy) {
        public ClusterState {
            extraConfig = extraConfig == null ? List.of() : List.copyOf(extraConfig);
        }

        public KubernetesVersion version() {
            return KubernetesVersion.parse(kubernetesVersion);
        }

        public ContainerRuntime runtime() {
            return ContainerRuntime.parse(containerRuntime);
        }

        public static ClusterState of(ClusterConfig config, String servedBy) {
            return new ClusterState(config.version().toString(), config.runtime().flagValue(),
                    config.networkPlugin().name().toLowerCase(java.util.Locale.ROOT),
                    config.extraOptions().stream().map(ExtraOption::toString).toList(), servedBy);
        }
    }

    private ClusterStateFile() {
    }

    public static Path in(Path machineDir) {
        return machineDir.resolve("cluster.json");
    }

    public static Optional<ClusterState> read(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(file.toFile(), ClusterState.class));
        } catch (IOException e) {
            throw new JmkException(Reason.PROGRAM_ERROR, "cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    public static void write(Path file, ClusterState state) {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            JSON.writeValue(tmp.toFile(), state);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new JmkException(Reason.HOST_HOME_NOT_WRITABLE, "cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
