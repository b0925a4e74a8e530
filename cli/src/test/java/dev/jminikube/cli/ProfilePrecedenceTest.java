package dev.jminikube.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jminikube.core.Environment;
import dev.jminikube.core.Reason;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which profile a command works on: -p after the verb > -p before it > $JMINIKUBE_PROFILE > active > minikube. */
class ProfilePrecedenceTest {
    @TempDir
    Path home;

    private CliHarness harness(String envProfile) {
        Map<String, String> vars = new HashMap<>(Map.of("PATH", "/usr/bin:/bin"));
        if (!envProfile.isEmpty()) {
            vars.put(ActiveProfile.VARIABLE, envProfile);
        }
        return new CliHarness(home, vars, false);
    }

    @ParameterizedTest(name = "before={0} after={1} env={2} active={3} -> {4}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            // before | after | env  | active | expected
            "-        | -     | -    | -      | minikube",
            "-        | -     | -    | act    | act",
            "-        | -     | envp | act    | envp",
            "-        | -     | envp | -      | envp",
            "glob     | -     | envp | act    | glob",
            "glob     | after | envp | act    | after",
            "-        | after | -    | -      | after",
            "-        | after | envp | act    | after",
    })
    void startsRequestForTheProfileByPrecedence(String before, String after, String env, String active,
                                                 String expected) {
        CliHarness cli = harness(env == null ? "" : env);
        if (active != null) {
            assertThat(cli.run("profile", active).code()).isZero();
        }
        List<String> args = new ArrayList<>();
        if (before != null) {
            args.addAll(List.of("-p", before));
        }
        args.add("start");
        if (after != null) {
            args.addAll(List.of("-p", after));
        }
        Environment environment = cli.environment();
        assertThat(CliRequests.start(environment, args.toArray(String[]::new)).profile()).isEqualTo(expected);
        if (after == null) {
            // 'jminikube [-p X] profile' prints the profile the same resolution gives.
            List<String> show = new ArrayList<>(args.subList(0, args.size() - 1));
            show.add("profile");
            CliHarness.Run r = cli.run(show.toArray(String[]::new));
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.out()).isEqualTo(expected + "\n");
        }
    }

    @Test
    void aGlobalProfileBeforeTheVerbIsTheOneACommandWorksOn() {
        CliHarness cli = harness("");
        for (String[] args : new String[][] {{"-p", "dev", "ip"}, {"--profile", "dev", "ip"}, {"--profile=dev", "ip"},
                {"-pdev", "ip"}, {"-p", "other", "ip", "-p", "dev"}}) {
            CliHarness.Run r = cli.run(args);
            assertThat(r.code()).as(String.join(" ", args) + "\n" + r.err()).isEqualTo(Reason.GUEST_NOT_FOUND.exitCode());
            assertThat(r.err()).contains("machine \"dev\" does not exist");
        }
    }

    @Test
    void theVerbIsFoundAfterAGlobalProfile() {
        assertThat(Jminikube.verbOf("-p", "dev", "start", "-p", "x")).isEqualTo("start");
        assertThat(Jminikube.verbOf("--profile=dev", "status")).isEqualTo("status");
        assertThat(Jminikube.verbOf("-pdev", "ip")).isEqualTo("ip");
        assertThat(Jminikube.verbOf("-p")).isNull();
        assertThat(Jminikube.verbOf("--help")).isEqualTo("--help");
    }

    @Test
    void theActiveProfileIsKeptInConfigAndABadNameIsRefused() {
        CliHarness cli = harness("");
        CliHarness.Run set = cli.run("profile", "dev");
        assertThat(set.code()).isZero();
        assertThat(set.out()).contains("\"dev\" is now the active profile.");
        assertThat(set.err()).contains("! Profile \"dev\" does not exist yet");
        assertThat(cli.run("config", "get", "profile").out()).isEqualTo("dev\n");
        assertThat(cli.run("profile").out()).isEqualTo("dev\n");
        CliHarness.Run bad = cli.run("profile", "a/b");
        assertThat(bad.code()).isEqualTo(Reason.PROFILE_NAME_INVALID.exitCode());
        assertThat(cli.run("profile").out()).isEqualTo("dev\n");
    }

    @Test
    void theEnvironmentVariableIsNamedWhenItHidesTheActiveProfile() {
        CliHarness.Run r = harness("ci").run("profile", "dev");
        assertThat(r.err()).contains("JMINIKUBE_PROFILE=ci is set in this shell and wins over the active profile.");
    }
}
