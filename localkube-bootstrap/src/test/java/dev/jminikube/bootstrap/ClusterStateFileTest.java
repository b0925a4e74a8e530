package dev.jminikube.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.jminikube.bootstrap.ClusterStateFile.ClusterState;
import dev.jminikube.bootstrap.config.ExtraConfigParser;
import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterStateFileTest {
    @TempDir
    Path dir;

    private static ClusterState state(String version, ContainerRuntime runtime, String... extra) {
        ClusterConfig config = ClusterConfig.of("dev", KubernetesVersion.parse(version), runtime, NetworkPlugin.CNI,
                ExtraConfigParser.parse(List.of(extra)), 40000);
        return ClusterState.of(config, "cache (from dl.k8s.io earlier)");
    }

    @Test
    void roundTripsWhatStartWasAskedFor() {
        Path file = ClusterStateFile.in(dir.resolve("machines/dev"));
        ClusterState written = state("v1.23.17", ContainerRuntime.DOCKER, "kubelet.max-pods=50",
                "apiserver.v=2");
        ClusterStateFile.write(file, written);

        ClusterState read = ClusterStateFile.read(file).orElseThrow();
        assertThat(read).isEqualTo(written);
        assertThat(read.version()).isEqualTo(KubernetesVersion.of(1, 23, 17));
        assertThat(read.runtime()).isEqualTo(ContainerRuntime.DOCKER);
        assertThat(read.networkPlugin()).isEqualTo("cni");
        assertThat(read.extraConfig()).containsExactly("kubelet.max-pods=50", "apiserver.v=2");
        assertThat(read.binariesServedBy()).isEqualTo("cache (from dl.k8s.io earlier)");
        assertThat(file.getFileName()).hasToString("cluster.json");
    }

    /** What start dropped (a flag the version no longer has) is kept for 'logs'; a file from before has none. */
    @Test
    void roundTripsTheIgnoredOptionsAndAnOlderFileHasNone() throws Exception {
        Path file = ClusterStateFile.in(dir);
        ClusterState written = state("v1.37.2", ContainerRuntime.CONTAINERD, "kubelet.max-pods=50")
                .withIgnoredExtraConfig(ExtraConfigParser.parse(List.of("kubelet.EnableCRI=true")));
        ClusterStateFile.write(file, written);
        assertThat(ClusterStateFile.read(file).orElseThrow()).isEqualTo(written)
                .extracting(ClusterState::ignoredExtraConfig).asList().containsExactly("kubelet.EnableCRI=true");

        Files.writeString(file, "{\"kubernetesVersion\":\"v1.30.0\",\"containerRuntime\":\"containerd\","
                + "\"networkPlugin\":\"cni\",\"extraConfig\":[\"kubelet.max-pods=50\"]}");
        assertThat(ClusterStateFile.read(file).orElseThrow().ignoredExtraConfig()).isEmpty();
        assertThat(damaged("{\"kubernetesVersion\":\"v1.30.0\",\"containerRuntime\":\"containerd\","
                + "\"ignoredExtraConfig\":[\"nodot\"]}").getMessage()).contains("field 'ignoredExtraConfig[0]' holds 'nodot'");
    }

    @Test
    void missingFileIsEmpty() {
        assertThat(ClusterStateFile.read(dir.resolve("nothere/cluster.json"))).isEmpty();
    }

    @Test
    void rewriteReplacesAtomicallyAndLeavesNoTemporaryFile() throws Exception {
        Path file = ClusterStateFile.in(dir);
        ClusterStateFile.write(file, state("v1.20.2", ContainerRuntime.CONTAINERD));
        ClusterStateFile.write(file, state("v1.37.2", ContainerRuntime.CONTAINERD, "kubelet.max-pods=50"));

        assertThat(ClusterStateFile.read(file).orElseThrow().kubernetesVersion()).isEqualTo("v1.37.2");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("cluster.json");
        }
    }

    @Test
    void unknownFieldsFromANewerVersionAreIgnored() throws Exception {
        Path file = ClusterStateFile.in(dir);
        Files.writeString(file, "{\"kubernetesVersion\":\"v1.30.0\",\"containerRuntime\":\"containerd\","
                + "\"networkPlugin\":\"cni\",\"addons\":[\"x\"]}");
        ClusterState read = ClusterStateFile.read(file).orElseThrow();
        assertThat(read.version()).isEqualTo(KubernetesVersion.of(1, 30, 0));
        assertThat(read.extraConfig()).isEmpty();
    }

    /** Reads {@code content} as machines/dev/cluster.json and returns the refusal, checked for what every one says. */
    private JmkException damaged(String content) throws Exception {
        Path file = ClusterStateFile.in(dir.resolve("machines/dev"));
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        JmkException e = catchThrowableOfType(JmkException.class, () -> ClusterStateFile.read(file));
        assertThat(e).as("reading %s", content).isNotNull();
        assertThat(e.reason()).isEqualTo(Reason.STATE_FILE_CORRUPT);
        assertThat(e.getMessage()).startsWith(file + " is damaged: ").doesNotContain("\n");
        assertThat(e.advice()).startsWith("Fix " + file + " (it records the Kubernetes version")
                .endsWith("or run 'jminikube delete -p dev' to start afresh.");
        return e;
    }

    @Test
    void notJsonIsADamagedFileNotABug() throws Exception {
        assertThat(damaged("{not json").getMessage()).contains("it is not valid JSON at line 1, column 2: Unexpected character");
    }

    @Test
    void emptyOrTruncatedIsADamagedFile() throws Exception {
        assertThat(damaged("").getMessage()).endsWith("it is empty");
        assertThat(damaged("{\"kubernetesVersion\":\"v1.30.0\",\"containerRun").getMessage())
                .contains("it ends early at line 1");
    }

    @Test
    void aWrongTypeIsADamagedFile() throws Exception {
        assertThat(damaged("{\"kubernetesVersion\":\"v1.30.0\",\"containerRuntime\":\"containerd\","
                + "\"extraConfig\":\"kubelet.max-pods=50\"}").getMessage())
                .contains("field 'extraConfig' at line 1").contains("expected a list");
        assertThat(damaged("{\"kubernetesVersion\":1.30,\"containerRuntime\":\"containerd\"}").getMessage())
                .contains("field 'kubernetesVersion'");
    }

    @Test
    void valuesThatDoNotParseAreNamedByField() throws Exception {
        assertThat(damaged("{\"kubernetesVersion\":\"banana\",\"containerRuntime\":\"containerd\"}").getMessage())
                .endsWith("field 'kubernetesVersion' holds 'banana', which is not a Kubernetes version (vMAJOR.MINOR.PATCH)");
        assertThat(damaged("{\"kubernetesVersion\":\"v1.30.0\",\"containerRuntime\":\"rkt\"}").getMessage())
                .contains("field 'containerRuntime' holds 'rkt', which jminikube cannot use: ");
        assertThat(damaged("{\"kubernetesVersion\":\"v1.30.0\",\"containerRuntime\":\"containerd\","
                + "\"extraConfig\":[\"kubelet.node-labels=a\\nExecStartPre=/bin/sh\"]}").getMessage())
                .contains("field 'extraConfig[0]' holds 'kubelet.node-labels=a\\nExecStartPre=/bin/sh'");
        assertThat(damaged("{\"containerRuntime\":\"containerd\"}").getMessage())
                .endsWith("field 'kubernetesVersion' is missing");
    }
}
