package dev.jminikube.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import org.junit.jupiter.api.Test;

class NetworkPluginTest {

    @Test
    void cniIsTheDefaultAndBridgeIsAnAlias() {
        assertThat(NetworkPlugin.parse(null)).isEqualTo(NetworkPlugin.CNI);
        assertThat(NetworkPlugin.parse("")).isEqualTo(NetworkPlugin.CNI);
        assertThat(NetworkPlugin.parse("cni")).isEqualTo(NetworkPlugin.CNI);
        assertThat(NetworkPlugin.parse("bridge")).isEqualTo(NetworkPlugin.CNI);
        assertThat(NetworkPlugin.parse(" KubeNet ")).isEqualTo(NetworkPlugin.KUBENET);
    }

    @Test
    void unknownPluginIsAUsageErrorNamingIt() {
        assertThatThrownBy(() -> NetworkPlugin.parse("flannel"))
                .isInstanceOfSatisfying(JmkException.class, e -> assertThat(e.reason()).isEqualTo(Reason.USAGE))
                .hasMessageContaining("'flannel'").hasMessageContaining("cni or kubenet");
    }
}
