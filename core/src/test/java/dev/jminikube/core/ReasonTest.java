package dev.jminikube.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ReasonTest {
    @Test
    void idsAreUnique() {
        Set<String> ids = new HashSet<>();
        Arrays.stream(Reason.values()).forEach(r -> assertThat(ids.add(r.id())).as(r.id()).isTrue());
    }

    @ParameterizedTest
    @EnumSource(Reason.class)
    void exitCodeLiesInItsLayersBand(Reason reason) {
        assertThat(reason.exitCode()).isBetween(reason.layer().band(), reason.layer().band() + 9);
    }

    @ParameterizedTest
    @EnumSource(Reason.class)
    void everyReasonHasOneLineOfAdvice(Reason reason) {
        assertThat(reason.advice()).isNotBlank().doesNotContain("\n");
        assertThat(reason.id()).matches("[A-Z0-9_]+");
    }

    @Test
    void exitCodesOfKnownReasonsAreStable() {
        // Scripts depend on these; changing one is a breaking change.
        assertThat(Reason.USAGE.exitCode()).isEqualTo(14);
        assertThat(Reason.RESOURCE_CPUS.exitCode()).isEqualTo(24);
        assertThat(Reason.HOST_TOOL_MISSING.exitCode()).isEqualTo(35);
        assertThat(Reason.STATE_FILE_CORRUPT.exitCode()).isEqualTo(34);
        assertThat(Reason.DRIVER_UNKNOWN.exitCode()).isEqualTo(54);
        assertThat(Reason.GUEST_SSH_TIMEOUT.exitCode()).isEqualTo(68);
        assertThat(Reason.HOST_FILE_NOT_OURS.exitCode()).isEqualTo(39);
    }

    @Test
    void situationAdviceOverridesCatalogue() {
        JmkException e = new JmkException(Reason.HOST_TOOL_MISSING, "qemu is missing");
        assertThat(e.advice()).isEqualTo(Reason.HOST_TOOL_MISSING.advice());
        assertThat(e.withAdvice("apt-get install qemu").advice()).isEqualTo("apt-get install qemu");
    }

    @Test
    void environmentDefaultsAndOverrides() {
        var home = java.nio.file.Path.of("/home/u");
        Environment d = Environment.from(java.util.Map.of(), home, "Linux", "amd64");
        assertThat(d.home()).isEqualTo(home.resolve(".jminikube"));
        assertThat(d.kubeconfig()).isEqualTo(home.resolve(".kube/config"));
        assertThat(d.os()).isEqualTo(HostOs.LINUX);
        Environment e = Environment.from(java.util.Map.of("JMINIKUBE_HOME", "/data/jmk", "KUBECONFIG", "/a:/b"),
                home, "Mac OS X", "aarch64");
        assertThat(e.home()).hasToString("/data/jmk");
        assertThat(e.kubeconfig()).hasToString("/a");
        assertThat(e.os()).isEqualTo(HostOs.MACOS);
    }
}
