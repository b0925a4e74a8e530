package dev.jminikube.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class SupportedVersionsTest {

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   ", "stable", "latest"})
    void blankOrSymbolicMeansTheDefault(String text) {
        assertThat(SupportedVersions.parseFlag(text)).isEqualTo(SupportedVersions.DEFAULT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"v1.20.0", "1.20.2", "v1.24.17", "v1.37.2", "v1.37.99"})
    void versionsInTheRangeParse(String text) {
        assertThat(SupportedVersions.parseFlag(text)).isEqualTo(KubernetesVersion.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"v1.12.0", "v1.19.16", "v1.38.0", "v2.0.0", "v0.20.0"})
    void versionsOutsideTheRangeAreUnsupported(String text) {
        assertThatThrownBy(() -> SupportedVersions.parseFlag(text))
                .isInstanceOfSatisfying(JmkException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.K8S_VERSION_UNSUPPORTED))
                .hasMessageContaining(KubernetesVersion.parse(text).toString())
                .hasMessageContaining("v1.20.0 to v1.37.x");
    }

    @Test
    void garbageIsInvalidNotUnsupported() {
        assertThatThrownBy(() -> SupportedVersions.parseFlag("banana"))
                .isInstanceOfSatisfying(JmkException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.K8S_VERSION_INVALID));
    }

    @Test
    void theNamedVersionsAreThemselvesSupported() {
        assertThat(SupportedVersions.isSupported(SupportedVersions.DEFAULT)).isTrue();
        assertThat(SupportedVersions.isSupported(SupportedVersions.OLDEST)).isTrue();
        assertThat(SupportedVersions.isSupported(SupportedVersions.DEBIAN_SOURCE)).isTrue();
        assertThat(SupportedVersions.isSupported(SupportedVersions.OLDEST_GO_PROXY_BUILD)).isTrue();
        assertThat(SupportedVersions.DEFAULT.minor()).isEqualTo(SupportedVersions.NEWEST_MINOR);
    }
}
