package dev.jminikube.cli;

import static dev.jminikube.cli.IdeFiles.children;
import static dev.jminikube.cli.IdeFiles.option;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/**
 * The repository's own run configurations ({@code .run/}, {@code .vscode/}) parse as the IDEs read them and name
 * things that exist: the CLI's main class and module, verbs the CLI has, Maven phases and the vm-tests profile.
 */
class IdeRepositoryRunConfigsTest {
    private static final Set<String> MAVEN_PHASES = Set.of("clean", "validate", "compile", "test", "package", "verify",
            "install");
    private static Path root;

    @BeforeAll
    static void findRepository() {
        // Surefire runs in the module's directory; the repository is its parent (the one holding the .run folder).
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve(".run"))) {
            dir = dir.getParent();
        }
        assertThat(dir).as("a parent directory holding .run/").isNotNull();
        root = dir;
    }

    private static Map<String, Element> intellijConfigurations() throws Exception {
        Map<String, Element> byName = new java.util.TreeMap<>();
        try (Stream<Path> files = Files.list(root.resolve(".run"))) {
            for (Path file : files.sorted().toList()) {
                Element configuration = IdeFiles.intellijConfiguration(file);
                byName.put(configuration.getAttribute("name"), configuration);
            }
        }
        return byName;
    }

    @Test
    void intellijHasTheFiveConfigurations() throws Exception {
        assertThat(intellijConfigurations().keySet()).containsExactlyInAnyOrder("jminikube start", "jminikube stop",
                "jminikube dashboard", "unit tests", "VM tests");
    }

    @Test
    void intellijApplicationsRunTheCliMainClassWithAVerbItHas() throws Exception {
        String cliArtifact = artifactId(Files.readString(root.resolve("cli/pom.xml")));
        for (String verb : List.of("start", "stop", "dashboard")) {
            Element app = intellijConfigurations().get("jminikube " + verb);
            assertThat(app.getAttribute("type")).isEqualTo("Application");
            assertThat(app.getAttribute("factoryName")).isEqualTo("Application");
            assertThat(option(app, "MAIN_CLASS_NAME")).contains(Main.class.getName());
            assertThat(children(app, "module")).singleElement()
                    .satisfies(m -> assertThat(m.getAttribute("name")).isEqualTo(cliArtifact));
            assertThat(option(app, "PROGRAM_PARAMETERS")).contains(verb);
            assertThat(Jminikube.VERBS).contains(verb);
        }
        assertThat(root.resolve("cli/src/main/java/" + Main.class.getName().replace('.', '/') + ".java")).isRegularFile();
    }

    @Test
    void intellijMavenConfigurationsRunRealGoals() throws Exception {
        assertThat(mavenGoals(intellijConfigurations().get("unit tests"))).containsExactly("test");
        List<String> vm = mavenGoals(intellijConfigurations().get("VM tests"));
        assertThat(vm).containsExactly("verify", "-Pvm-tests", "-DexcludedGroups=extended");
        assertThat(profiles(root.resolve("pom.xml"))).contains("vm-tests");
    }

    private static List<String> mavenGoals(Element configuration) {
        assertThat(configuration.getAttribute("type")).isEqualTo("MavenRunConfiguration");
        assertThat(configuration.getAttribute("factoryName")).isEqualTo("Maven");
        Element parameters = children(children(children(configuration, "MavenSettings").get(0), "option").stream()
                .filter(o -> o.getAttribute("name").equals("myRunnerParameters")).findFirst().orElseThrow(),
                "MavenRunnerParameters").get(0);
        assertThat(option(parameters, "workingDirPath")).contains("$PROJECT_DIR$");
        Element goals = children(parameters, "option").stream().filter(o -> o.getAttribute("name").equals("goals"))
                .findFirst().orElseThrow();
        List<String> values = children(children(goals, "list").get(0), "option").stream()
                .map(o -> o.getAttribute("value")).toList();
        assertThat(values.stream().filter(v -> !v.startsWith("-"))).allMatch(MAVEN_PHASES::contains);
        return values;
    }

    @Test
    void vscodeLaunchRunsTheCliMainClass() throws Exception {
        JsonNode launch = IdeFiles.JSON.readTree(Files.readString(root.resolve(".vscode/launch.json")));
        assertThat(launch.path("version").asText()).isEqualTo("0.2.0");
        String cliArtifact = artifactId(Files.readString(root.resolve("cli/pom.xml")));
        Set<String> verbs = new HashSet<>();
        for (JsonNode config : launch.path("configurations")) {
            assertThat(config.path("type").asText()).isEqualTo("java");
            assertThat(config.path("request").asText()).isEqualTo("launch");
            assertThat(config.path("mainClass").asText()).isEqualTo(Main.class.getName());
            assertThat(config.path("projectName").asText()).isEqualTo(cliArtifact);
            String verb = config.path("args").get(0).asText();
            assertThat(config.path("name").asText()).isEqualTo("jminikube " + verb);
            verbs.add(verb);
        }
        assertThat(verbs).containsExactlyInAnyOrder("start", "stop", "dashboard").allMatch(Jminikube.VERBS::contains);
    }

    @Test
    void vscodeTasksRunTheTestsAndTheLauncher() throws Exception {
        JsonNode tasks = IdeFiles.JSON.readTree(Files.readString(root.resolve(".vscode/tasks.json")));
        assertThat(tasks.path("version").asText()).isEqualTo("2.0.0");
        Map<String, String> commands = StreamSupport.stream(tasks.path("tasks").spliterator(), false)
                .peek(t -> assertThat(t.path("type").asText()).isEqualTo("shell"))
                .collect(Collectors.toMap(t -> t.path("label").asText(), t -> t.path("command").asText()));
        assertThat(commands).containsOnly(Map.entry("unit tests", "mvn -B test"),
                Map.entry("VM tests", "mvn -B verify -Pvm-tests -DexcludedGroups=extended"),
                Map.entry("jminikube start", "./jminikube start"));
        assertThat(root.resolve("jminikube")).isExecutable();
    }

    @Test
    void gitKeepsTheSharedFiles() throws Exception {
        List<String> ignore = Files.readAllLines(root.resolve(".gitignore"));
        assertThat(ignore).doesNotContain(".vscode/", ".vscode", ".run/", ".run")
                .contains("!.vscode/launch.json", "!.vscode/tasks.json");
    }

    private static String artifactId(String pom) {
        // The project's own artifactId: the first one outside <parent>.
        Matcher m = Pattern.compile("<artifactId>([^<]+)</artifactId>").matcher(pom.replaceAll("(?s)<parent>.*?</parent>", ""));
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    private static Set<String> profiles(Path pom) throws Exception {
        Element project = javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(pom.toFile()).getDocumentElement();
        Set<String> ids = new HashSet<>();
        for (Element profiles : children(project, "profiles")) {
            for (Element profile : children(profiles, "profile")) {
                children(profile, "id").forEach(id -> ids.add(id.getTextContent().strip()));
            }
        }
        return ids;
    }
}
