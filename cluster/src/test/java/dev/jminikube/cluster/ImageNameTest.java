package dev.jminikube.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImageNameTest {
    @ParameterizedTest
    @CsvSource({
            "hello,                                    docker.io/library/hello:latest,        hello:latest",
            "hello:1.0,                                docker.io/library/hello:1.0,           hello:1.0",
            "team/app:v2,                              docker.io/team/app:v2,                 team/app:v2",
            "docker.io/library/nginx:1.22,             docker.io/library/nginx:1.22,          nginx:1.22",
            "registry.local:5000/a/b-c__d.e:T_1,       registry.local:5000/a/b-c__d.e:T_1,    registry.local:5000/a/b-c__d.e:T_1",
            "localhost/app,                            localhost/app:latest,                  localhost/app:latest",
            "jminikube.local/coredns:v1.15.0,          jminikube.local/coredns:v1.15.0,       jminikube.local/coredns:v1.15.0",
    })
    void normalizesAsContainerdStoresAndDockerShows(String text, String normalized, String familiar) {
        ImageName name = ImageName.parse(text);
        assertThat(name.normalized()).isEqualTo(normalized);
        assertThat(name.familiar()).isEqualTo(familiar);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Hello:1          | \"Hello\" must be lower-case",
            "app:             | the tag \"\"",
            "app:-x           | the tag \"-x\"",
            "a//b             | an empty path component",
            "app@sha256:abc   | the digest",
            "my_registry:5000/app | \"my_registry:5000\" is not a host",
            "'   '            | it is empty",
    })
    void badNamesSayWhichPartIsWrong(String text, String why) {
        assertThatThrownBy(() -> ImageName.parse(text)).isInstanceOf(JmkException.class)
                .hasMessageContaining("is not an image name").hasMessageContaining(why)
                .extracting(e -> ((JmkException) e).reason()).isEqualTo(Reason.IMAGE_NAME_INVALID);
    }

    @org.junit.jupiter.api.Test
    void aDigestNeedsNoTag() {
        String digest = "sha256:" + "a".repeat(64);
        assertThat(ImageName.parse("busybox@" + digest).normalized()).isEqualTo("docker.io/library/busybox@" + digest);
    }
}
