package dev.jminikube.bootstrap.binaries;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jminikube.bootstrap.KubernetesVersion;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class GoProxyVersionsTest {
    private static final String LIST = """
            v0.4.0
            v1.20.2
            v1.29.9
            v1.30.0
            v1.30.2-rc.0
            v1.30.10
            v1.30.2
            v1.31.0-alpha.1
            v1.31.1
              v1.32.3\s
            v1.37.2
            v1.38.0
            v2.0.0
            garbage
            """;

    @Test
    void keepsReleasesTheRecipeBuildsSortedNumerically() {
        assertThat(GoProxyVersions.parse(LIST)).extracting(Object::toString)
                .containsExactly("v1.30.0", "v1.30.2", "v1.30.10", "v1.31.1", "v1.32.3", "v1.37.2");
    }

    @Test
    void emptyListIsEmpty() {
        assertThat(GoProxyVersions.parse("")).isEmpty();
    }

    @Test
    void newestPatchOfEachMinor() {
        List<KubernetesVersion> versions = GoProxyVersions.parse(LIST);
        assertThat(GoProxyVersions.newestPatches(versions)).extracting(Object::toString)
                .containsExactly("v1.30.10", "v1.31.1", "v1.32.3", "v1.37.2");
        assertThat(GoProxyVersions.newestPatches(List.of(KubernetesVersion.parse("v1.31.5"),
                KubernetesVersion.parse("v1.31.2")))).containsExactly(KubernetesVersion.parse("v1.31.5"));
    }

    @Test
    void proxyIsTheFirstHttpEntryOfGoproxy() {
        URI fallback = URI.create("https://proxy.golang.org");
        assertThat(GoProxyVersions.proxy("https://proxy.golang.org,direct")).isEqualTo(fallback);
        assertThat(GoProxyVersions.proxy("http://athens.local:3000/,https://proxy.golang.org"))
                .isEqualTo(URI.create("http://athens.local:3000"));
        assertThat(GoProxyVersions.proxy("https://goproxy.example.com|direct"))
                .isEqualTo(URI.create("https://goproxy.example.com"));
        assertThat(GoProxyVersions.proxy("off")).isEqualTo(fallback);
        assertThat(GoProxyVersions.proxy("direct")).isEqualTo(fallback);
        assertThat(GoProxyVersions.proxy("")).isEqualTo(fallback);
        assertThat(GoProxyVersions.proxy(null)).isEqualTo(fallback);
    }
}
