package dev.jminikube.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jminikube.bootstrap.ClusterConfig;
import dev.jminikube.bootstrap.ClusterStateFile;
import dev.jminikube.bootstrap.ContainerRuntime;
import dev.jminikube.bootstrap.KubernetesVersion;
import dev.jminikube.bootstrap.NetworkPlugin;
import dev.jminikube.core.Environment;
import dev.jminikube.core.Reason;
import dev.jminikube.core.exec.RecordingCommandRunner;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ssh-key}, {@code update-context}, {@code cp} and {@code logs --file}. Machines are made of files alone
 * (a none machine reads as running from its files); the node is a recording runner and the API server's endpoint
 * a fixed URI, given through {@link ClusterReach}.
 */
class NodeVerbsCliTest {
    private static final String PROFILE = "dev";
    private static final URI API_SERVER = URI.create("https://127.0.0.1:41000");

    @TempDir
    Path home;
    @TempDir
    Path workDir;
    private Path kubeconfig;
    private final RecordingCommandRunner node = new RecordingCommandRunner();

    @BeforeEach
    void setUp() {
        kubeconfig = home.resolve("kubeconfig");
    }

    private CliHarness.Run run(String... args) {
        Environment env = Environment.from(Map.of("JMINIKUBE_HOME", home.toString(), "KUBECONFIG", kubeconfig.toString(),
                "PATH", "/usr/bin:/bin"), home, workDir, "Linux", System.getProperty("os.arch"));
        return CliHarness.run(env, CliHarness.fixedReach(API_SERVER, node), args);
    }

    private Path machine(String driver, boolean cluster) throws IOException {
        Path dir = CliHarness.createdMachine(home, PROFILE, driver);
        if (cluster) {
            ClusterStateFile.write(ClusterStateFile.in(dir), ClusterStateFile.ClusterState.of(ClusterConfig.of(PROFILE,
                    KubernetesVersion.of(1, 20, 2), ContainerRuntime.CONTAINERD, NetworkPlugin.CNI, List.of(), 41000),
                    "cache"));
        }
        return dir;
    }

    // ssh-key

    @Test
    void sshKeyPrintsThePathOfTheMachinesPrivateKeyAlone() throws IOException {
        Path key = machine("qemu", false).resolve("id_ed25519");
        Files.writeString(key, "-----BEGIN OPENSSH PRIVATE KEY-----\n");
        CliHarness.Run r = run("ssh-key", "-p", PROFILE);
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo(key.toAbsolutePath() + "\n");
    }

    @Test
    void sshKeyOfAMachineWhoseKeyIsGoneSaysSo() throws IOException {
        machine("qemu", false);
        CliHarness.Run r = run("ssh-key", "-p", PROFILE);
        assertThat(r.code()).isEqualTo(Reason.STATE_FILE_CORRUPT.exitCode());
        assertThat(CliHarness.exitLine(r)).contains("the SSH key of profile \"dev\" is missing");
    }

    @Test
    void sshKeyOfANoneMachineOrOfNoMachineIsRefused() throws IOException {
        assertThat(run("ssh-key", "-p", PROFILE).code()).isEqualTo(Reason.GUEST_NOT_FOUND.exitCode());
        machine("none", false);
        CliHarness.Run r = run("ssh-key", "-p", PROFILE);
        assertThat(r.code()).isEqualTo(Reason.USAGE.exitCode());
        assertThat(CliHarness.exitLine(r)).contains("none driver");
        assertThat(r.out()).isEmpty();
    }

    // update-context

    private void kubeconfigPointingAt(String server) throws IOException {
        Files.writeString(kubeconfig, """
                apiVersion: v1
                kind: Config
                clusters:
                - name: prod
                  cluster:
                    server: https://10.1.2.3:6443
                - name: dev
                  cluster:
                    certificate-authority-data: Q0E=
                    server: %s
                contexts:
                - name: dev
                  context:
                    cluster: dev
                    user: dev
                current-context: prod
                """.formatted(server));
    }

    @Test
    void updateContextRepointsOnlyTheServerOfTheProfilesCluster() throws IOException {
        machine("none", true);
        kubeconfigPointingAt("https://127.0.0.1:39999");

        CliHarness.Run r = run("update-context", "-p", PROFILE);

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("* \"dev\" context in " + kubeconfig + " now points at " + API_SERVER
                + " (was https://127.0.0.1:39999).\n");
        String after = Files.readString(kubeconfig);
        assertThat(after).contains("server: " + API_SERVER).contains("server: https://10.1.2.3:6443")
                .contains("certificate-authority-data: Q0E=").contains("current-context: prod")
                .doesNotContain("39999");
    }

    /** A trailing slash is the same server to kubectl; the line quotes the file as it is. */
    @Test
    void updateContextOfACorrectEntryLeavesTheFileUntouched() throws IOException {
        machine("none", true);
        kubeconfigPointingAt(API_SERVER + "/");
        String before = Files.readString(kubeconfig);

        CliHarness.Run r = run("update-context", "-p", PROFILE);

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("* \"dev\" context in " + kubeconfig + " is already correct: " + API_SERVER + "/.\n");
        assertThat(Files.readString(kubeconfig)).isEqualTo(before);
    }

    @Test
    void updateContextWithoutTheProfilesContextSaysHowToGetOne() throws IOException {
        machine("none", true);
        Files.writeString(kubeconfig, "apiVersion: v1\nclusters: []\ncontexts: []\n");
        CliHarness.Run r = run("update-context", "-p", PROFILE);
        assertThat(r.code()).isEqualTo(Reason.KUBECONFIG_NO_CONTEXT.exitCode()).isEqualTo(87);
        assertThat(CliHarness.exitLine(r)).contains("has no context \"dev\"");
        assertThat(r.err()).contains("* Advice: Run 'jminikube start' for the profile");
    }

    @Test
    void updateContextOfAMachineWithoutKubernetesIsRefused() throws IOException {
        machine("none", false);
        kubeconfigPointingAt("https://127.0.0.1:39999");
        CliHarness.Run r = run("update-context", "-p", PROFILE);
        assertThat(r.code()).isEqualTo(Reason.USAGE.exitCode());
        assertThat(CliHarness.exitLine(r)).contains("runs no Kubernetes");
        assertThat(Files.readString(kubeconfig)).contains("39999");
    }

    // cp

    @Test
    void cpCopiesAHostFileToTheNodeInMinikubesForm() throws IOException {
        machine("none", true);
        Files.writeString(workDir.resolve("local.txt"), "hello node");

        CliHarness.Run r = run("cp", "-p", PROFILE, "./local.txt", "/home/docker/remote.txt");

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(node.fileText("/home/docker/remote.txt")).isEqualTo("hello node");
        assertThat(r.out()).isEqualTo("* Copied " + workDir.resolve("local.txt") + " to dev:/home/docker/remote.txt "
                + "(10 bytes).\n");
        assertThat(run("cp", "-p", PROFILE, "local.txt", "dev:/tmp/").code()).isZero();
        assertThat(node.fileText("/tmp/local.txt")).as("a directory target gets the file's name").isEqualTo("hello node");
    }

    @Test
    void cpCopiesANodeFileToTheHost() throws IOException {
        machine("none", true);
        node.givenFile("/etc/os-release", "ID=debian\n");

        CliHarness.Run r = run("cp", "-p", PROFILE, "dev:/etc/os-release", "./copy");

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(workDir.resolve("copy")).hasContent("ID=debian");
        Files.createDirectories(workDir.resolve("into"));
        assertThat(run("cp", "-p", PROFILE, "dev:/etc/os-release", "into").code()).isZero();
        assertThat(workDir.resolve("into/os-release")).hasContent("ID=debian");
    }

    @Test
    void cpRefusesAMissingSourceADirectoryAndARelativeNodePath() throws IOException {
        machine("none", true);
        Files.createDirectories(workDir.resolve("adir"));
        Files.writeString(workDir.resolve("local.txt"), "x");

        CliHarness.Run missing = run("cp", "-p", PROFILE, "nothere.txt", "/tmp/x");
        assertThat(missing.code()).isEqualTo(Reason.USAGE.exitCode());
        assertThat(CliHarness.exitLine(missing)).contains(workDir.resolve("nothere.txt") + " does not exist");

        CliHarness.Run dir = run("cp", "-p", PROFILE, "adir", "/tmp/x");
        assertThat(dir.code()).isEqualTo(Reason.USAGE.exitCode());
        assertThat(CliHarness.exitLine(dir)).contains("is not a regular file");

        CliHarness.Run relative = run("cp", "-p", PROFILE, "local.txt", "remote.txt");
        assertThat(relative.code()).isEqualTo(Reason.USAGE.exitCode());
        assertThat(CliHarness.exitLine(relative)).contains("the node path \"remote.txt\" is relative");
        assertThat(relative.err()).contains("* Advice: Give an absolute path in the node, e.g. /home/docker/remote.txt.");

        CliHarness.Run otherNode = run("cp", "-p", PROFILE, "local.txt", "prod:/tmp/x");
        assertThat(CliHarness.exitLine(otherNode)).contains("there is no node named \"prod\"");

        assertThat(node.calls()).as("nothing reached the node").isEmpty();
    }

    @Test
    void cpOfAMissingNodeFileSaysWhatTheNodeSaid() throws IOException {
        machine("none", true);
        CliHarness.Run r = run("cp", "-p", PROFILE, "dev:/etc/nothere", "./copy");
        assertThat(r.code()).isEqualTo(Reason.USAGE.exitCode());
        assertThat(CliHarness.exitLine(r)).isEqualTo("X Exiting due to MK_USAGE: cannot read /etc/nothere in the node: "
                + "cat: /etc/nothere: No such file or directory");
        assertThat(workDir.resolve("copy")).doesNotExist();
    }

    // logs --file

    @Test
    void logsFileRefusesFollowAndADirectoryBeforeReachingTheNode() throws IOException {
        CliHarness.Run follow = run("logs", "-p", PROFILE, "--follow", "--file", "out.log");
        assertThat(follow.code()).isEqualTo(Reason.USAGE.exitCode());
        assertThat(CliHarness.exitLine(follow)).contains("--follow and --file cannot be combined");

        Files.createDirectories(workDir.resolve("logs"));
        CliHarness.Run dir = run("logs", "-p", PROFILE, "--file", "logs");
        assertThat(dir.code()).isEqualTo(Reason.USAGE.exitCode());
        assertThat(CliHarness.exitLine(dir)).isEqualTo("X Exiting due to MK_USAGE: --file " + workDir.resolve("logs")
                + " is a directory");
    }
}
