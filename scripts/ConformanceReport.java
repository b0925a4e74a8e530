import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * scripts/conformance's summary: java ConformanceReport.java JUNIT_XML FOCUS_FILE RUN_DIR. Reads e2e.test's junit
 * report, matches each listed test (its name without the trailing [labels]) to the spec that ran, and prints
 * "N passed, N failed" (a listed test that did not run counts as failed: "did not run"), then each failure with
 * its first error line. Exit 0 only when every listed test passed.
 */
public class ConformanceReport {
    public static void main(String[] args) throws Exception {
        Path junit = Path.of(args[0]);
        List<String> wanted = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(args[1]))) {
            String name = line.replaceAll("#.*", "").strip();
            if (!name.isEmpty()) {
                wanted.add(withoutLabels(name));
            }
        }
        Map<String, String> outcome = new LinkedHashMap<>(); // name -> null when passed, else the first error line
        Map<String, Double> seconds = new LinkedHashMap<>();
        if (Files.isRegularFile(junit)) {
            NodeList cases = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(junit.toFile())
                    .getElementsByTagName("testcase");
            for (int i = 0; i < cases.getLength(); i++) {
                Element c = (Element) cases.item(i);
                String status = c.getAttribute("status");
                if (c.getElementsByTagName("skipped").getLength() > 0 || "skipped".equals(status)) {
                    continue;
                }
                String name = withoutLabels(c.getAttribute("name").replaceFirst("^\\[It\\] ", ""));
                String error = null;
                for (String tag : List.of("failure", "error")) {
                    NodeList f = c.getElementsByTagName(tag);
                    if (f.getLength() > 0) {
                        Element e = (Element) f.item(0);
                        String text = e.getAttribute("message").isBlank() ? e.getTextContent() : e.getAttribute("message");
                        error = text.strip().lines().findFirst().orElse(tag);
                    }
                }
                outcome.put(name, error);
                seconds.put(name, c.getAttribute("time").isBlank() ? 0 : Double.parseDouble(c.getAttribute("time")));
            }
        }
        int passed = 0;
        List<String> failures = new ArrayList<>();
        for (String name : wanted) {
            if (!outcome.containsKey(name)) {
                failures.add(name + "\n    did not run" + (Files.isRegularFile(junit) ? "" : " (no " + junit + ")"));
            } else if (outcome.get(name) == null) {
                passed++;
            } else {
                failures.add(name + "\n    " + outcome.get(name));
            }
        }
        double total = seconds.values().stream().mapToDouble(Double::doubleValue).sum();
        System.out.printf("%d passed, %d failed (of %d listed; %.0f s in the tests)%n", passed, failures.size(),
                wanted.size(), total);
        failures.forEach(f -> System.out.println("  FAIL " + f));
        System.out.println("junit XML and log: " + args[2]);
        System.exit(failures.isEmpty() ? 0 : 1);
    }

    /** "[sig-node] Pods should get a host IP [NodeConformance] [Conformance]" without its trailing labels. */
    static String withoutLabels(String name) {
        return name.replaceAll("( \\[[A-Za-z]+\\])+$", "").strip();
    }
}
