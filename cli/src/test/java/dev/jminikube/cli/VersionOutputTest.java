package dev.jminikube.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.jminikube.bootstrap.SupportedVersions;
import dev.jminikube.core.Reason;
import dev.jminikube.iso.NodeImageRecipe;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** version as text, JSON and YAML: the same document. */
class VersionOutputTest {
    @TempDir
    Path home;

    private CliHarness.Run run(String... args) {
        return new CliHarness(home, Map.of(), false).run(args);
    }

    @Test
    void jsonNamesTheVersionsAndTheBuiltInNodeImage() throws Exception {
        CliHarness.Run r = run("version", "-o", "json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode doc = new ObjectMapper().readTree(r.out());
        assertThat(doc.properties().stream().map(Map.Entry::getKey).toList())
                .containsExactly("jminikubeVersion", "nodeImage", "defaultKubernetesVersion", "commit");
        assertThat(doc.get("jminikubeVersion").asText()).isEqualTo(VersionCommand.VERSION);
        NodeImageRecipe recipe = NodeImageRecipe.bundled();
        JsonNode image = doc.get("nodeImage");
        assertThat(image.get("version").asText()).isEqualTo(NodeImageRecipe.IMAGE_VERSION);
        assertThat(image.get("recipe").asText()).matches("[0-9a-f]{12}").isEqualTo(recipe.sha256().substring(0, 12));
        assertThat(image.get("file").asText()).isEqualTo(recipe.isoFileName());
        assertThat(doc.get("defaultKubernetesVersion").asText()).isEqualTo(SupportedVersions.DEFAULT.toString());
        // The build records the commit of the tree it built (this test runs in that build); none without git.
        Optional<String> head = gitHead();
        if (head.isPresent()) {
            String commit = doc.get("commit").asText();
            assertThat(commit).matches("[0-9a-f]{12,40}(-dirty)?");
            assertThat(head.get()).startsWith(commit.replace("-dirty", ""));
        } else {
            assertThat(doc.get("commit").isNull()).isTrue();
        }
    }

    /** HEAD of the checkout this test runs in, if it is one and git is here. */
    private static Optional<String> gitHead() throws InterruptedException {
        try {
            Process p = new ProcessBuilder("git", "rev-parse", "HEAD").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).strip();
            return p.waitFor() == 0 && out.matches("[0-9a-f]{40}") ? Optional.of(out) : Optional.empty();
        } catch (java.io.IOException e) {
            return Optional.empty();
        }
    }

    @Test
    void yamlIsTheSameDocument() throws Exception {
        JsonNode json = new ObjectMapper().readTree(run("version", "-o", "json").out());
        JsonNode yaml = new YAMLMapper().readTree(run("version", "-o", "yaml").out());
        assertThat(yaml).isEqualTo(json);
    }

    @Test
    void textStaysTheDefaultAndABadOutputIsAUsageError() {
        assertThat(run("version").out()).startsWith("jminikube version: " + VersionCommand.VERSION + "\n")
                .contains("default Kubernetes version: " + SupportedVersions.DEFAULT);
        assertThat(run("version", "-o", "xml").code()).isEqualTo(Reason.USAGE.exitCode());
    }
}
