package dev.jminikube.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/** Reads run configuration files the way the IDEs do, for the Ide* tests. */
final class IdeFiles {
    /** VS Code's launch.json and tasks.json are JSON with comments (VS Code's own templates carry some). */
    static final ObjectMapper JSONC = JsonMapper.builder().enable(JsonReadFeature.ALLOW_JAVA_COMMENTS).build();
    /** Plain JSON, for the repository's own files, which any tool should read. */
    static final ObjectMapper JSON = JsonMapper.builder().build();

    private IdeFiles() {
    }

    /**
     * An IntelliJ shared run configuration file: its {@code configuration} element, after checking what IntelliJ
     * requires around it (the root {@code component name="ProjectRunConfigurationManager"}, exactly one
     * configuration with a name and a type, and {@code method v="2"}).
     */
    static Element intellijConfiguration(Path file) throws Exception {
        assertThat(file.getFileName().toString()).endsWith(".run.xml");
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Element root = factory.newDocumentBuilder().parse(file.toFile()).getDocumentElement();
        assertThat(root.getTagName()).isEqualTo("component");
        assertThat(root.getAttribute("name")).isEqualTo("ProjectRunConfigurationManager");
        List<Element> configurations = children(root, "configuration");
        assertThat(configurations).as("configurations in %s", file).hasSize(1);
        Element configuration = configurations.get(0);
        assertThat(configuration.getAttribute("name")).isNotBlank();
        assertThat(configuration.getAttribute("type")).isNotBlank();
        assertThat(configuration.getAttribute("default")).isEqualTo("false");
        List<Element> methods = children(configuration, "method");
        assertThat(methods).hasSize(1);
        assertThat(methods.get(0).getAttribute("v")).isEqualTo("2");
        // IntelliJ names the file after the configuration ("Store as project file").
        assertThat(file.getFileName().toString()).isEqualTo(configuration.getAttribute("name") + ".run.xml");
        return configuration;
    }

    static List<Element> children(Element parent, String tag) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(tag)) {
                out.add(e);
            }
        }
        return out;
    }

    /** The value of {@code <option name="NAME" value="..."/>} directly under {@code parent}. */
    static Optional<String> option(Element parent, String name) {
        return children(parent, "option").stream().filter(o -> o.getAttribute("name").equals(name))
                .map(o -> o.getAttribute("value")).findFirst();
    }

    static JsonNode jsonc(Path file) throws IOException {
        return JSONC.readTree(Files.readString(file));
    }
}
