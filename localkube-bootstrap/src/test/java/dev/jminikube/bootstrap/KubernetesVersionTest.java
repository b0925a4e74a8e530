package dev.jminikube.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class KubernetesVersionTest {

    @Test
    void parsesWithAndWithoutTheLeadingV() {
        assertThat(KubernetesVersion.parse("v1.20.2")).isEqualTo(KubernetesVersion.of(1, 20, 2));
        assertThat(KubernetesVersion.parse("1.20.2")).isEqualTo(KubernetesVersion.of(1, 20, 2));
        assertThat(KubernetesVersion.parse("  v1.37.10 ")).isEqualTo(KubernetesVersion.of(1, 37, 10));
    }

    @Test
    void printsWithTheV() {
        KubernetesVersion v = KubernetesVersion.parse("1.24.17");
        assertThat(v).hasToString("v1.24.17");
        assertThat(v.minorLine()).isEqualTo("v1.24");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"banana", "1.20", "v1", "v1.20.2-rc.0", "v1.20.2.1", "vv1.20.2", "1.x.0"})
    void rejectsWhatIsNotAVersion(String text) {
        assertThatThrownBy(() -> KubernetesVersion.parse(text))
                .isInstanceOfSatisfying(JmkException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.K8S_VERSION_INVALID))
                .hasMessageContaining("--kubernetes-version '" + (text == null ? "" : text) + "'")
                .hasMessageContaining("vMAJOR.MINOR.PATCH");
        assertThat(KubernetesVersion.tryParse(text)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"v1.20.99999999999", "v99999999999999999999.0.0", "1.2147483648.0"})
    void numbersTooLargeForAVersionAreAnInvalidVersionNotAnOverflow(String text) {
        assertThatThrownBy(() -> KubernetesVersion.parse(text))
                .isInstanceOfSatisfying(JmkException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.K8S_VERSION_INVALID);
                    assertThat(e.advice()).contains("--kubernetes-version=v1.20.2");
                })
                .hasMessageStartingWith("--kubernetes-version '" + text + "' is not a Kubernetes version: ")
                .hasMessageEndingWith(" is too large a number");
        assertThat(KubernetesVersion.tryParse(text)).isEmpty();
    }

    @Test
    void ordersNumericallyNotAlphabetically() {
        List<KubernetesVersion> versions = new ArrayList<>(List.of(KubernetesVersion.parse("v1.30.10"),
                KubernetesVersion.parse("v1.30.2"), KubernetesVersion.parse("v1.9.0"), KubernetesVersion.parse("v2.0.0"),
                KubernetesVersion.parse("v1.100.0")));
        Collections.sort(versions);
        assertThat(versions).extracting(Object::toString)
                .containsExactly("v1.9.0", "v1.30.2", "v1.30.10", "v1.100.0", "v2.0.0");
        assertThat(KubernetesVersion.parse("v1.20.2").compareTo(KubernetesVersion.parse("1.20.2"))).isZero();
    }

    @Test
    void atLeastMinorIgnoresThePatch() {
        assertThat(KubernetesVersion.parse("v1.24.0").atLeastMinor(24)).isTrue();
        assertThat(KubernetesVersion.parse("v1.25.3").atLeastMinor(24)).isTrue();
        assertThat(KubernetesVersion.parse("v1.23.17").atLeastMinor(24)).isFalse();
        assertThat(KubernetesVersion.parse("v0.99.0").atLeastMinor(24)).isFalse();
        assertThat(KubernetesVersion.parse("v2.0.0").atLeastMinor(24)).isTrue();
    }
}
