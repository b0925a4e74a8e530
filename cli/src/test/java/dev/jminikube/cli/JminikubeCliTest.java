package dev.jminikube.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import dev.jminikube.core.input.FlagValues;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The CLI plumbing, hermetic: no VM is started (every case fails before the driver would run). */
class JminikubeCliTest {
    @TempDir
    Path home;

    private CliHarness cli;

    @BeforeEach
    void setUp() {
        cli = new CliHarness(home, Map.of("PATH", "/usr/bin:/bin"), false);
    }

    private CliHarness.Run run(String... args) {
        return cli.run(args);
    }

    @Test
    void helpListsEveryVerb() {
        CliHarness.Run r = run("--help");
        assertThat(r.code()).isZero();
        for (String verb : new String[] {"start", "stop", "delete", "status", "ip", "ssh", "version", "iso"}) {
            assertThat(r.out()).containsPattern("(?m)^  " + verb + " ");
        }
    }

    @Test
    void unknownVerbIsAUsageErrorPrintedOnce() {
        CliHarness.Run r = run("frobnicate");
        assertThat(r.code()).isEqualTo(Reason.USAGE.exitCode());
        assertThat(r.err()).contains("X Exiting due to MK_USAGE: Unmatched argument at index 0: 'frobnicate'")
                .contains("* Advice: Run 'jminikube --help'");
        assertThat(r.err().split("Exiting due to", -1)).hasSize(2);
    }

    @Test
    void invalidProfileNameIsRejectedBeforeAnythingRuns() {
        CliHarness.Run r = run("start", "--no-kubernetes", "-p", "my profile");
        assertThat(r.code()).isEqualTo(Reason.PROFILE_NAME_INVALID.exitCode());
        assertThat(r.err()).contains("X Exiting due to MK_PROFILE_NAME");
        assertThat(home.resolve("machines")).doesNotExist();
    }

    @Test
    void malformedMemoryIsAResourceError() {
        CliHarness.Run r = run("start", "--no-kubernetes", "--memory", "lots");
        assertThat(r.code()).isEqualTo(Reason.RESOURCE_MEMORY.exitCode());
        assertThat(r.err()).contains("--memory 'lots' is not a size");
    }

    @Test
    void badFlagsForANewMachineFailBeforeTheNodeImageIsBuilt() {
        CliHarness.Run r = run("start", "--no-kubernetes", "--cpus", "0");
        assertThat(r.code()).isEqualTo(Reason.RESOURCE_CPUS.exitCode());
        assertThat(r.err()).contains("--cpus=0");
        assertThat(run("start", "--no-kubernetes", "--memory", "10").code()).isEqualTo(Reason.RESOURCE_MEMORY.exitCode());
        assertThat(run("start", "--no-kubernetes", "--disk-size", "1g").code())
                .isEqualTo(Reason.RESOURCE_DISK_SIZE.exitCode());
        assertThat(home.resolve("cache")).doesNotExist();
    }

    @Test
    void missingIsoIsAGuestImageError() {
        CliHarness.Run r = run("start", "--no-kubernetes", "--iso-url", home.resolve("nope.iso").toString());
        assertThat(r.code()).isEqualTo(Reason.GUEST_IMAGE_MISSING.exitCode());
        assertThat(r.err()).contains("nope.iso does not exist");
    }

    @Test
    void statusOfAMissingProfileIsNonexistentWithMinikubesExitCode() {
        CliHarness.Run r = run("status", "-o", "json");
        assertThat(r.code()).isEqualTo(StatusCommand.EXIT_NONEXISTENT);
        assertThat(r.out()).contains("\"Name\":\"minikube\"").contains("\"Host\":\"Nonexistent\"");
    }

    @Test
    void statusRejectsUnknownOutputFormat() {
        assertThat(run("status", "-o", "xml").code()).isEqualTo(Reason.USAGE.exitCode());
    }

    @Test
    void deleteOfAMissingProfileSucceedsSayingSoAndLeavesNoLockFile() {
        CliHarness.Run r = run("delete", "-p", "ghost");
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo("* Profile \"ghost\" not found. 'jminikube profile list' shows the profiles.\n");
        assertThat(home.resolve("locks")).doesNotExist();
    }

    /** JMINIKUBE_HOME pointing at a directory of the user's: purge takes jminikube's part and names what it left. */
    @Test
    void purgeLeavesForeignFilesAndSaysWhichInOneLine() throws Exception {
        Path jmk = home.resolve("somewhere");
        CliHarness cli = new CliHarness(jmk, Map.of("PATH", "/usr/bin:/bin"), false);
        Files.createDirectories(jmk.resolve("cache/iso"));
        Files.createDirectories(jmk.resolve("machines"));
        Files.writeString(jmk.resolve("thesis.tex"), "years of work");
        CliHarness.Run r = cli.run("delete", "--all", "--purge");
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo("* Deleted every profile and jminikube's files in " + jmk
                + "; left it in place with what jminikube did not make: thesis.tex.\n");
        assertThat(jmk.resolve("thesis.tex")).hasContent("years of work");
        assertThat(jmk.resolve("cache")).doesNotExist();
        Files.delete(jmk.resolve("thesis.tex"));
        Files.createDirectories(jmk.resolve("logs"));
        assertThat(cli.run("delete", "--all", "--purge").out()).isEqualTo("* Deleted every profile and " + jmk + ".\n");
        assertThat(jmk).doesNotExist();
    }

    @Test
    void purgesLineNamesAFewLeftoversAndCountsTheRest() {
        assertThat(DeleteCommand.leftLine(new dev.jminikube.drivers.MachineManager.Purge(false,
                java.util.List.of("a", "b", "c", "d", "e", "f", "g")))).isEqualTo(
                "left it in place with what jminikube did not make: a, b, c, d, e and 2 more.");
    }

    @Test
    void deleteTakesTheProfilesContextOutOfTheKubeconfig() throws Exception {
        Path kubeconfig = home.resolve(".kube/config");
        Files.createDirectories(kubeconfig.getParent());
        Files.writeString(kubeconfig, """
                clusters:
                - {name: ghost, cluster: {server: "https://127.0.0.1:1"}}
                - {name: prod, cluster: {server: "https://prod:6443"}}
                contexts:
                - {name: ghost, context: {cluster: ghost, user: ghost}}
                users:
                - {name: ghost, user: {token: t}}
                current-context: ghost
                """);

        CliHarness.Run r = run("delete", "-p", "ghost");

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).doesNotContain("kubeconfig");
        assertThat(Files.readString(kubeconfig)).isEqualTo("""
                clusters:
                - {name: prod, cluster: {server: "https://prod:6443"}}
                contexts: []
                users: []
                current-context: ""
                """);
    }

    /** kubectl refused the whole file once aliases had been written back as strings; now it is left alone. */
    @Test
    void deleteLeavesAKubeconfigWithAliasesAloneAndSaysWhatToDo() throws Exception {
        Path kubeconfig = home.resolve(".kube/config");
        Files.createDirectories(kubeconfig.getParent());
        String anchored = """
                clusters:
                - {name: ghost, cluster: {server: "https://127.0.0.1:1"}}
                users:
                - name: ghost
                  user: &u {token: t}
                - name: ghost-too
                  user: *u
                """;
        Files.writeString(kubeconfig, anchored);

        CliHarness.Run r = run("delete", "-p", "ghost");

        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("Profile \"ghost\" has no machine; took its entries out of the kubeconfig.");
        assertThat(r.err().lines().toList()).containsSubsequence(
                "! the context \"ghost\" is still in the kubeconfig: " + kubeconfig + " was left as it was: it "
                        + "contains a YAML anchor (&u at line 5), which jminikube cannot write back unchanged",
                "! Remove the cluster, user and context named \"ghost\" from it yourself.");
        assertThat(Files.readString(kubeconfig)).isEqualTo(anchored);
    }

    @Test
    void kubectlUsesTheProfilesOwnKubeconfigWhenTheUsersLacksItsContext() throws Exception {
        dev.jminikube.core.Environment env = dev.jminikube.core.Environment.from(Map.of("JMINIKUBE_HOME",
                home.toString()), home, "Linux", "amd64");
        Path own = dev.jminikube.bootstrap.NodeConfiguration.profileKubeconfig(dev.jminikube.cluster.ProfileStore.of(env, "dev").dir());
        assertThat(KubectlCommand.kubeconfigWithContext(env, "dev")).as("no file of its own yet")
                .isEqualTo(env.kubeconfig());

        Files.createDirectories(own.getParent());
        Files.writeString(own, "clusters: []\n");
        assertThat(KubectlCommand.kubeconfigWithContext(env, "dev")).as("no user kubeconfig").isEqualTo(own);

        Files.createDirectories(env.kubeconfig().getParent());
        Files.writeString(env.kubeconfig(), "users:\n- name: a\n  user: &u {token: t}\n- name: b\n  user: *u\n");
        assertThat(KubectlCommand.kubeconfigWithContext(env, "dev")).as("left alone by start").isEqualTo(own);

        Files.writeString(env.kubeconfig(), """
                clusters: [{name: dev, cluster: {server: "https://127.0.0.1:1"}}]
                contexts: [{name: dev, context: {cluster: dev, user: dev}}]
                """);
        assertThat(KubectlCommand.kubeconfigWithContext(env, "dev")).as("configured").isEqualTo(env.kubeconfig());
    }

    @Test
    void versionNamesTheNodeImage() {
        CliHarness.Run r = run("version");
        assertThat(r.out()).contains("jminikube version: v0.1.0").containsPattern("node image: v\\d+\\.\\d+\\.\\d+ \\(recipe [0-9a-f]{12}\\)");
    }

    @Test
    void unwritableIsoOutputFailsBeforeBuilding() throws Exception {
        Path file = Files.writeString(home.resolve("a-file"), "x");
        CliHarness.Run r = run("iso", "build", "--output", file.resolve("sub").toString());
        assertThat(r.code()).isEqualTo(Reason.HOST_PATH_NOT_WRITABLE.exitCode());
        assertThat(home.resolve("cache")).doesNotExist();
    }

    @ParameterizedTest
    @CsvSource({"2200,2200", "2200mb,2200", "4g,4096", "4GB,4096", "1t,1048576", "512k,0"})
    void sizesInMegabytes(String text, long mb) {
        assertThat(FlagValues.megabytes(dev.jminikube.cluster.StartRequest.MEMORY, text)).isEqualTo(mb);
    }

    @Test
    void badSizeNamesTheFlag() {
        assertThatThrownBy(() -> FlagValues.megabytes(dev.jminikube.cluster.StartRequest.DISK_SIZE, "20 parsecs"))
                .isInstanceOf(JmkException.class).hasMessageContaining("--disk-size '20 parsecs' is not a size");
    }
}
