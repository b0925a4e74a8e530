package dev.jminikube.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ContainerRuntimeTest {

    @Test
    void parsesTheTwoRuntimesAndDefaultsToContainerd() {
        assertThat(ContainerRuntime.parse("containerd")).isEqualTo(ContainerRuntime.CONTAINERD);
        assertThat(ContainerRuntime.parse(" Docker ")).isEqualTo(ContainerRuntime.DOCKER);
        assertThat(ContainerRuntime.parse("")).isEqualTo(ContainerRuntime.CONTAINERD);
        assertThat(ContainerRuntime.parse(null)).isEqualTo(ContainerRuntime.CONTAINERD);
        assertThat(ContainerRuntime.DOCKER.flagValue()).isEqualTo("docker");
        assertThat(ContainerRuntime.CONTAINERD.criEndpoint()).isEqualTo("unix:///run/containerd/containerd.sock");
    }

    @ParameterizedTest
    @ValueSource(strings = {"rkt", "cri-o", "crio", "RKT"})
    void retiredOrAbsentRuntimesAreUnsupportedAndPointAtContainerd(String name) {
        assertThatThrownBy(() -> ContainerRuntime.parse(name))
                .isInstanceOfSatisfying(JmkException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.RUNTIME_UNSUPPORTED))
                .hasMessageContaining("--container-runtime=containerd");
    }

    @Test
    void unknownRuntimeNamesItAndTheChoices() {
        assertThatThrownBy(() -> ContainerRuntime.parse("podman"))
                .isInstanceOfSatisfying(JmkException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.RUNTIME_UNSUPPORTED))
                .hasMessageContaining("'podman'").hasMessageContaining("containerd or docker");
    }

    @Test
    void dockerNeedsDockershimWhichEndsWith123() {
        assertThatCode(() -> ContainerRuntime.DOCKER.checkSupports(KubernetesVersion.parse("v1.23.17")))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> ContainerRuntime.DOCKER.checkSupports(KubernetesVersion.parse("v1.24.0")))
                .isInstanceOfSatisfying(JmkException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.RUNTIME_UNSUPPORTED);
                    assertThat(e.getMessage()).contains("v1.24.0").contains("dockershim");
                    assertThat(e.advice()).contains("--container-runtime=containerd").contains("v1.23")
                            .isNotEqualTo(Reason.RUNTIME_UNSUPPORTED.advice());
                });
    }

    @Test
    void containerdServesEveryVersion() {
        assertThatCode(() -> ContainerRuntime.CONTAINERD.checkSupports(KubernetesVersion.parse("v1.37.2")))
                .doesNotThrowAnyException();
        assertThatCode(() -> ContainerRuntime.CONTAINERD.checkSupports(KubernetesVersion.parse("v1.20.2")))
                .doesNotThrowAnyException();
    }
}
