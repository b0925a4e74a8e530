package dev.jminikube.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jminikube.bootstrap.ClusterStateFile;
import dev.jminikube.bootstrap.ClusterStateFile.ClusterState;
import dev.jminikube.drivers.MachineConfig;
import dev.jminikube.drivers.MachineConfigFile;
import dev.jminikube.drivers.MachineManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code profile list}: every machine directory, as a table or JSON. The machines are made of files alone: a stopped
 * qemu machine, a running none machine (its state is files), and one whose config.yaml is damaged.
 */
class ProfileListTest {
    @TempDir
    Path home;
    private CliHarness cli;

    @BeforeEach
    void setUp() {
        cli = new CliHarness(home, Map.of("PATH", "/usr/bin:/bin"), false);
    }

    private void machines() throws Exception {
        Path stopped = home.resolve("machines/dev");
        MachineConfigFile.write(stopped.resolve("config.yaml"), new MachineConfig("dev", "qemu", 2, 2200, 20000,
                home.resolve("node.iso"), List.of(), null, true));
        ClusterStateFile.write(ClusterStateFile.in(stopped),
                new ClusterState("v1.30.1", "docker", "cni", List.of(), "cache"));
        CliHarness.createdMachine(home, "run", "none");
        Files.createDirectories(home.resolve("machines/broken"));
        Files.writeString(home.resolve("machines/broken/config.yaml"), "{{{");
    }

    @Test
    void noProfilesSaysHowToMakeOne() {
        CliHarness.Run r = cli.run("profile", "list");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("There are no profiles; 'jminikube start' creates \"minikube\".");
        assertThat(cli.run("profile", "list", "-o", "json").out().strip()).isEqualTo("{\"valid\":[],\"invalid\":[]}");
    }

    @Test
    void aTableRowPerProfileWithADamagedOneShownAsSuch() throws Exception {
        machines();
        CliHarness.Run r = cli.run("-p", "dev", "profile", "list");
        assertThat(r.code()).as(r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines.get(1)).matches("\\| PROFILE +\\| DRIVER +\\| STATUS +\\| KUBERNETES +\\| RUNTIME +\\| IP +"
                + "\\| NODES \\| ACTIVE \\|");
        assertThat(lines.get(3)).matches("\\| broken +\\| +\\| Damaged +\\| +\\| +\\| +\\| 1 +\\| +\\|");
        assertThat(lines.get(4)).matches("\\| dev +\\| qemu +\\| Stopped +\\| v1\\.30\\.1 +\\| docker +\\| +\\| 1 +\\| \\* +\\|");
        assertThat(lines.get(5)).startsWith("| run ").contains("| none ").contains("| Running ");
        assertThat(r.err()).contains("! Profile \"broken\" is damaged: ").contains("HOST_STATE_FILE_CORRUPT");
    }

    @Test
    void jsonSeparatesValidFromInvalidProfilesAndGivesAnIpOnlyForARunningOne() throws Exception {
        machines();
        CliHarness.Run r = cli.run("profile", "list", "-o", "json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode doc = new ObjectMapper().readTree(r.out());
        assertThat(doc.properties().stream().map(Map.Entry::getKey).toList()).containsExactly("valid", "invalid");
        JsonNode dev = doc.get("valid").get(0);
        assertThat(dev.properties().stream().map(Map.Entry::getKey).toList()).containsExactly("name", "driver", "status",
                "kubernetesVersion", "containerRuntime", "ip", "nodes", "active");
        assertThat(dev.get("name").asText()).isEqualTo("dev");
        assertThat(dev.get("status").asText()).isEqualTo("Stopped");
        assertThat(dev.get("kubernetesVersion").asText()).isEqualTo("v1.30.1");
        assertThat(dev.get("containerRuntime").asText()).isEqualTo("docker");
        assertThat(dev.get("ip").asText()).isEmpty();
        assertThat(dev.get("nodes").asInt()).isEqualTo(1);
        assertThat(dev.get("active").asBoolean()).isFalse();
        JsonNode run = doc.get("valid").get(1);
        assertThat(run.get("status").asText()).isEqualTo("Running");
        assertThat(run.get("ip").asText()).isEqualTo(new MachineManager(cli.environment(), s -> { }).ip("run"));
        assertThat(doc.get("invalid")).hasSize(1);
        assertThat(doc.get("invalid").get(0).get("name").asText()).isEqualTo("broken");
        assertThat(doc.get("invalid").get(0).get("problem").asText()).contains("config.yaml");
    }

    @Test
    void theActiveProfileIsMarked() throws Exception {
        machines();
        cli.run("profile", "run");
        JsonNode doc = new ObjectMapper().readTree(cli.run("profile", "list", "-o", "json").out());
        assertThat(doc.get("valid").get(1).get("active").asBoolean()).isTrue();
        assertThat(doc.get("valid").get(0).get("active").asBoolean()).isFalse();
    }
}
