package dev.jminikube.bootstrap.images;

import java.util.List;
import java.util.Objects;

/**
 * The run settings of an image (the {@code config} object of the image config JSON).
 *
 * @param architecture Go's name: amd64, arm64
 * @param exposedPorts e.g. {@code 80/tcp}
 */
public record ImageConfig(String architecture, List<String> entrypoint, List<String> cmd, List<String> env,
                          String workingDir, List<String> exposedPorts) {
    public static final String DEFAULT_PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    public ImageConfig {
        Objects.requireNonNull(architecture, "architecture");
        entrypoint = entrypoint == null ? List.of() : List.copyOf(entrypoint);
        cmd = cmd == null ? List.of() : List.copyOf(cmd);
        env = env == null ? List.of() : List.copyOf(env);
        workingDir = workingDir == null ? "" : workingDir;
        exposedPorts = exposedPorts == null ? List.of() : List.copyOf(exposedPorts);
    }
}
