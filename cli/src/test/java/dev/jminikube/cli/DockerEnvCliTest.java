package dev.jminikube.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jminikube.bootstrap.ClusterConfig;
import dev.jminikube.bootstrap.ClusterStateFile;
import dev.jminikube.bootstrap.ContainerRuntime;
import dev.jminikube.bootstrap.KubernetesVersion;
import dev.jminikube.bootstrap.NetworkPlugin;
import dev.jminikube.core.Environment;
import dev.jminikube.core.Reason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docker-env's variables per shell, its client files, and its refusals; the VM case runs a real docker client. */
class DockerEnvCliTest {
    static final String PROFILE = "dk";
    @TempDir
    Path home;

    private CliHarness.Run run(String... args) {
        Environment env = Environment.from(Map.of("JMINIKUBE_HOME", home.toString(), "PATH", "/usr/bin:/bin",
                "SHELL", "/usr/bin/fish"), home, home, "Linux", System.getProperty("os.arch"));
        return CliHarness.run(env, ClusterReach.LIVE, args);
    }

    /** A none machine (its node is this host, so dockerd's port is 127.0.0.1:2376) with a cluster of {@code runtime}. */
    private Path cluster(ContainerRuntime runtime) throws IOException {
        Path dir = CliHarness.createdMachine(home, PROFILE, "none");
        ClusterStateFile.write(ClusterStateFile.in(dir), ClusterStateFile.ClusterState.of(ClusterConfig.of(PROFILE,
                KubernetesVersion.of(1, 20, 2), runtime, NetworkPlugin.CNI, List.of(), 41000), "cache"));
        Path pki = Files.createDirectories(dir.resolve("pki"));
        Files.writeString(pki.resolve("ca.crt"), "CLUSTER CA PEM");
        Files.createDirectories(pki.resolve("clients"));
        Files.writeString(pki.resolve("clients/admin.crt"), "ADMIN CERT PEM");
        Files.writeString(pki.resolve("clients/admin.key"), "ADMIN KEY PEM");
        Files.createDirectories(pki.resolve("docker"));
        Files.writeString(pki.resolve("docker/ca.crt"), "DOCKER CA PEM");
        Files.writeString(pki.resolve("clients/docker.crt"), "DOCKER CLIENT CERT PEM");
        Files.writeString(pki.resolve("clients/docker.key"), "DOCKER CLIENT KEY PEM");
        return dir;
    }

    @Test
    void printsMinikubesVariablesForTheShellAndWritesDockersClientFiles() throws IOException {
        Path dir = cluster(ContainerRuntime.DOCKER);
        CliHarness.Run bash = run("docker-env", "-p", PROFILE, "--shell", "bash");
        assertThat(bash.code()).as(bash.err()).isZero();
        Path certs = dir.resolve("certs/docker");
        assertThat(bash.out()).isEqualTo("""
                export DOCKER_TLS_VERIFY=1
                export DOCKER_HOST=tcp://127.0.0.1:2376
                export DOCKER_CERT_PATH=%s
                export MINIKUBE_ACTIVE_DOCKERD=dk

                # To point your shell at the node's dockerd, run:
                # eval $(jminikube -p dk docker-env --shell bash)
                """.formatted(certs));
        assertThat(certs.resolve("ca.pem")).as("dockerd's own CA, not the cluster's").hasContent("DOCKER CA PEM");
        assertThat(certs.resolve("cert.pem")).as("docker-env's client, not the cluster admin")
                .hasContent("DOCKER CLIENT CERT PEM");
        assertThat(certs.resolve("key.pem")).hasContent("DOCKER CLIENT KEY PEM");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(certs.resolve("key.pem"))))
                .isEqualTo("rw-------");

        // $SHELL is fish here: without --shell, fish's syntax.
        CliHarness.Run fish = run("docker-env", "-p", PROFILE);
        assertThat(fish.out()).startsWith("set -gx DOCKER_TLS_VERIFY '1';\nset -gx DOCKER_HOST 'tcp://127.0.0.1:2376';")
                .contains("# jminikube -p dk docker-env | source");
        CliHarness.Run ps = run("docker-env", "-p", PROFILE, "--shell", "powershell");
        assertThat(ps.out()).startsWith("$Env:DOCKER_TLS_VERIFY = '1'\n$Env:DOCKER_HOST = 'tcp://127.0.0.1:2376'\n");
    }

    @Test
    void unsetNeedsNoClusterAndUndoesEachVariable() {
        assertThat(run("docker-env", "-p", PROFILE, "--unset", "--shell", "bash").out()).isEqualTo(
                "unset DOCKER_TLS_VERIFY;\nunset DOCKER_HOST;\nunset DOCKER_CERT_PATH;\nunset MINIKUBE_ACTIVE_DOCKERD;\n");
        assertThat(run("docker-env", "-p", PROFILE, "-u").out()).startsWith("set -e DOCKER_TLS_VERIFY;\n");
        assertThat(run("docker-env", "-p", PROFILE, "-u", "--shell", "powershell").out())
                .startsWith("Remove-Item Env:\\\\DOCKER_TLS_VERIFY\n");
    }

    @Test
    void aContainerdClusterNoClusterOrAnUnknownShellIsRefused() throws IOException {
        CliHarness.Run none = run("docker-env", "-p", PROFILE, "--shell", "bash");
        assertThat(none.code()).isEqualTo(Reason.GUEST_NOT_FOUND.exitCode());
        CliHarness.Run shell = run("docker-env", "-p", PROFILE, "--shell", "tcsh");
        assertThat(shell.code()).isEqualTo(Reason.USAGE.exitCode());
        assertThat(CliHarness.exitLine(shell)).contains("--shell must be bash, zsh, sh, fish or powershell, not tcsh");
        Path dir = cluster(ContainerRuntime.CONTAINERD);
        CliHarness.Run containerd = run("docker-env", "-p", PROFILE, "--shell", "bash");
        assertThat(containerd.code()).isEqualTo(Reason.RUNTIME_UNSUPPORTED.exitCode());
        assertThat(CliHarness.exitLine(containerd)).contains("docker-env needs the docker runtime; \"dk\" runs containerd");
        assertThat(containerd.err()).contains("jminikube image build");
        assertThat(containerd.out()).isEmpty();
        assertThat(dir.resolve("certs")).doesNotExist();
    }
}
