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

    /** dockerd's TLS port in the node: {@code docker-env} reaches it through the driver's forward. */
    public static final int TLS_PORT = 2376;
    /** Where Debian's docker.service reads {@code $DOCKER_OPTS} from (its ExecStart keeps {@code -H fd://}). */
    public static final String OPTIONS_PATH = "/etc/default/docker";

    /**
     * The TLS listener next to the socket: only clients with a certificate of the docker CA get in, which signs
     * nothing but {@code docker-env}'s client certificate. Hosts go here, not into daemon.json: dockerd refuses "hosts" in both
     * places, and the unit already passes {@code -H fd://}.
     */
    public static GuestFile options() {
        return GuestFile.readable(OPTIONS_PATH, "# Written by jminikube: dockerd's TLS port for 'jminikube docker-env'.\n"
                + "DOCKER_OPTS=\"-H tcp://0.0.0.0:" + TLS_PORT + " --tlsverify --tlscacert=" + PkiPaths.DOCKER_CA_CERT
                + " --tlscert=" + PkiPaths.DOCKER_SERVER_CERT + " --tlskey=" + PkiPaths.DOCKER_SERVER_KEY + "\"\n");
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
