package dev.jminikube.cluster;

import dev.jminikube.bootstrap.AtomicFile;
import dev.jminikube.bootstrap.ClusterStateFile.ClusterState;
import dev.jminikube.bootstrap.ContainerRuntime;
import dev.jminikube.bootstrap.NodeConfiguration;
import dev.jminikube.bootstrap.pki.ClusterPki;
import dev.jminikube.bootstrap.units.DockerDaemonFile;
import dev.jminikube.core.Environment;
import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import dev.jminikube.drivers.HostEndpoint;
import dev.jminikube.drivers.MachineManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code docker-env}: what a docker client on this host needs to talk to the node's dockerd, minikube's variables
 * ({@code DOCKER_HOST}, {@code DOCKER_TLS_VERIFY}, {@code DOCKER_CERT_PATH}, {@code MINIKUBE_ACTIVE_DOCKERD}).
 * dockerd's TLS port is reached through the driver's host endpoint (a 127.0.0.1 forward for NAT drivers); the client
 * certificate is docker-env's own, of the docker CA (not the cluster's), written as docker wants its files ({@code ca.pem}, {@code cert.pem},
 * {@code key.pem}) under the profile's directory.
 */
public final class DockerEnv {
    /** The variables docker-env sets, in the order it prints them; --unset removes the same. */
    public static final List<String> VARIABLES = List.of("DOCKER_TLS_VERIFY", "DOCKER_HOST", "DOCKER_CERT_PATH",
            "MINIKUBE_ACTIVE_DOCKERD");

    private DockerEnv() {
    }

    /** The variables for {@code profile}: RT_UNSUPPORTED for a containerd cluster, GUEST_NOT_FOUND without one. */
    public static Map<String, String> of(Environment env, MachineManager machines, String profile) {
        ProfileStore store = ProfileStore.of(env, profile);
        ClusterState state = store.requireCluster();
        if (state.runtime() != ContainerRuntime.DOCKER) {
            throw new JmkException(Reason.RUNTIME_UNSUPPORTED, "docker-env needs the docker runtime; \"" + profile
                    + "\" runs " + state.runtime().flagValue())
                    .withAdvice("Use 'jminikube image build' and 'jminikube image load', which work with containerd, or "
                            + "start a cluster with --container-runtime=docker (Kubernetes v1.23 and older).");
        }
        HostEndpoint endpoint = machines.hostEndpoint(profile, DockerDaemonFile.TLS_PORT);
        Path certs = writeClientFiles(store.dir());
        Map<String, String> vars = new LinkedHashMap<>();
        vars.put("DOCKER_TLS_VERIFY", "1");
        vars.put("DOCKER_HOST", endpoint.uri("tcp").toString());
        vars.put("DOCKER_CERT_PATH", certs.toString());
        vars.put("MINIKUBE_ACTIVE_DOCKERD", profile);
        return vars;
    }

    /** ca.pem, cert.pem and key.pem (0600) in {@code machines/<profile>/certs/docker}, rewritten from the PKI. */
    static Path writeClientFiles(Path profileDir) {
        ClusterPki.Credentials credentials = ClusterPki.readDockerClient(NodeConfiguration.pkiDir(profileDir));
        Path dir = profileDir.resolve("certs").resolve("docker");
        try {
            // AtomicFile creates each file with its final mode: the key is never readable by others, not even briefly.
            AtomicFile.write(dir.resolve("ca.pem"), bytes(credentials.caPem()), AtomicFile.WORLD_READABLE);
            AtomicFile.write(dir.resolve("cert.pem"), bytes(credentials.client().certificatePem()), AtomicFile.WORLD_READABLE);
            AtomicFile.write(dir.resolve("key.pem"), bytes(credentials.client().privateKeyPem()), AtomicFile.OWNER_ONLY);
        } catch (IOException e) {
            throw new UncheckedIOException("writing docker's client files in " + dir + ": " + e.getMessage(), e);
        }
        return dir;
    }

    private static byte[] bytes(String pem) {
        return pem.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
}
