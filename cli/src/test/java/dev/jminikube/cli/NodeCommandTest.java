package dev.jminikube.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jminikube.core.Environment;
import dev.jminikube.core.Reason;
import dev.jminikube.core.exec.RecordingCommandRunner;
import dev.jminikube.drivers.MachineConfig;
import dev.jminikube.drivers.MachineConfigFile;
import dev.jminikube.drivers.NodeSegment;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code node list} and the node count of {@code profile list} (issue 18), on machines made of their files. */
class NodeCommandTest {
    @TempDir
    Path home;
    @TempDir
    Path workDir;

    private CliHarness.Run run(String... args) {
        Environment env = Environment.from(Map.of("JMINIKUBE_HOME", home.toString(), "KUBECONFIG",
                home.resolve("kubeconfig").toString(), "PATH", "/usr/bin:/bin"), home, workDir, "Linux",
                System.getProperty("os.arch"));
        return CliHarness.run(env, CliHarness.fixedReach(URI.create("https://127.0.0.1:41000"),
                new RecordingCommandRunner()), args);
    }

    /** Machine {@code name} with its place on the node network (the none driver reads as running from its files). */
    private void machine(String name, NodeSegment segment) {
        Path config = CliHarness.createdMachine(home, name, "none").resolve("config.yaml");
        MachineConfig c = MachineConfigFile.read(config).orElseThrow();
        MachineConfigFile.write(config, c.withSegment(segment));
    }

    @Test
    void listsTheControlPlaneThenItsWorkersWithTheirNodeNetworkAddresses() {
        Path sockets = home.resolve("machines/dev/node-net");
        machine("dev", NodeSegment.hub(2, sockets));
        machine("dev-m02", NodeSegment.worker(2, sockets));
        machine("dev-m03", NodeSegment.worker(3, sockets));
        // A profile whose name merely looks like a node's, and another profile's worker: neither is dev's.
        CliHarness.createdMachine(home, "dev-m04", "none");
        machine("other-m02", NodeSegment.worker(2, home.resolve("machines/other/node-net")));

        CliHarness.Run r = run("node", "list", "-p", "dev");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("dev\t10.0.3.2\ndev-m02\t10.0.3.3\ndev-m03\t10.0.3.4\n");
        assertThat(run("node", "list", "-p", "dev", "-o", "json").out().strip()).isEqualTo(
                "[{\"name\":\"dev\",\"ip\":\"10.0.3.2\"},{\"name\":\"dev-m02\",\"ip\":\"10.0.3.3\"},"
                        + "{\"name\":\"dev-m03\",\"ip\":\"10.0.3.4\"}]");

        CliHarness.Run profiles = run("profile", "list", "-o", "json");
        assertThat(profiles.out()).contains("\"name\":\"dev\"").contains("\"name\":\"dev-m04\"")
                .doesNotContain("\"name\":\"dev-m02\"").doesNotContain("\"name\":\"other-m02\"");
        assertThat(profiles.out()).containsPattern("\"name\":\"dev\",[^}]*\"nodes\":3");
    }

    /**
     * ssh -n picks a node of the profile, by its name or its short name; another name is refused with the nodes there
     * are. (These machines are the none driver's, whose answer to ssh is that it needs none: the node was found.)
     */
    @Test
    void sshTakesTheNodeAskedFor() {
        Path sockets = home.resolve("machines/dev/node-net");
        machine("dev", NodeSegment.hub(1, sockets));
        machine("dev-m02", NodeSegment.worker(2, sockets));
        for (String node : new String[]{"dev", "dev-m02", "m02", "M02"}) {
            CliHarness.Run r = run("ssh", "-p", "dev", "-n", node, "--", "true");
            assertThat(CliHarness.exitLine(r)).as(node).contains("the none driver runs on this host");
        }
        CliHarness.Run other = run("ssh", "-p", "dev", "--node", "m03", "--", "true");
        assertThat(other.code()).isEqualTo(Reason.USAGE.exitCode());
        assertThat(CliHarness.exitLine(other)).contains("profile \"dev\" has no node \"m03\" (it has dev, dev-m02)");
    }

    /** status shows each worker after the control plane, as minikube does; -o json is then an array. */
    @Test
    void statusShowsEachWorker() {
        Path sockets = home.resolve("machines/dev/node-net");
        machine("dev", NodeSegment.hub(1, sockets));
        machine("dev-m02", NodeSegment.worker(2, sockets));
        CliHarness.Run r = run("status", "-p", "dev");
        assertThat(r.out()).startsWith("dev\ntype: Control Plane\nhost: Running\n")
                .endsWith("\ndev-m02\ntype: Worker\nhost: Running\nkubelet: Running\n");
        CliHarness.Run json = run("status", "-p", "dev", "-o", "json");
        assertThat(json.out().strip()).startsWith("[{\"Name\":\"dev\",").contains(",\"Worker\":false}")
                .endsWith("{\"Name\":\"dev-m02\",\"Host\":\"Running\",\"Kubelet\":\"Running\",\"APIServer\":\"Irrelevant\","
                        + "\"Kubeconfig\":\"Irrelevant\",\"Worker\":true}]");
    }

    @Test
    void aMissingProfileIsNamed() {
        CliHarness.Run r = run("node", "list", "-p", "nope");
        assertThat(r.code()).isEqualTo(Reason.GUEST_NOT_FOUND.exitCode());
        assertThat(CliHarness.exitLine(r)).contains("profile \"nope\" does not exist");
    }
}
