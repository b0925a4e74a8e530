package dev.jminikube.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jminikube.core.Environment;
import dev.jminikube.core.HostOs;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** --build-arg KEY alone takes its value from the user's environment, not the node's, as docker build does. */
class ImageBuildArgsTest {
    private final Environment env = new Environment(Path.of("/home/u/.jminikube"), Path.of("/home/u/.kube/config"),
            HostOs.LINUX, "amd64", Map.of("VERSION", "1.2", "EMPTY", ""));

    @Test
    void aKeyAloneTakesItsValueFromThisEnvironmentOrIsLeftOut() {
        assertThat(ImageBuildCommand.withValues(List.of("GREETING=hi", "VERSION", "EMPTY", "UNSET", "X=a=b"), env))
                .as("UNSET is left out: the Dockerfile's default applies").containsExactly("GREETING=hi", "VERSION=1.2",
                        "EMPTY=", "X=a=b");
    }
}
