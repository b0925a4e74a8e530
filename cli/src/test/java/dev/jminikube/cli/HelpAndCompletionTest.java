package dev.jminikube.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jminikube.core.Reason;
import dev.jminikube.drivers.MachineSpec;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** help, -h/--help on every command and group, defaults in help, and the completion scripts. */
class HelpAndCompletionTest {
    @TempDir
    Path home;
    private CliHarness cli;

    @BeforeEach
    void setUp() {
        cli = new CliHarness(home, Map.of("PATH", "/usr/bin:/bin"), false);
    }

    /** Every command path in the whole tree: ["start"], ["addons", "enable"], ... */
    static List<List<String>> commandPaths() {
        CliContext ctx = new CliContext(cliEnvForTree(), new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter()));
        List<List<String>> paths = new ArrayList<>();
        collect(Jminikube.commandLine(ctx, ClusterReach.LIVE), new ArrayList<>(), paths);
        return paths;
    }

    private static dev.jminikube.core.Environment cliEnvForTree() {
        return dev.jminikube.core.Environment.from(Map.of(), Path.of("/nonexistent-home"), "Linux", "amd64");
    }

    private static void collect(CommandLine cl, List<String> prefix, List<List<String>> out) {
        for (Map.Entry<String, CommandLine> sub : cl.getSubcommands().entrySet()) {
            List<String> path = new ArrayList<>(prefix);
            path.add(sub.getKey());
            out.add(path);
            collect(sub.getValue(), path, out);
        }
    }

    @Test
    void everyCommandAndGroupTakesHelpAndPrintsItsUsage() {
        List<List<String>> paths = commandPaths();
        assertThat(paths).contains(List.of("version"), List.of("addons"), List.of("image"), List.of("iso"),
                List.of("profile", "list"), List.of("config", "view"), List.of("completion"), List.of("help"));
        for (List<String> path : paths) {
            for (String flag : new String[] {"--help", "-h"}) {
                List<String> args = new ArrayList<>(path);
                args.add(flag);
                CliHarness.Run r = cli.run(args.toArray(String[]::new));
                assertThat(r.code()).as(String.join(" ", args) + "\n" + r.err()).isZero();
                assertThat(r.out()).as(String.join(" ", args)).contains("Usage: jminikube " + String.join(" ", path));
            }
        }
    }

    @Test
    void versionFlagOnAVerbPrintsJminikubesVersion() {
        for (String[] args : new String[][] {{"status", "-V"}, {"addons", "list", "--version"}, {"config", "-V"}}) {
            CliHarness.Run r = cli.run(args);
            assertThat(r.code()).isZero();
            assertThat(r.out()).as(String.join(" ", args)).isEqualTo("jminikube version: " + VersionCommand.VERSION + "\n");
        }
    }

    @Test
    void theAdviceOfAGroupsUsageErrorNamesACommandThatWorks() {
        for (String group : new String[] {"version", "addons", "image", "iso", "config", "profile"}) {
            CliHarness.Run bad = cli.run(group, "--bogus");
            assertThat(bad.code()).isEqualTo(Reason.USAGE.exitCode());
            assertThat(bad.err()).contains("'jminikube " + group + " --help'");
            assertThat(cli.run(group, "--help").code()).as(group).isZero();
        }
    }

    @Test
    void helpVerbPrintsTheUsageOfTheVerbNamed() {
        CliHarness.Run all = cli.run("help");
        assertThat(all.code()).isZero();
        assertThat(all.out()).contains("Usage: jminikube").containsPattern("(?m)^  profile ")
                .containsPattern("(?m)^  config ").containsPattern("(?m)^  completion ");
        CliHarness.Run start = cli.run("help", "start");
        assertThat(start.code()).isZero();
        assertThat(start.out()).contains("Usage: jminikube start").contains("--cpus");
        CliHarness.Run sub = cli.run("help", "config");
        assertThat(sub.out()).contains("Usage: jminikube config").containsPattern("(?m)^  set ");
        assertThat(cli.run("help", "nope").code()).isEqualTo(Reason.USAGE.exitCode());
    }

    @Test
    void startsHelpShowsTheDefaultsOfTheSizes() {
        String help = cli.run("start", "--help").out().replaceAll("\\s+", " ");
        assertThat(help).contains("CPUs for the VM. Default: " + MachineSpec.DEFAULT_CPUS + " ")
                .contains("Default: " + MachineSpec.DEFAULT_MEMORY_MB + "mb ")
                .contains("Default: " + MachineSpec.DEFAULT_DISK_MB + "mb ")
                .doesNotContain("${DEFAULT-VALUE}");
    }

    @Test
    void theBashScriptLoadsInARealBashAndRegistersTheCompletion() throws Exception {
        CliHarness.Run r = cli.run("completion", "bash");
        assertThat(r.code()).as(r.err()).isZero();
        Path script = home.resolve("jminikube-completion.bash");
        Files.writeString(script, r.out());
        Process bash = new ProcessBuilder("bash", "--norc", "--noprofile", "-c",
                "source \"$1\" && complete -p jminikube", "bash", script.toString()).redirectErrorStream(true).start();
        assertThat(bash.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String output = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(bash.exitValue()).as(output).isZero();
        assertThat(output).contains("complete ").contains(" jminikube");
        // The verbs and their flags are in it.
        assertThat(r.out()).contains("start").contains("--cpus").contains("profile").contains("completion");
    }

    @Test
    void zshGetsTheSameScriptWhichTurnsOnBashCompatibility() {
        String zsh = cli.run("completion", "zsh").out();
        assertThat(zsh).isEqualTo(cli.run("completion", "bash").out()).contains("bashcompinit");
    }

    @Test
    void fishGetsCompleteLinesForVerbsSubVerbsAndFlags() {
        CliHarness.Run r = cli.run("completion", "fish");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("complete -c jminikube -f -n '__fish_use_subcommand' -a start -d 'Start a one-node")
                .contains("complete -c jminikube -f -n '__fish_seen_subcommand_from addons' -a enable")
                .containsPattern("complete -c jminikube -n '__fish_seen_subcommand_from start' -l cpus -r -d 'CPUs");
        assertThat(r.out().lines().skip(1)).allMatch(l -> l.startsWith("complete -c jminikube "));
        assertThat(r.out()).doesNotContain("${");
    }

    /** zsh (scripts/install-prereqs installs it for the tests): compinit, then the script registers its function. */
    @Test
    void theZshScriptLoadsInARealZshAndRegistersTheCompletion() throws Exception {
        assumeShell("zsh");
        Path script = home.resolve("jminikube-completion.zsh");
        Files.writeString(script, cli.run("completion", "zsh").out());
        String out = runShell("zsh", "-f", "-c", "autoload -U compinit && compinit -u -D && source \"$1\" && "
                + "print -r -- \"registered: $_comps[jminikube]\" && whence -w _complete_jminikube", "zsh",
                script.toString());
        assertThat(out).contains("registered: _bash_complete -F _complete_jminikube")
                .contains("_complete_jminikube: function");
    }

    /** fish (installed for the tests, as zsh): its own completion engine completes verbs and flags from the script. */
    @Test
    void theFishScriptCompletesVerbsAndFlagsInARealFish() throws Exception {
        assumeShell("fish");
        Path script = home.resolve("jminikube.fish");
        Files.writeString(script, cli.run("completion", "fish").out());
        String out = runShell("fish", "--no-config", "-c",
                "source $argv[1]; and complete -C'jminikube st'; and complete -C'jminikube start --cp'",
                script.toString());
        assertThat(out.lines().map(l -> l.split("\t")[0]).toList()).contains("start", "status", "stop", "--cpus")
                .doesNotContain("delete");
    }

    private static void assumeShell(String shell) {
        org.junit.jupiter.api.Assumptions.assumeTrue(
                Stream.of(System.getenv("PATH").split(java.io.File.pathSeparator))
                        .anyMatch(dir -> Files.isExecutable(Path.of(dir, shell))),
                shell + " is not installed (scripts/install-prereqs installs it)");
    }

    private static String runShell(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as(String.join(" ", command)).isTrue();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(output).isZero();
        return output;
    }

    @Test
    void anotherShellIsAUsageError() {
        CliHarness.Run r = cli.run("completion", "tcsh");
        assertThat(r.code()).isEqualTo(Reason.USAGE.exitCode());
        assertThat(r.err()).contains("Choose bash, zsh or fish.");
    }
}
