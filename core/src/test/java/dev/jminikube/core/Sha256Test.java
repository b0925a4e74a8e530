package dev.jminikube.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class Sha256Test {
    private static final String DIGEST = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    @Test
    void parsesBareAndSha256sumStyleFiles() {
        assertThat(Sha256.of(new byte[0])).isEqualTo(DIGEST);
        assertThat(Sha256.parsePublished(DIGEST)).hasValue(DIGEST);
        assertThat(Sha256.parsePublished(DIGEST.toUpperCase() + "  kubelet\n")).hasValue(DIGEST);
        assertThat(Sha256.parsePublished("\n" + DIGEST + "\n")).hasValue(DIGEST);
        assertThat(Sha256.parsePublished("<html>Not Found</html>")).isEmpty();
        assertThat(Sha256.parsePublished(DIGEST + "00")).isEmpty();
    }
}
