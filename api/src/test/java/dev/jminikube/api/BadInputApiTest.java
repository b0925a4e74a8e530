package dev.jminikube.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.jminikube.core.Reason;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input through the API fails as the CLI fails for the same input (the reason IDs here are the ones
 * BadInputCliTest asserts; cli's ApiCliParityTest runs both side by side), before anything slow: no machine
 * directory, no cache.
 */
class BadInputApiTest {
    @TempDir
    Path home;

    @AfterEach
    void nothingWasCreated() {
        assertThat(home.resolve("jmk/machines")).doesNotExist();
        assertThat(home.resolve("jmk/cache")).doesNotExist();
    }

    private ClusterBuilder cluster(String profile) {
        return Jminikube.cluster(profile).jminikubeHome(home.resolve("jmk"))
                .environment(Map.of("PATH", "/usr/bin:/bin", "KUBECONFIG", home.resolve("kubeconfig").toString()));
    }

    /** Starts {@code profile} configured by {@code config}; returns what it failed with, checked against {@code reason}. */
    private JminikubeException startFails(Reason reason, String profile, UnaryOperator<ClusterBuilder> config) {
        JminikubeException e = catchThrowableOfType(JminikubeException.class, () -> config.apply(cluster(profile)).start());
        assertFailure(e, reason);
        return e;
    }

    private static void assertFailure(JminikubeException e, Reason reason) {
        assertThat(e).as("a JminikubeException").isNotNull();
        assertThat(e.reasonId()).as(e.toString()).isEqualTo(reason.id());
        assertThat(e.exitCode()).isEqualTo(reason.exitCode());
        assertThat(e.advice()).isNotBlank();
        assertThat(e.getCause()).as("no internal exception behind a known reason").isNull();
    }

    @Test
    void badProfileName() {
        JminikubeException e = startFails(Reason.PROFILE_NAME_INVALID, "Not_A_Name!", b -> b);
        assertThat(e.getMessage()).contains("Not_A_Name!");
    }

    @Test
    void badMemorySize() {
        JminikubeException e = startFails(Reason.RESOURCE_MEMORY, "it", b -> b.memory("lots"));
        assertThat(e.getMessage()).contains("lots");
    }

    @Test
    void noNodes() {
        JminikubeException e = startFails(Reason.USAGE, "it", b -> b.nodes(0));
        assertThat(e.getMessage()).isEqualTo("--nodes=0 is not between 1 and 99");
    }

    @Test
    void unknownKubernetesVersion() {
        JminikubeException e = startFails(Reason.K8S_VERSION_INVALID, "it", b -> b.kubernetesVersion("banana"));
        assertThat(e.getMessage()).contains("'banana' is not a Kubernetes version");
    }

    @Test
    void unknownContainerRuntime() {
        JminikubeException e = startFails(Reason.RUNTIME_UNSUPPORTED, "it", b -> b.containerRuntime("rkt"));
        assertThat(e.getMessage()).contains("rkt").contains("containerd");
    }

    @Test
    void badExtraConfig() {
        JminikubeException e = startFails(Reason.EXTRA_CONFIG_INVALID, "it", b -> b.extraConfig("kubeadm.foo=1"));
        assertThat(e.getMessage()).contains("unknown component 'kubeadm'");
    }

    @Test
    void unknownAddon() {
        JminikubeException e = startFails(Reason.ADDON_UNKNOWN, "it", b -> b.addons("dashboard", "ingress-dns"));
        assertThat(e.getMessage()).contains("\"ingress-dns\"");
    }

    @Test
    void unknownDriver() {
        JminikubeException e = startFails(Reason.DRIVER_UNKNOWN, "it", b -> b.driver("parallels"));
        assertThat(e.getMessage()).contains("parallels");
    }

    @Test
    void missingNodeImage() {
        JminikubeException e = startFails(Reason.GUEST_IMAGE_MISSING, "it",
                b -> b.isoUrl(home.resolve("missing.iso").toString()));
        assertThat(e.getMessage()).contains("missing.iso");
    }

    @Test
    void connectingToAProfileThatDoesNotExist() {
        JminikubeException e = catchThrowableOfType(JminikubeException.class, () -> cluster("nothere").connect());
        assertFailure(e, Reason.GUEST_NOT_FOUND);
        assertThat(e.getMessage()).contains("\"nothere\"");
    }

    @Test
    void operationsOnAProfileThatDoesNotExist() {
        Cluster gone = new Cluster(cluster("nothere").environment(), "nothere", true, ClusterListener.NONE, false, false);
        assertFailure(catchThrowableOfType(JminikubeException.class, () -> gone.ssh("true")), Reason.GUEST_NOT_FOUND);
        assertFailure(catchThrowableOfType(JminikubeException.class, gone::kubeconfig), Reason.GUEST_NOT_FOUND);
        assertFailure(catchThrowableOfType(JminikubeException.class, gone::client), Reason.GUEST_NOT_FOUND);
        assertFailure(catchThrowableOfType(JminikubeException.class, () -> gone.serviceUrl("default", "web")),
                Reason.GUEST_NOT_FOUND);
        assertFailure(catchThrowableOfType(JminikubeException.class, gone::stop), Reason.GUEST_NOT_FOUND);
        assertFailure(catchThrowableOfType(JminikubeException.class, gone::problemLogs), Reason.GUEST_NOT_FOUND);
    }

    @Test
    void loadingAMissingOrCompressedImageArchive(@TempDir Path files) throws java.io.IOException {
        Cluster gone = new Cluster(cluster("nothere").environment(), "nothere", true, ClusterListener.NONE, false, false);
        // The archive is checked on this host before the cluster is looked for, as by 'image load'.
        assertFailure(catchThrowableOfType(JminikubeException.class, () -> gone.loadImage(files.resolve("absent.tar"))),
                Reason.IMAGE_FILE_INVALID);
        java.nio.file.Files.writeString(files.resolve("tool"), "#!/bin/sh\n");
        Path tar = ImageArchive.named("x.local/app:1").staticBinary(files.resolve("tool"), "/tool").command("/tool")
                .writeTo(files.resolve("app.tar"));
        Path gzipped = files.resolve("app.tar.gz");
        try (var out = new java.util.zip.GZIPOutputStream(java.nio.file.Files.newOutputStream(gzipped))) {
            java.nio.file.Files.copy(tar, out);
        }
        JminikubeException e = catchThrowableOfType(JminikubeException.class, () -> gone.loadImage(gzipped));
        assertFailure(e, Reason.IMAGE_FILE_INVALID);
        assertThat(e.advice()).contains("gunzip");
    }
}
