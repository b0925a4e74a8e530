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

    /** What a worker's node receives (issue 18): its own files and credentials, nothing that could run the cluster. */
    @Test
    void aWorkerReceivesItsFilesAndCredentialsButNoControlPlaneSecret() throws Exception {
        dev.jminikube.bootstrap.pki.SharedTestPki.copyTo(NodeConfiguration.pkiDir(dir.resolve("profile")));
        ClusterConfig cluster = dev.jminikube.bootstrap.pki.SharedTestPki.CONFIG;
        ClusterNodes nodes = new ClusterNodes(cluster, java.util.List.of(dev.jminikube.core.nodes.NodeSlot.CONTROL_PLANE,
                new dev.jminikube.core.nodes.NodeSlot(2)));
        Localkube.Plan plan = new Localkube.Plan(nodes, dir.resolve("bin"), Optional.empty(), dir.resolve("profile"),
                dir.resolve("pause.tar"), java.net.URI.create("https://127.0.0.1:40123"), dir.resolve("kubeconfig"),
                java.util.List.of(), true);
        dev.jminikube.core.exec.RecordingCommandRunner guest = new dev.jminikube.core.exec.RecordingCommandRunner();
        java.util.List<String> notes = new java.util.ArrayList<>();
        new NodeConfiguration(dev.jminikube.bootstrap.pki.SharedTestPki.CLOCK, notes::add)
                .writeWorker(guest, plan, new dev.jminikube.core.nodes.NodeSlot(2));

        dev.jminikube.core.exec.RecordingCommandRunner.Write bundle = guest.calls().stream()
                .filter(c -> c instanceof dev.jminikube.core.exec.RecordingCommandRunner.Write)
                .map(c -> (dev.jminikube.core.exec.RecordingCommandRunner.Write) c).findFirst().orElseThrow();
        java.util.Map<String, String> sent = new java.util.TreeMap<>();
        dev.jminikube.bootstrap.images.TarReader tar = new dev.jminikube.bootstrap.images.TarReader(
                new java.io.ByteArrayInputStream(bundle.content()));
        for (var h = tar.next(); h.isPresent(); h = tar.next()) {
            sent.put("/" + h.get().name(), new String(tar.readContent(), java.nio.charset.StandardCharsets.UTF_8));
        }
        assertThat(sent.keySet()).contains("/etc/kubernetes/pki/ca.crt", "/etc/kubernetes/pki/kubelet.crt",
                        "/etc/kubernetes/pki/kubelet.key", "/etc/kubernetes/kubelet.conf", "/etc/kubernetes/kube-proxy.conf",
                        dev.jminikube.bootstrap.units.NodeNetworkFile.PATH)
                .doesNotContain("/etc/kubernetes/pki/ca.key", "/etc/kubernetes/pki/sa.key", "/etc/kubernetes/admin.conf",
                        "/etc/kubernetes/pki/apiserver.key", "/etc/kubernetes/pki/etcd/ca.key");
        assertThat(sent.get("/etc/kubernetes/kubelet.conf")).contains("system:node:dev-m02@kubernetes")
                .contains("server: https://control-plane.minikube.internal:8443");
        assertThat(sent.get(dev.jminikube.bootstrap.units.NodeNetworkFile.PATH)).contains("Address=10.0.3.3/24");
        assertThat(notes).singleElement().asString().startsWith("certificates issued: nodes/dev-m02/kubelet");
        assertThat(guest.runs()).singleElement().extracting(r -> r.argv().get(2)).asString()
                .startsWith("tar -xf /tmp/jmk-node-config.tar -C /");
    }
}
