package dev.jminikube.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.jminikube.api.ClusterBuilder;
import dev.jminikube.api.Jminikube;
import dev.jminikube.api.JminikubeException;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The same bad input through the CLI and through the Java API (dev.jminikube.api) fails with the same reason, exit
 * code and message: both go through the cluster module's checks, and this keeps it so.
 */
class ApiCliParityTest {
    @TempDir
    Path home;

    static Stream<Arguments> badInput() {
        return Stream.of(
                Arguments.of("profile name", new String[] {"start", "-p", "Not_A_Name!"},
                        (Function<Path, Runnable>) h -> () -> api(h, "Not_A_Name!").start()),
                Arguments.of("memory", new String[] {"start", "-p", "it", "--memory=lots"},
                        (Function<Path, Runnable>) h -> () -> api(h, "it").memory("lots").start()),
                Arguments.of("CPU count", new String[] {"start", "-p", "it", "--cpus=0"},
                        (Function<Path, Runnable>) h -> () -> api(h, "it").cpus(0).start()),
                Arguments.of("disk size", new String[] {"start", "-p", "it", "--disk-size=1mb"},
                        (Function<Path, Runnable>) h -> () -> api(h, "it").diskSize("1mb").start()),
                Arguments.of("unsupported Kubernetes version", new String[] {"start", "-p", "it", "--kubernetes-version=v1.12.0"},
                        (Function<Path, Runnable>) h -> () -> api(h, "it").kubernetesVersion("v1.12.0").start()),
                Arguments.of("Kubernetes version", new String[] {"start", "-p", "it", "--kubernetes-version=banana"},
                        (Function<Path, Runnable>) h -> () -> api(h, "it").kubernetesVersion("banana").start()),
                Arguments.of("container runtime", new String[] {"start", "-p", "it", "--container-runtime=rkt"},
                        (Function<Path, Runnable>) h -> () -> api(h, "it").containerRuntime("rkt").start()),
                Arguments.of("extra config", new String[] {"start", "-p", "it", "--extra-config=kubeadm.foo=1"},
                        (Function<Path, Runnable>) h -> () -> api(h, "it").extraConfig("kubeadm.foo=1").start()),
                Arguments.of("add-on", new String[] {"start", "-p", "it", "--addons=ingress-dns"},
                        (Function<Path, Runnable>) h -> () -> api(h, "it").addons("ingress-dns").start()),
                Arguments.of("driver", new String[] {"start", "-p", "it", "--driver=parallels"},
                        (Function<Path, Runnable>) h -> () -> api(h, "it").driver("parallels").start()),
                Arguments.of("node image", new String[] {"start", "-p", "it", "--iso-url=/nonexistent/node.iso"},
                        (Function<Path, Runnable>) h -> () -> api(h, "it").isoUrl("/nonexistent/node.iso").start()),
                Arguments.of("missing profile", new String[] {"service", "-p", "nothere", "web"},
                        (Function<Path, Runnable>) h -> () -> api(h, "nothere").connect()));
    }

    /** A profile whose machine settings were damaged on disk: start through either refuses to touch it. */
    @org.junit.jupiter.api.Test
    void aDamagedProfileIsRefusedAlikeThroughBoth() throws java.io.IOException {
        Path config = home.resolve("machines").resolve("it").resolve("config.yaml");
        java.nio.file.Files.createDirectories(config.getParent());
        java.nio.file.Files.writeString(config, "driver: [qemu\n");
        theApiFailsAsTheCliDoes("machine settings", new String[] {"start", "-p", "it"}, h -> () -> api(h, "it").start());
        assertThat(java.nio.file.Files.readString(config)).as("left as it was").isEqualTo("driver: [qemu\n");
    }

    private static ClusterBuilder api(Path home, String profile) {
        return Jminikube.cluster(profile).jminikubeHome(home)
                .environment(Map.of("PATH", "/usr/bin:/bin", "KUBECONFIG", home.resolve("kubeconfig").toString()));
    }

    @ParameterizedTest(name = "bad {0}")
    @MethodSource("badInput")
    void theApiFailsAsTheCliDoes(String what, String[] cliArgs, Function<Path, Runnable> apiCall) {
        CliHarness.Run cli = new CliHarness(home, Map.of("PATH", "/usr/bin:/bin"), false).run(cliArgs);
        String exitLine = cli.err().lines().filter(l -> l.startsWith("X Exiting due to ")).findFirst().orElseThrow();

        JminikubeException api = catchThrowableOfType(JminikubeException.class, () -> apiCall.apply(home).run());

        assertThat(api).as("the API fails for a bad %s", what).isNotNull();
        assertThat(exitLine).startsWith("X Exiting due to " + api.reasonId() + ": ");
        assertThat(cli.code()).isEqualTo(api.exitCode());
        if (!what.equals("missing profile")) { // service and connect word the missing cluster each their own way
            assertThat(exitLine).isEqualTo("X Exiting due to " + api.reasonId() + ": " + api.getMessage());
        }
    }
}
