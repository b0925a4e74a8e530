package dev.jminikube.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jminikube.core.Reason;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command an advice line tells the user to run exists: for each 'jminikube VERB [SUB] ...' quoted in a
 * {@link Reason}'s advice, {@code VERB [SUB] --help} exits 0. A sub-verb counts when the verb is a group.
 */
class AdviceVerbsExistTest {
    /** A quoted command line: 'jminikube addons list', './jminikube iso build', 'jminikube start -p NAME'. */
    private static final Pattern QUOTED = Pattern.compile("'(?:\\./)?jminikube ([^']+)'");

    @TempDir
    Path home;

    @Test
    void everyCommandNamedInAnAdviceExists() {
        CliHarness cli = new CliHarness(home, Map.of("PATH", "/usr/bin:/bin"), false);
        Set<List<String>> named = new LinkedHashSet<>();
        for (Reason reason : Reason.values()) {
            Matcher m = QUOTED.matcher(reason.advice());
            while (m.find()) {
                named.add(commandOf(m.group(1).split("\\s+")));
            }
        }
        // The catalogue names many commands; a regex that stopped matching must not make this pass vacuously.
        assertThat(named).contains(List.of("delete"), List.of("start"), List.of("get-k8s-versions"),
                List.of("addons", "list"), List.of("profile", "list"), List.of("iso", "build"), List.of("ssh"), List.of("logs"));
        // ...and the check has teeth: picocli answers --help after a word it does not know with its parent's usage
        // and exit 0, so the usage line must be the named command's own.
        assertThat(cli.run("profiles", "--help").out()).doesNotContain("Usage: jminikube profiles");
        assertThat(cli.run("profile", "lists", "--help").out()).doesNotContain("Usage: jminikube profile lists");
        for (List<String> command : named) {
            List<String> args = new ArrayList<>(command);
            args.add("--help");
            CliHarness.Run r = cli.run(args.toArray(String[]::new));
            assertThat(r.code()).as("jminikube " + String.join(" ", args) + "\n" + r.err()).isZero();
            assertThat(r.out()).containsPattern("Usage: jminikube " + Pattern.quote(String.join(" ", command)) + "(\\s|$)");
        }
    }

    /** The verb, and the next word when the verb is a group and that word is no flag or argument placeholder. */
    private static List<String> commandOf(String[] words) {
        List<String> command = new ArrayList<>(List.of(words[0]));
        boolean group = HelpAndCompletionTest.commandPaths().stream()
                .anyMatch(p -> p.size() == 2 && p.get(0).equals(words[0]));
        if (group && words.length > 1 && words[1].matches("[a-z][a-z0-9-]*")) {
            command.add(words[1]);
        }
        return command;
    }
}
