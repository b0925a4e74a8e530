package dev.jminikube.bootstrap;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.jminikube.bootstrap.config.ExtraConfigParser;
import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import dev.jminikube.core.input.Flag;
import dev.jminikube.core.state.StateFile;
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
    /** Writes only; reading goes through {@link StateFile}, which checks what it reads. */
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * @param binariesServedBy   which binary source served the Kubernetes binaries, e.g. "cache"
     * @param ignoredExtraConfig the --extra-config options start dropped because the version has no such flag
     *                           (kubelet.EnableCRI=true): kept so that 'logs' can say so (absent in older files)
     */
    public record ClusterState(String kubernetesVersion, String containerRuntime, String networkPlugin,
                               List<String> extraConfig, String binariesServedBy, List<String> ignoredExtraConfig) {
        public ClusterState {
            extraConfig = extraConfig == null ? List.of() : List.copyOf(extraConfig);
            ignoredExtraConfig = ignoredExtraConfig == null ? List.of() : List.copyOf(ignoredExtraConfig);
        }

        public ClusterState(String kubernetesVersion, String containerRuntime, String networkPlugin,
                            List<String> extraConfig, String binariesServedBy) {
            this(kubernetesVersion, containerRuntime, networkPlugin, extraConfig, binariesServedBy, List.of());
        }

        public ClusterState withIgnoredExtraConfig(List<ExtraOption> ignored) {
            return new ClusterState(kubernetesVersion, containerRuntime, networkPlugin, extraConfig, binariesServedBy,
                    ignored.stream().map(ExtraOption::toString).toList());
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

    /**
     * What {@code start} recorded; empty when there is no file. A damaged file, or one whose version, runtime,
     * network plugin or extra-config would not parse, is a {@link Reason#STATE_FILE_CORRUPT} naming the field: every
     * later use of the state can then rely on it.
     */
    public static Optional<ClusterState> read(Path file) {
        StateFile stateFile = stateFile(file);
        Optional<ClusterState> state = stateFile.read(ClusterState.class);
        state.ifPresent(s -> check(stateFile, s));
        return state;
    }

    private static StateFile stateFile(Path file) {
        Path machineDir = file.toAbsolutePath().getParent();
        String profile = machineDir.getFileName() == null ? "NAME" : machineDir.getFileName().toString();
        return new StateFile(file, StateFile.Format.JSON, "Fix " + file + " (it records the Kubernetes version, "
                + "container runtime, network plugin and extra-config 'jminikube start' was given), or run "
                + "'jminikube delete -p " + profile + "' to start afresh.");
    }

    private static void check(StateFile file, ClusterState state) {
        if (state.kubernetesVersion() == null) {
            throw file.damaged("kubernetesVersion", "is missing");
        }
        if (KubernetesVersion.tryParse(state.kubernetesVersion()).isEmpty()) {
            throw file.damaged("kubernetesVersion", "holds " + Flag.quote(state.kubernetesVersion())
                    + ", which is not a Kubernetes version (vMAJOR.MINOR.PATCH)");
        }
        if (state.containerRuntime() == null) {
            throw file.damaged("containerRuntime", "is missing");
        }
        requireParses(file, "containerRuntime", state.containerRuntime(), ContainerRuntime::parse);
        if (state.networkPlugin() != null) { // files written before the network plugin was recorded lack it
            requireParses(file, "networkPlugin", state.networkPlugin(), NetworkPlugin::parse);
        }
        for (int i = 0; i < state.extraConfig().size(); i++) {
            if (state.extraConfig().get(i) == null) {
                throw file.damaged("extraConfig[" + i + "]", "is null");
            }
            requireParses(file, "extraConfig[" + i + "]", state.extraConfig().get(i), ExtraConfigParser::parseOne);
        }
        for (int i = 0; i < state.ignoredExtraConfig().size(); i++) {
            if (state.ignoredExtraConfig().get(i) == null) {
                throw file.damaged("ignoredExtraConfig[" + i + "]", "is null");
            }
            requireParses(file, "ignoredExtraConfig[" + i + "]", state.ignoredExtraConfig().get(i),
                    ExtraConfigParser::parseOne);
        }
    }

    private static void requireParses(StateFile file, String field, String value,
                                      java.util.function.Function<String, ?> parser) {
        try {
            parser.apply(value);
        } catch (JmkException e) {
            throw file.damaged(field, "holds " + Flag.quote(value) + ", which jminikube cannot use: " + e.getMessage());
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
