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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** start --config FILE: a flag > the file > $JMINIKUBE_<KEY> > 'jminikube config' > the built-in default. */
class StartClusterFileTest {
    @TempDir
    Path home;

    private CliHarness harness(Map<String, String> extra) {
        Map<String, String> vars = new HashMap<>(Map.of("PATH", "/usr/bin:/bin"));
        vars.putAll(extra);
        return new CliHarness(home, vars, false);
    }

    private Path file(String yaml) throws Exception {
        return Files.writeString(home.resolve("cluster.yaml"), yaml);
    }

    private static final Map<String, Function<StartRequest, Object>> FIELD = Map.of(
            "driver", StartRequest::driver,
            "cpus", r -> r.cpus() == null ? null : r.cpus().toString(),
            "memory", StartRequest::memory,
            "disk-size", StartRequest::diskSize,
            "kubernetes-version", StartRequest::kubernetesVersion,
            "container-runtime", StartRequest::containerRuntime,
            "addons", r -> String.join(",", r.addons()));

    private static final Map<String, String> FILE_KEY = Map.of(
            "driver", "driver", "cpus", "cpus", "memory", "memory", "disk-size", "diskSize",
            "kubernetes-version", "kubernetesVersion", "container-runtime", "containerRuntime", "addons", "addons");

    @ParameterizedTest(name = "{0}: flag={1} file={2} env={3} config={4} -> {5}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            // key              | flag       | file       | env        | config    | expected
            "cpus               | -          | 5          | 6          | 4         | 5",
            "cpus               | 3          | 5          | 6          | 4         | 3",
            "cpus               | -          | -          | 6          | 4         | 6",
            "memory             | -          | 5g         | 6g         | 4g        | 5g",
            "memory             | 3000mb     | 5g         | 6g         | 4g        | 3000mb",
            "memory             | -          | 5g         | -          | 4g        | 5g",
            "disk-size          | -          | 50g        | 60g        | 40g       | 50g",
            "disk-size          | 30g        | 50g        | 60g        | 40g       | 30g",
            "driver             | -          | none       | qemu       | qemu      | none",
            "driver             | qemu       | none       | none       | none      | qemu",
            "kubernetes-version | -          | v1.31.0    | v1.30.1    | v1.29.0   | v1.31.0",
            "kubernetes-version | v1.28.0    | v1.31.0    | v1.30.1    | v1.29.0   | v1.28.0",
            "container-runtime  | -          | docker     | containerd | -         | docker",
            "container-runtime  | containerd | docker     | docker     | docker    | containerd",
            "addons             | -          | dashboard  | coredns    | coredns   | dashboard",
            "addons             | coredns    | dashboard  | dashboard  | dashboard | coredns",
            "addons             | -          | -          | -          | dashboard | dashboard",
    })
    void aFlagBeatsTheFileWhichBeatsTheEnvironmentAndConfig(String key, String flag, String fileValue, String env,
                                                            String config, String expected) throws Exception {
        CliHarness cli = harness(env == null ? Map.of() : Map.of(EnvironmentDefaults.variable(ConfigKey.of(key)), env));
        if (config != null) {
            CliHarness.Run set = cli.run("config", "set", key, config);
            assertThat(set.code()).as(set.err()).isZero();
        }
        String value = fileValue == null ? null : key.equals("addons") ? "[" + fileValue + "]" : fileValue;
        Path f = file(value == null ? "{}\n" : FILE_KEY.get(key) + ": " + value + "\n");
        List<String> args = new ArrayList<>(List.of("start", "--config", f.toString()));
        if (flag != null) {
            args.add("--" + key + "=" + flag);
        }
        StartRequest request = CliRequests.start(cli.environment(), args.toArray(String[]::new));
        assertThat(FIELD.get(key).apply(request)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "flag={0} file={1} -> {2}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            // flag               | file    | expected
            "-                    | -       | cni",
            "-                    | kubenet | kubenet",
            "--network-plugin=cni | kubenet | cni",
    })
    void theNetworkPluginComesFromTheFileUnlessTyped(String flag, String plugin, String expected)
            throws Exception {
        Path f = file(plugin == null ? "{}\n" : "networkPlugin: " + plugin + "\n");
        List<String> args = new ArrayList<>(List.of("start", "--config", f.toString()));
        if (flag != null) {
            args.add(flag);
        }
        assertThat(CliRequests.start(harness(Map.of()).environment(), args.toArray(String[]::new)).networkPlugin())
                .isEqualTo(expected);
    }

    @Test
    void typedExtraConfigReplacesTheFilesList() throws Exception {
        Path f = file("extraConfig: [kubelet.max-pods=50, apiserver.v=2]\n");
        CliHarness cli = harness(Map.of());
        assertThat(CliRequests.start(cli.environment(), "start", "--config", f.toString()).extraConfig())
                .containsExactly("kubelet.max-pods=50", "apiserver.v=2");
        assertThat(CliRequests.start(cli.environment(), "start", "--config", f.toString(),
                "--extra-config=kubelet.max-pods=20").extraConfig()).containsExactly("kubelet.max-pods=20");
    }

    @ParameterizedTest(name = "before={0} after={1} file={2} env={3} -> {4}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            // before | after | file | env  | expected
            "-        | -     | -    | -    | minikube",
            "-        | -     | dev  | -    | dev",
            "-        | -     | dev  | envp | dev",
            "-        | -     | -    | envp | envp",
            "glob     | -     | dev  | envp | glob",
            "-        | after | dev  | envp | after",
            "glob     | after | dev  | envp | after",
    })
    void aTypedProfileBeatsTheFilesWhichBeatsTheEnvironment(String before, String after, String fileProfile,
                                                           String env, String expected) throws Exception {
        CliHarness cli = harness(env == null ? Map.of() : Map.of(ActiveProfile.VARIABLE, env));
        Path f = file(fileProfile == null ? "cpus: 2\n" : "profile: " + fileProfile + "\n");
        List<String> args = new ArrayList<>();
        if (before != null) {
            args.addAll(List.of("-p", before));
        }
        args.addAll(List.of("start", "--config", f.toString()));
        if (after != null) {
            args.addAll(List.of("-p", after));
        }
        assertThat(CliRequests.start(cli.environment(), args.toArray(String[]::new)).profile()).isEqualTo(expected);
    }

    @Test
    void theFullExampleMapsOntoTheRequest() throws Exception {
        Path f = file("""
                profile: dev            # optional; -p wins
                driver: qemu
                cpus: 4
                memory: 4g
                diskSize: 20g
                kubernetesVersion: v1.37.2
                containerRuntime: containerd
                networkPlugin: cni
                addons: [dashboard]
                extraConfig: [kubelet.max-pods=50]
                """);
        StartRequest request = CliRequests.start(harness(Map.of()).environment(), "start", "--config", f.toString());
        assertThat(request).isEqualTo(StartRequest.forProfile("dev").driver("qemu").cpus(4).memory("4g")
                .diskSize("20g").kubernetesVersion("v1.37.2").containerRuntime("containerd").networkPlugin("cni")
                .addons(List.of("dashboard")).extraConfig(List.of("kubelet.max-pods=50")).build());
    }

    @Test
    void aRelativePathIsTakenFromTheWorkingDirectory() throws Exception {
        file("cpus: 3\n");
        // CliHarness runs the commands in JMINIKUBE_HOME, where file() wrote cluster.yaml.
        assertThat(CliRequests.start(harness(Map.of()).environment(), "start", "--config", "cluster.yaml").cpus())
                .isEqualTo(3);
    }

    @Test
    void aMissingFileIsAUsageErrorNamingThePath() {
        Path missing = home.resolve("nope.yaml");
        CliHarness.Run r = harness(Map.of()).run("start", "--config", missing.toString());
        assertThat(r.code()).isEqualTo(Reason.USAGE.exitCode());
        assertThat(r.err()).contains("X Exiting due to MK_USAGE: cluster file " + missing + " does not exist")
                .contains("* Advice: Check the path: --config was given " + missing);
        assertThat(home.resolve("machines")).doesNotExist();
    }

    @Test
    void aDirectoryIsAFileThatCannotBeRead() throws Exception {
        Path dir = Files.createDirectories(home.resolve("adir"));
        CliHarness.Run r = harness(Map.of()).run("start", "--config", dir.toString());
        assertThat(r.code()).isEqualTo(Reason.USAGE.exitCode());
        assertThat(r.err()).contains("cluster file " + dir + " cannot be read");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "'cpus: [4\n'                        | is not valid YAML: expected ',' or ']', but got <stream end> (line 2, column 1)",
            "'a: b: c\n'                         | is not valid YAML: mapping values are not allowed here (line 1, column 5)",
            "'- driver: qemu\n'                  | is not a mapping of keys to values but a list",
            "'drivers: qemu\n'                   | has an unknown key 'drivers'",
            "'disk-size: 20g\n'                  | has an unknown key 'disk-size'",
            "'cpus: [4]\n'                       | key 'cpus' must be a whole number or text, not a list",
            "'cpus: 2.5\n'                       | key 'cpus' must be a whole number or text, not a number (2.5)",
            "'kubernetesVersion: 1.30\n'         | key 'kubernetesVersion' must be text, not a number (1.3)",
            "'driver:\n'                         | key 'driver' must be text, not empty (leave the key out for its default)",
            "'containerRuntime: true\n'          | key 'containerRuntime' must be text, not a boolean (true)",
            "'addons: dashboard\n'               | key 'addons' must be a list of text, e.g. [dashboard], not text",
            "'extraConfig: [1]\n'                | key 'extraConfig' must be a list of text, but one item is a number (1)",
            "'profile: {name: dev}\n'            | key 'profile' must be text, not a mapping",
            "'cpus: 2\ncpus: 3\n'                | is not valid YAML: Duplicate field 'cpus'",
    })
    void aBadFileIsOneUsageLineNamingTheFile(String yaml, String problem) throws Exception {
        Path f = file(yaml);
        CliHarness.Run r = harness(Map.of()).run("start", "--config", f.toString());
        assertThat(r.code()).as(r.err()).isEqualTo(Reason.USAGE.exitCode());
        String firstLine = r.err().lines().filter(l -> l.startsWith("X ")).findFirst().orElseThrow();
        assertThat(firstLine).startsWith("X Exiting due to MK_USAGE: cluster file " + f + " " + problem);
        // One line: the next line of stderr is the advice, not the rest of a parser's multi-line message.
        assertThat(r.err().lines().skip(1).findFirst().orElse("")).startsWith("* Advice: ");
        assertThat(home.resolve("machines")).doesNotExist();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "memory: lots              | RESOURCE_MEMORY",
            "diskSize: 12q             | RESOURCE_DISK_SIZE",
            "cpus: 0                   | RESOURCE_CPUS",
            "driver: nosuch            | DRIVER_UNKNOWN",
            "addons: [nope]            | ADDON_UNKNOWN",
            "profile: a/b              | PROFILE_NAME_INVALID",
    })
    void aBadValueFailsAsItsFlagWouldNamingTheFileAndKey(String yaml, Reason reason) throws Exception {
        Path f = file(yaml + "\n");
        CliHarness.Run r = harness(Map.of()).run("start", "--config", f.toString());
        assertThat(r.code()).as(r.err()).isEqualTo(reason.exitCode());
        assertThat(r.err()).contains("X Exiting due to " + reason.id() + ": cluster file " + f + ": key '"
                + yaml.substring(0, yaml.indexOf(':')) + "' is not valid: ");
    }

    @Test
    void anEmptyFileAsksForNothing() throws Exception {
        Path f = file("# nothing yet\n");
        assertThat(CliRequests.start(harness(Map.of()).environment(), "start", "--config", f.toString()))
                .isEqualTo(StartRequest.forProfile("minikube").build());
    }
}
