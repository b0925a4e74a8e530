package dev.jminikube.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.jminikube.bootstrap.kubeconfig.ClusterAccess;
import dev.jminikube.bootstrap.kubeconfig.KubeconfigMerger;
import dev.jminikube.bootstrap.pki.ClientCredentials;
import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeConfigurationTest {

    @Test
    void keysAndKubeconfigsAreRootOnly() {
        assertThat(NodeConfiguration.modeOf("/etc/kubernetes/pki/apiserver.key")).isEqualTo(0600);
        assertThat(NodeConfiguration.modeOf("/etc/kubernetes/pki/sa.key")).isEqualTo(0600);
        assertThat(NodeConfiguration.modeOf("/etc/kubernetes/admin.conf")).isEqualTo(0600);
        assertThat(NodeConfiguration.modeOf("/etc/kubernetes/kubelet.conf")).isEqualTo(0600);
    }

    @Test
    void everythingElseIsReadable() {
        assertThat(NodeConfiguration.modeOf("/etc/kubernetes/pki/ca.crt")).isEqualTo(0644);
        assertThat(NodeConfiguration.modeOf("/etc/kubernetes/pki/sa.pub")).isEqualTo(0644);
        assertThat(NodeConfiguration.modeOf("/etc/systemd/system/jmk-kubelet.service")).isEqualTo(0644);
        assertThat(NodeConfiguration.modeOf("/etc/kubernetes/config/kubelet.yaml")).isEqualTo(0644);
        assertThat(NodeConfiguration.modeOf("/etc/containerd/config.toml")).isEqualTo(0644);
    }

    @TempDir
    Path dir;

    private static final ClusterAccess DEV = new ClusterAccess("dev", "https://127.0.0.1:40123",
            "-----BEGIN CERTIFICATE-----\nY2E=\n-----END CERTIFICATE-----\n", "dev", new ClientCredentials(
            "-----BEGIN CERTIFICATE-----\nYWRtaW4=\n-----END CERTIFICATE-----\n",
            "-----BEGIN PRIVATE KEY-----\na2V5\n-----END PRIVATE KEY-----\n"), "dev");

    @Test
    void configuringKubectlWritesTheProfilesOwnKubeconfigAndMergesIntoTheUsers() throws IOException {
        Path user = dir.resolve("home/.kube/config");
        Path own = NodeConfiguration.profileKubeconfig(dir.resolve("machines/dev"));

        assertThat(NodeConfiguration.configureKubectl(user, own, DEV)).isEmpty();

        assertThat(new KubeconfigMerger(user).serverOf("dev")).contains("https://127.0.0.1:40123");
        assertThat(new KubeconfigMerger(own).serverOf("dev")).contains("https://127.0.0.1:40123");
        assertThat(new KubeconfigMerger(own).currentContext()).contains("dev");
    }

    /** The cluster works without the user's kubeconfig, so start goes on and warns instead of failing. */
    @Test
    void aUserKubeconfigThatMayNotBeRewrittenIsAProblemToReportNotAFailure() throws IOException {
        Path user = dir.resolve("config");
        String anchored = "users:\n- name: a\n  user: &u {token: t}\n- name: b\n  user: *u\n";
        Files.writeString(user, anchored);
        Path own = NodeConfiguration.profileKubeconfig(dir.resolve("machines/dev"));

        Optional<JmkException> problem = NodeConfiguration.configureKubectl(user, own, DEV);

        assertThat(problem).hasValueSatisfying(e -> assertThat(e.reason()).isEqualTo(Reason.KUBECONFIG_UNSUPPORTED));
        assertThat(Files.readString(user)).isEqualTo(anchored);
        assertThat(new KubeconfigMerger(own).serverOf("dev")).contains("https://127.0.0.1:40123");
        assumeThat(dir.getFileSystem().supportedFileAttributeViews()).contains("posix");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(own))).isEqualTo("rw-------");
    }

    @Test
    void theProfilesOwnKubeconfigLivesInTheProfileDirectory() {
        assertThat(NodeConfiguration.profileKubeconfig(Path.of("/h/machines/dev")))
                .isEqualTo(Path.of("/h/machines/dev/kubeconfig"));
    }

    @Test
    void pkiLivesInTheProfileDirectory() {
        assertThat(NodeConfiguration.pkiDir(Path.of("/h/machines/dev"))).isEqualTo(Path.of("/h/machines/dev/pki"));
    }
}
