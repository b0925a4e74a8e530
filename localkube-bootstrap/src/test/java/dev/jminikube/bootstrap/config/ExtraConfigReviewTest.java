package dev.jminikube.bootstrap.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jminikube.bootstrap.KubernetesVersion;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExtraConfigReviewTest {
    private static final KubernetesVersion V1_20 = KubernetesVersion.parse("v1.20.2");
    private static final KubernetesVersion V1_24 = KubernetesVersion.parse("v1.24.17");
    private static final KubernetesVersion V1_37 = KubernetesVersion.parse("v1.37.2");

    private static ExtraConfigReview.Result review(KubernetesVersion version, String... values) {
        return ExtraConfigReview.review(ExtraConfigParser.parse(List.of(values)), version);
    }

    @Test
    void enableCriIsDroppedWithANoteOnEveryVersion() {
        for (KubernetesVersion version : List.of(V1_20, V1_24, V1_37)) {
            ExtraConfigReview.Result result = review(version, "kubelet.EnableCRI=true", "kubelet.max-pods=50");
            assertThat(result.kept()).extracting(Object::toString).containsExactly("kubelet.max-pods=50");
            assertThat(result.notes()).containsExactly("ignoring --extra-config=kubelet.EnableCRI=true on " + version
                    + ": CRI is always on in every Kubernetes version jminikube runs; ignored");
        }
    }

    @Test
    void kebabSpellingMatchesToo() {
        assertThat(review(V1_20, "kubelet.enable-cri=true").kept()).isEmpty();
    }

    @Test
    void flagsRemovedLaterPassOnVersionsThatStillHaveThem() {
        assertThat(review(V1_20, "apiserver.insecure-port=0", "kubelet.network-plugin=cni").kept()).hasSize(2);
        ExtraConfigReview.Result on124 = review(V1_24, "apiserver.insecure-port=0", "kubelet.network-plugin=cni");
        assertThat(on124.kept()).isEmpty();
        assertThat(on124.notes()).hasSize(2).allSatisfy(n -> assertThat(n).contains("v1.24"));
    }

    @Test
    void containerRuntimeFlagIsKeptUntil127() {
        assertThat(review(KubernetesVersion.parse("v1.26.0"), "kubelet.container-runtime=remote").kept()).hasSize(1);
        assertThat(review(KubernetesVersion.parse("v1.27.0"), "kubelet.container-runtime=remote").kept()).isEmpty();
    }

    @Test
    void sameKeyOnAnotherComponentIsNotLegacy() {
        assertThat(review(V1_37, "apiserver.cadvisor-port=1").kept()).hasSize(1);
    }
}
