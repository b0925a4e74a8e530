package dev.jminikube.cli;

import dev.jminikube.core.Environment;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Runs CLI command lines in-process against a JMINIKUBE_HOME of the test's, capturing what they print. */
final class CliHarness {
    record Run(int code, String out, String err) {
    }

    private final Jminikube cli;
    private final boolean echo;

    /**
     * @param base variables the commands see (JMINIKUBE_HOME is set on top)
     * @param echo print each command and its output to the test log (for VM tests, where a failure needs it)
     */
    CliHarness(Path home, Map<String, String> base, boolean echo) {
        Map<String, String> vars = new HashMap<>(base);
        vars.put("JMINIKUBE_HOME", home.toString());
        this.cli = new Jminikube(Environment.from(vars, home, "Linux", System.getProperty("os.arch")));
        this.echo = echo;
    }

    Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = cli.run(new PrintWriter(out), new PrintWriter(err), args);
        if (echo) {
            System.out.println("$ jminikube " + String.join(" ", args) + " -> " + code + "\n" + out + err);
        }
        return new Run(code, out.toString(), err.toString());
    }
}
