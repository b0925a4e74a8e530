package dev.jminikube.bootstrap.units;

import dev.jminikube.bootstrap.GuestPaths;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** docker's daemon.json, for the dockershim runtime (Kubernetes up to 1.23). No registry mirrors. */
public final class DockerDaemonFile {
    public static final String PATH = GuestPaths.DOCKER_DAEMON_JSON;

    private DockerDaemonFile() {
    }

    public static GuestFile file() {
        Map<String, Object> root = new LinkedHashMap<>();
        // kubelet uses the systemd cgroup driver and refuses to run pods if docker's differs.
        root.put("exec-opts", List.of("native.cgroupdriver=systemd"));
        // Container logs are what 'kubectl logs' reads; cap them so they cannot fill the data disk.
        root.put("log-driver", "json-file");
        root.put("log-opts", Map.of("max-size", "100m"));
        return GuestFile.readable(PATH, StructuredFiles.json(root));
    }
}
