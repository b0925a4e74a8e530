package dev.jminikube.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jminikube.cluster.StartRequest;
import dev.jminikube.core.Reason;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What start asks for: a typed flag > $JMINIKUBE_<KEY> > 'jminikube config' > the built-in default (null: "not given"). */
class StartDefaultsTest {
    @TempDir
    Path home;
    private CliHarness cli;

    @BeforeEach
    void setUp() {
        cli = new CliHarness(home, Map.of("PATH", "/usr/bin:/bin"), false);
    }

    private static final Map<String, Function<StartRequest, Object>> FIELD = Map.of(
            "driver", StartRequest::driver,
            "cpus", r -> r.cpus() == null ? null : r.cpus().toString(),
            "memory", StartRequest::memory,
            "disk-size", StartRequest::diskSize,
            "kubernetes-version", StartRequest::kubernetesVersion,
            "container-runtime", StartRequest::containerRuntime,
            "addons", r -> String.join(",", r.addons()));

    @ParameterizedTest(name = "{0}: flag={1} env={2} config={3} -> {4}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            // key              | flag       | env        | config    | expected
            "cpus               | -          | -          | -         | -",
            "cpus               | -          | -          | 4         | 4",
            "cpus               | -          | 6          | 4         | 6",
            "cpus               | 3          | 6          | 4         | 3",
            "cpus               | 3          | -          | 4         | 3",
            "memory             | -          | -          | -         | -",
            "memory             | -          | -          | 4G        | 4g",
            "memory             | -          | 5G         | 4g        | 5g",
            "memory             | 3000mb     | 5g         | 4g        | 3000mb",
            "memory             | 3000mb     | -          | 4g        | 3000mb",
            "disk-size          | -          | -          | -         | -",
            "disk-size          | -          | -          | 40g       | 40g",
            "disk-size          | -          | 50g        | 40g       | 50g",
            "disk-size          | 30g        | 50g        | 40g       | 30g",
            "disk-size          | 30g        | -          | 40g       | 30g",
            "driver             | -          | -          | -         | -",
            "driver             | -          | -          | none      | none",
            "driver             | -          | qemu       | none      | qemu",
            "driver             | none       | qemu       | -         | none",
            "driver             | qemu       | -          | none      | qemu",
            "kubernetes-version | -          | -          | -         | -",
            "kubernetes-version | -          | -          | v1.30.1   | v1.30.1",
            "kubernetes-version | -          | v1.31.0    | v1.30.1   | v1.31.0",
            "kubernetes-version | v1.29.0    | v1.31.0    | v1.30.1   | v1.29.0",
            "kubernetes-version | v1.29.0    | -          | v1.30.1   | v1.29.0",
            "container-runtime  | -          | -          | -         | containerd",
            "container-runtime  | -          | -          | docker    | docker",
            "container-runtime  | -          | docker     | -         | docker",
            "container-runtime  | -          | containerd | docker    | containerd",
            "container-runtime  | containerd | docker     | docker    | containerd",
            "addons             | -          | -          | -         | ''",
            "addons             | -          | -          | dashboard | dashboard",
            "addons             | -          | dashboard  | coredns   | dashboard",
            "addons             | coredns    | dashboard  | dashboard | coredns",
            "addons             | coredns    | -          | dashboard | coredns",
    })
    void aFlagBeatsTheEnvironmentWhichBeatsConfigWhichBeatsTheBuiltInDefault(String key, String flag, String env,
                                                                              String config, String expected) {
        Map<String, String> vars = new HashMap<>(Map.of("PATH", "/usr/bin:/bin"));
        if (env != null) {
            vars.put(EnvironmentDefaults.variable(ConfigKey.of(key)), env);
        }
        cli = new CliHarness(home, vars, false);
        if (config != null) {
            CliHarness.Run set = cli.run("config", "set", key, config);
            assertThat(set.code()).as(set.err()).isZero();
        }
        List<String> args = new ArrayList<>(List.of("start"));
        if (flag != null) {
            args.add("--" + key + "=" + flag);
        }
        StartRequest request = CliRequests.start(cli.environment(), args.toArray(String[]::new));
        assertThat(FIELD.get(key).apply(request)).isEqualTo(expected);
    }

    @Test
    void theVariablesAreNamedAfterTheConfigKeys() {
        assertThat(EnvironmentDefaults.variable(ConfigKey.DISK_SIZE)).isEqualTo("JMINIKUBE_DISK_SIZE");
        assertThat(EnvironmentDefaults.variable(ConfigKey.KUBERNETES_VERSION)).isEqualTo("JMINIKUBE_KUBERNETES_VERSION");
        assertThat(EnvironmentDefaults.variable(ConfigKey.CONTAINER_RUNTIME)).isEqualTo("JMINIKUBE_CONTAINER_RUNTIME");
    }

    @ParameterizedTest(name = "{0}={1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            "JMINIKUBE_MEMORY             | lots      | RESOURCE_MEMORY",
            "JMINIKUBE_DISK_SIZE          | 12q       | RESOURCE_DISK_SIZE",
            "JMINIKUBE_CPUS               | zero      | RESOURCE_CPUS",
            "JMINIKUBE_ADDONS             | nope      | ADDON_UNKNOWN",
            "JMINIKUBE_DRIVER             | nosuch    | DRIVER_UNKNOWN",
            "JMINIKUBE_KUBERNETES_VERSION | latest-ish | K8S_VERSION_INVALID",
            "JMINIKUBE_CONTAINER_RUNTIME  | cri-o     | RUNTIME_UNSUPPORTED",
    })
    void aBadValueInTheEnvironmentFailsAsItsFlagWouldNamingTheVariable(String variable, String value, Reason reason) {
        cli = new CliHarness(home, Map.of("PATH", "/usr/bin:/bin", variable, value), false);
        CliHarness.Run r = cli.run("start");
        assertThat(r.code()).as(r.err()).isEqualTo(reason.exitCode());
        String expected = "X Exiting due to " + reason.id() + ": " + variable + "='" + value + "' (set in the environment)"
                + " is not valid";
        assertThat(r.err()).contains(expected)
                .contains("Fix or unset " + variable);
        assertThat(home.resolve("machines")).doesNotExist();
    }

    @Test
    void aConfigProfileIsTheActiveProfileForStart() {
        cli.run("config", "set", "profile", "dev");
        assertThat(CliRequests.start(cli.environment(), "start").profile()).isEqualTo("dev");
    }

    @Test
    void aDamagedConfigStopsStartNamingTheFile() throws Exception {
        Path file = Files.createDirectories(home.resolve("config")).resolve("config.json");
        Files.writeString(file, "{\"memory\": \"4g\"");
        CliHarness.Run r = cli.run("start", "--driver=nosuchdriver");
        assertThat(r.code()).isEqualTo(Reason.STATE_FILE_CORRUPT.exitCode());
        assertThat(r.err()).contains("X Exiting due to HOST_STATE_FILE_CORRUPT: " + file + " is damaged: it ends early")
                .contains("* Advice: Fix or delete it");
        assertThat(home.resolve("machines")).doesNotExist();
    }

    @Test
    void aHandEditedBadValueIsADamagedFileNotAFlagTheUserNeverTyped() throws Exception {
        Path file = Files.createDirectories(home.resolve("config")).resolve("config.json");
        Files.writeString(file, "{\"memory\": \"lots\"}");
        CliHarness.Run r = cli.run("start");
        assertThat(r.code()).isEqualTo(Reason.STATE_FILE_CORRUPT.exitCode());
        assertThat(r.err()).contains(file + " is damaged: field 'memory' is not valid: --memory");
        // set and unset still work on it, so the user can repair it with jminikube itself.
        assertThat(cli.run("config", "unset", "memory").code()).isZero();
        assertThat(cli.run("config", "view").out()).isEmpty();
    }

    @Test
    void aNonStringValueIsDamage() throws Exception {
        Path file = Files.createDirectories(home.resolve("config")).resolve("config.json");
        Files.writeString(file, "{\"cpus\": 4}");
        CliHarness.Run r = cli.run("config", "view");
        assertThat(r.code()).isEqualTo(Reason.STATE_FILE_CORRUPT.exitCode());
        assertThat(r.err()).contains("field 'cpus' is not a string");
    }
}
