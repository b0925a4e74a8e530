package dev.jminikube.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jminikube.core.Reason;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** config set|get|unset|view: checked like start's flags, kept owner-only in JMINIKUBE_HOME/config/config.json. */
class ConfigCommandTest {
    @TempDir
    Path home;
    private CliHarness cli;

    @BeforeEach
    void setUp() {
        cli = new CliHarness(home, Map.of("PATH", "/usr/bin:/bin"), false);
    }

    @Test
    void setGetUnsetRoundTripsThroughAnOwnerOnlyFile() throws Exception {
        assertThat(cli.run("config", "set", "memory", "4G").code()).isZero();
        assertThat(cli.run("config", "set", "kubernetes-version", "1.30.1").code()).isZero();
        assertThat(cli.run("config", "get", "memory").out()).isEqualTo("4g\n");
        assertThat(cli.run("config", "get", "kubernetes-version").out()).isEqualTo("v1.30.1\n");
        Path file = home.resolve("config/config.json");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent()))).isEqualTo("rwx------");
        try (var leftovers = Files.list(file.getParent())) {
            assertThat(leftovers.map(p -> p.getFileName().toString()).toList()).containsExactly("config.json");
        }
        assertThat(cli.run("config", "unset", "memory").out()).contains("memory is unset.");
        CliHarness.Run get = cli.run("config", "get", "memory");
        assertThat(get.code()).isEqualTo(Reason.USAGE.exitCode());
        assertThat(get.out()).isEmpty();
        assertThat(get.err()).contains("X Exiting due to MK_USAGE: memory is not set");
    }

    @ParameterizedTest(name = "{0}={1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            "cpus               | 0         | RSRC_CPUS",
            "cpus               | two       | RSRC_CPUS",
            "memory             | lots      | RSRC_MEMORY",
            "disk-size          | 20x       | RSRC_DISK_SIZE",
            "kubernetes-version | banana    | K8S_VERSION_INVALID",
            "kubernetes-version | v1.12.0   | K8S_VERSION_UNSUPPORTED",
            "container-runtime  | rkt       | RT_UNSUPPORTED",
            "addons             | dashboard,nope | ADDON_UNKNOWN",
            "driver             | nosuchdriver | DRV_UNKNOWN",
            "profile            | a/b       | MK_PROFILE_NAME",
            "colour             | blue      | MK_USAGE",
    })
    void aBadValueFailsWithTheReasonOfItsStartFlagAndIsNotStored(String key, String value, String id) {
        Reason reason = java.util.Arrays.stream(Reason.values()).filter(r -> r.id().equals(id)).findFirst().orElseThrow();
        CliHarness.Run r = cli.run("config", "set", key, value);
        assertThat(r.code()).as(r.err()).isEqualTo(reason.exitCode());
        assertThat(r.err()).contains("X Exiting due to " + id + ": ").contains("* Advice: ");
        assertThat(home.resolve("config/config.json")).doesNotExist();
    }

    @Test
    void anUnknownKeyListsTheKeys() {
        CliHarness.Run r = cli.run("config", "get", "colour");
        assertThat(r.err()).contains("unknown config key \"colour\"").contains("* Advice: Use one of: driver, cpus, "
                + "memory, disk-size, kubernetes-version, container-runtime, addons, profile.");
    }

    @Test
    void viewPrintsWhatIsSetAsTextOrAsAJsonObjectOfStrings() throws Exception {
        for (String[] kv : new String[][] {{"cpus", "4"}, {"addons", "dashboard, coredns"}, {"profile", "dev"}}) {
            CliHarness.Run set = cli.run("config", "set", kv[0], kv[1]);
            assertThat(set.code()).as(set.err()).isZero();
        }
        assertThat(cli.run("config", "view").out()).isEqualTo("- cpus: 4\n- addons: dashboard,coredns\n- profile: dev\n");
        JsonNode json = new ObjectMapper().readTree(cli.run("config", "view", "-o", "json").out());
        assertThat(json.isObject()).isTrue();
        assertThat(json.properties().stream().map(Map.Entry::getKey).toList())
                .containsExactly("cpus", "addons", "profile");
        assertThat(json.get("cpus").isTextual()).isTrue();
        assertThat(json.get("cpus").asText()).isEqualTo("4");
        assertThat(json.get("addons").asText()).isEqualTo("dashboard,coredns");
        assertThat(new ObjectMapper().readTree(new CliHarness(home.resolve("empty"), Map.of(), false)
                .run("config", "view", "-o", "json").out()).size()).isZero();
    }

    @Test
    void keysOfANewerJminikubeAreKeptWhenASetRewritesTheFile() throws Exception {
        Path file = Files.createDirectories(home.resolve("config")).resolve("config.json");
        Files.writeString(file, "{\"future-key\": \"x\"}");
        cli.run("config", "set", "cpus", "2");
        assertThat(new ObjectMapper().readTree(file.toFile()).get("future-key").asText()).isEqualTo("x");
        assertThat(cli.run("config", "view").out()).isEqualTo("- cpus: 2\n");
    }

    @Test
    void purgeRemovesTheConfigWithTheRestOfJminikubesHome() {
        assertThat(dev.jminikube.core.Environment.HOME_ENTRIES).contains("config");
        assertThat(List.of(cli.environment().configDir())).containsExactly(home.resolve("config"));
    }
}
