package dev.jminikube.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

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

    @Test
    void pkiLivesInTheProfileDirectory() {
        assertThat(NodeConfiguration.pkiDir(Path.of("/h/machines/dev"))).isEqualTo(Path.of("/h/machines/dev/pki"));
    }
}
