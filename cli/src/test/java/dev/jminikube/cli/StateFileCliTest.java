package dev.jminikube.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jminikube.core.Reason;
import dev.jminikube.drivers.MachineConfig;
import dev.jminikube.drivers.MachineConfigFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A damaged file of a profile's ({@code config.yaml}, {@code cluster.json}, {@code addons.json}) is reported as such,
 * with the file, the problem and the fix, before anything slow (nothing appears in the cache); and the file is left
 * as it was, for the user to fix.
 */
class StateFileCliTest {
    @TempDir
    Path home;

    private CliHarness cli;
    private Path machineDir;

    @BeforeEach
    void setUp() throws Exception {
        cli = new CliHarness(home, Map.of("PATH", "/usr/bin:/bin"), false);
        machineDir = Files.createDirectories(home.resolve("machines/dev"));
    }

    private CliHarness.Run damaged(Path file, String... args) throws Exception {
        String before = Files.readString(file);
        CliHarness.Run r = cli.run(args);
        assertThat(r.code()).as(r.err()).isEqualTo(Reason.STATE_FILE_CORRUPT.exitCode()).isEqualTo(34);
        assertThat(r.err().split("Exiting due to", -1)).as(r.err()).hasSize(2);
        assertThat(r.err()).contains("X Exiting due to HOST_STATE_FILE_CORRUPT: " + file + " is damaged: ")
                .doesNotContain("MK_PROGRAM_ERROR").doesNotContain("\tat ");
        assertThat(home.resolve("cache")).as("nothing slow was started").doesNotExist();
        assertThat(Files.readString(file)).as("the file is left for the user to fix").isEqualTo(before);
        return r;
    }

    private static String advice(CliHarness.Run r) {
        return r.err().lines().filter(l -> l.startsWith("* Advice: ")).findFirst().orElseThrow();
    }

    @Test
    void startWithADamagedClusterJsonSaysFixOrDelete() throws Exception {
        Path file = Files.writeString(machineDir.resolve("cluster.json"), "{\"kubernetesVersion\":\"v1.30");
        CliHarness.Run r = damaged(file, "start", "-p", "dev");
        assertThat(r.err()).contains("it ends early at line 1");
        assertThat(advice(r)).contains("Fix " + file).contains("'jminikube delete -p dev'");
    }

    @Test
    void startWithANonBooleanAddonChoiceStopsBeforeAnythingSlow() throws Exception {
        Path file = Files.writeString(machineDir.resolve("addons.json"), "{\"enabled\":{\"coredns\":\"yes\"}}");
        CliHarness.Run r = damaged(file, "start", "-p", "dev");
        assertThat(r.err()).contains("field 'enabled.coredns' at line 1").contains("expected true or false");
        assertThat(advice(r)).contains("or delete it to go back to the default add-ons");
    }

    @Test
    void startWithChoicesOutsideTheEnabledObjectStops() throws Exception {
        Path file = Files.writeString(machineDir.resolve("addons.json"), "{\"coredns\":\"yes\"}");
        assertThat(damaged(file, "start", "-p", "dev").err()).contains("has no \"enabled\" object");
    }

    @Test
    void startWithADamagedConfigYamlDoesNotCreateAMachineOverIt() throws Exception {
        Path file = Files.writeString(machineDir.resolve("config.yaml"), "profile: dev\ndriver: qemu\ncpus: two\n");
        CliHarness.Run r = damaged(file, "start", "-p", "dev", "--no-kubernetes");
        assertThat(r.err()).contains("field 'cpus' at line 3");
        assertThat(advice(r)).contains("'jminikube delete -p dev', which removes the VM even so");
    }

    @Test
    void otherCommandsReportTheSameWay() throws Exception {
        Path config = Files.writeString(machineDir.resolve("config.yaml"), "");
        damaged(config, "status", "-p", "dev");
        damaged(config, "ip", "-p", "dev");
        Files.delete(config);
        Path addons = Files.writeString(machineDir.resolve("addons.json"), "not json");
        damaged(addons, "addons", "list", "-p", "dev");
        Files.delete(addons);
        Path cluster = Files.writeString(machineDir.resolve("cluster.json"), "[]");
        damaged(cluster, "kubectl", "-p", "dev", "--", "get", "pods");
    }

    @Test
    void deleteRemovesAProfileWhoseFilesAreDamaged() throws Exception {
        Files.writeString(machineDir.resolve("config.yaml"), "{{{");
        Files.writeString(machineDir.resolve("cluster.json"), "{{{");
        CliHarness.Run r = cli.run("delete", "-p", "dev");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(machineDir).doesNotExist();
    }

    @Test
    void aValidMachineWithADamagedClusterJsonStopsStartBeforeTheDriverIsAsked() throws Exception {
        MachineConfigFile.write(machineDir.resolve("config.yaml"), new MachineConfig("dev", "qemu", 2, 2200, 20000,
                home.resolve("node.iso"), List.of(), null, true));
        Path file = Files.writeString(machineDir.resolve("cluster.json"),
                "{\"kubernetesVersion\":\"v1.30.0\",\"containerRuntime\":\"rkt\"}");
        CliHarness.Run r = damaged(file, "start", "-p", "dev");
        assertThat(r.err()).contains("field 'containerRuntime' holds 'rkt'");
    }
}
