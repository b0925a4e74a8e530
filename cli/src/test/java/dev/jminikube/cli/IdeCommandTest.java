package dev.jminikube.cli;

import static dev.jminikube.cli.IdeFiles.children;
import static dev.jminikube.cli.IdeFiles.option;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jminikube.bootstrap.NodeConfiguration;
import dev.jminikube.drivers.MachinePaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;

/** {@code jminikube ide}: what it writes is what IntelliJ and VS Code read, pointing at the profile's cluster. */
class IdeCommandTest {
    @TempDir
    Path home;
    @TempDir
    Path project;
    @TempDir
    Path bin;

    private Path launcher;
    private CliHarness cli;

    @BeforeEach
    void setUp() throws Exception {
        // A launcher path with a space and a quote: the shell command line and the XML must both carry it intact.
        launcher = Files.createDirectories(bin.resolve("my tools's")).resolve("jminikube");
        Files.writeString(launcher, "#!/bin/bash\n");
        cli = new CliHarness(home, project, Map.of("PATH", "/usr/bin:/bin", "JMINIKUBE_LAUNCHER", launcher.toString()),
                false);
    }

    private CliHarness.Run ok(String... args) {
        CliHarness.Run r = cli.run(args);
        assertThat(r.code()).as("stdout:%n%s%nstderr:%n%s", r.out(), r.err()).isZero();
        return r;
    }

    /** The profile's kubeconfig as the rest of jminikube locates it. */
    private Path kubeconfig(String profile) {
        return NodeConfiguration.profileKubeconfig(
                MachinePaths.of(cli.environment().machinesDir(), profile).dir());
    }

    @Test
    void intellijStartsTheProfileThenRunsTheProgramWithItsKubeconfig() throws Exception {
        CliHarness.Run r = ok("ide", "intellij", "-p", "dev", "--main-class", "com.example.shop.Main");
        Path startFile = project.resolve(".run/jminikube start (dev).run.xml");
        Path programFile = project.resolve(".run/Main on jminikube.run.xml");
        assertThat(r.out()).contains("* Wrote .run/jminikube start (dev).run.xml")
                .contains("* Wrote .run/Main on jminikube.run.xml");

        Element start = IdeFiles.intellijConfiguration(startFile);
        assertThat(start.getAttribute("type")).isEqualTo("ShConfigurationType");
        assertThat(start.getAttribute("factoryName")).isEqualTo("Shell Script");
        assertThat(option(start, "EXECUTE_SCRIPT_FILE")).contains("false");
        assertThat(option(start, "SCRIPT_TEXT")).contains("'" + launcher.toString().replace("'", "'\\''")
                + "' start -p dev");
        // Run in the Run window, not a terminal: a before-launch task waits for it only there.
        assertThat(option(start, "EXECUTE_IN_TERMINAL")).contains("false");

        Element program = IdeFiles.intellijConfiguration(programFile);
        assertThat(program.getAttribute("type")).isEqualTo("Application");
        assertThat(program.getAttribute("factoryName")).isEqualTo("Application");
        assertThat(option(program, "MAIN_CLASS_NAME")).contains("com.example.shop.Main");
        List<Element> envs = children(children(program, "envs").get(0), "env");
        assertThat(envs).hasSize(1);
        assertThat(envs.get(0).getAttribute("name")).isEqualTo("KUBECONFIG");
        assertThat(envs.get(0).getAttribute("value")).isEqualTo(kubeconfig("dev").toString())
                .isEqualTo(home.resolve("machines/dev/kubeconfig").toString());
        List<Element> beforeRun = children(children(program, "method").get(0), "option").stream()
                .filter(o -> o.getAttribute("name").equals("RunConfigurationTask")).toList();
        assertThat(beforeRun).hasSize(1);
        assertThat(beforeRun.get(0).getAttribute("enabled")).isEqualTo("true");
        assertThat(beforeRun.get(0).getAttribute("run_configuration_name")).isEqualTo(start.getAttribute("name"));
        assertThat(beforeRun.get(0).getAttribute("run_configuration_type")).isEqualTo(start.getAttribute("type"));
        // No pom here: the module is left for IntelliJ to ask, and the user is told so.
        assertThat(children(program, "module")).isEmpty();
        assertThat(r.out()).contains("IntelliJ asks once which module holds com.example.shop.Main");
    }

    @Test
    void intellijNamesTheModuleOfASingleModuleMavenProject() throws Exception {
        Files.writeString(project.resolve("pom.xml"), """
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <parent><artifactId>corporate-parent</artifactId></parent>
                  <artifactId>shop</artifactId>
                </project>
                """);
        CliHarness.Run r = ok("ide", "intellij", "--main-class", "Main");
        Element program = IdeFiles.intellijConfiguration(project.resolve(".run/Main on jminikube.run.xml"));
        assertThat(children(program, "module")).singleElement().satisfies(m ->
                assertThat(m.getAttribute("name")).isEqualTo("shop"));
        assertThat(r.out()).doesNotContain("IntelliJ asks");
    }

    @Test
    void withoutMainClassOnlyTheStartConfigurationIsWritten() throws Exception {
        ok("ide", "intellij");
        try (var files = Files.list(project.resolve(".run"))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("jminikube start (minikube).run.xml");
        }
    }

    @Test
    void vscodeTaskStartsTheProfileAndTheLaunchRunsItFirst() throws Exception {
        CliHarness.Run r = ok("ide", "vscode", "-p", "dev", "--main-class", "com.example.shop.Main");
        assertThat(r.out()).contains("* Wrote .vscode/tasks.json").contains("* Wrote .vscode/launch.json");

        JsonNode tasks = IdeFiles.jsonc(project.resolve(".vscode/tasks.json"));
        assertThat(tasks.path("version").asText()).isEqualTo("2.0.0");
        assertThat(tasks.path("tasks")).hasSize(1);
        JsonNode task = tasks.path("tasks").get(0);
        assertThat(task.path("label").asText()).isEqualTo("jminikube: start dev");
        assertThat(task.path("type").asText()).isEqualTo("process");
        assertThat(task.path("command").asText()).isEqualTo(launcher.toString());
        assertThat(StreamSupport.stream(task.path("args").spliterator(), false).map(JsonNode::asText))
                .containsExactly("start", "-p", "dev");

        JsonNode launch = IdeFiles.jsonc(project.resolve(".vscode/launch.json"));
        assertThat(launch.path("version").asText()).isEqualTo("0.2.0");
        assertThat(launch.path("configurations")).hasSize(1);
        JsonNode config = launch.path("configurations").get(0);
        assertThat(config.path("type").asText()).isEqualTo("java");
        assertThat(config.path("request").asText()).isEqualTo("launch");
        assertThat(config.path("name").asText()).isEqualTo("Main on jminikube");
        assertThat(config.path("mainClass").asText()).isEqualTo("com.example.shop.Main");
        assertThat(config.path("preLaunchTask").asText()).isEqualTo(task.path("label").asText());
        assertThat(config.path("env").path("KUBECONFIG").asText()).isEqualTo(kubeconfig("dev").toString());
    }

    @Test
    void withoutTheLauncherTheConfigurationsRunJminikubeFromPath() throws Exception {
        cli = new CliHarness(home, project, Map.of("PATH", "/usr/bin:/bin"), false);
        CliHarness.Run r = ok("ide", "vscode");
        assertThat(r.err()).contains("! Not run through the ./jminikube launcher");
        JsonNode task = IdeFiles.jsonc(project.resolve(".vscode/tasks.json")).path("tasks").get(0);
        assertThat(task.path("command").asText()).isEqualTo("jminikube");
        assertThat(project.resolve(".vscode/launch.json")).doesNotExist();
    }

    @Test
    void dirRelativeToTheWorkingDirectory() throws Exception {
        Files.createDirectories(project.resolve("apps/shop"));
        ok("ide", "vscode", "--dir", "apps/shop");
        assertThat(project.resolve("apps/shop/.vscode/tasks.json")).isRegularFile();
        assertThat(project.resolve(".vscode")).doesNotExist();
    }
}
