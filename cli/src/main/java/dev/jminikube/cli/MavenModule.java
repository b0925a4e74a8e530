package dev.jminikube.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The IntelliJ module of a single-module Maven project: IntelliJ names the module it imports from a pom after the
 * pom's artifactId. An Application configuration needs its module for the class path; any other project (an
 * aggregator pom, Gradle) leaves it unknown and IntelliJ asks for it once.
 */
final class MavenModule {
    private MavenModule() {
    }

    static Optional<String> of(Path projectDir) {
        Path pom = projectDir.resolve("pom.xml");
        if (!Files.isRegularFile(pom)) {
            return Optional.empty();
        }
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            // A pom is the user's file: read it without fetching or expanding anything it declares.
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Element project = factory.newDocumentBuilder().parse(pom.toFile()).getDocumentElement();
            if ("pom".equals(child(project, "packaging"))) {
                return Optional.empty(); // an aggregator: the main class lives in one of its modules
            }
            return Optional.ofNullable(child(project, "artifactId")).filter(a -> !a.isBlank() && !a.contains("$"));
        } catch (Exception e) {
            return Optional.empty(); // an unreadable pom only costs the user choosing the module in IntelliJ
        }
    }

    /** The text of {@code parent}'s direct child {@code name} (not the parent pom's own artifactId). */
    private static String child(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && name.equals(e.getLocalName() != null ? e.getLocalName() : e.getTagName())) {
                return e.getTextContent().strip();
            }
        }
        return null;
    }
}
