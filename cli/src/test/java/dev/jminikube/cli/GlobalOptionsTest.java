package dev.jminikube.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jminikube.cluster.StartListener;
import dev.jminikube.core.Environment;
import dev.jminikube.core.Reason;
import dev.jminikube.core.exec.LoggingCommandRunner;
import dev.jminikube.core.exec.RecordingCommandRunner;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** -v/--verbosity, --log-file and a -o before the verb (issue 15). */
class GlobalOptionsTest {
    @TempDir
    Path home;

    private CliHarness.Run run(String... args) {
        return new CliHarness(home, Map.of(), false).run(args);
    }

    /** The root command after picocli parsed {@code args} into the tree the CLI builds for them. */
    private RootCommand parsed(String... args) {
        CliContext ctx = new CliContext(Environment.from(Map.of("JMINIKUBE_HOME", home.toString()), home, home,
                "Linux", "amd64"), new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
        CommandLine cl = Jminikube.commandLine(ctx, ClusterReach.LIVE, args);
        cl.parseArgs(args);
        return cl.getCommand();
    }

    // ---- -v/--verbosity ----------------------------------------------------------------------------

    @Test
    void verbosityIsZeroUnlessGivenAndIsReadBeforeOrAfterTheVerb() {
        assertThat(parsed("start").verbosity).isZero();
        assertThat(parsed("-v", "1", "start").verbosity).isEqualTo(1);
        assertThat(parsed("--verbosity=2", "start").verbosity).isEqualTo(2);
        assertThat(parsed("start", "-v", "1").verbosity).isEqualTo(1);
        assertThat(parsed("addons", "list", "--verbosity", "3").verbosity).isEqualTo(3);
    }

    @Test
    void aVerbosityAfterDoubleDashIsKubectlsNotOurs() {
        RootCommand root = parsed("kubectl", "--", "get", "pods", "-v", "6");

        assertThat(root.verbosity).isZero();
    }

    @Test
    void theVerbIsFoundAfterGlobalOptionsWithValues() {
        assertThat(Jminikube.verbOf("-v", "1", "--log-file", "x.log", "-o", "json", "-p", "dev", "status"))
                .isEqualTo("status");
        assertThat(Jminikube.verbOf("-v1", "--log-file=x.log", "-ojson", "--output=json", "status")).isEqualTo("status");
    }

    /** What a verb's runner in the node shows on stderr for {@code true} (a none machine: the node is this host). */
    private String nodeCommandsShown(String... args) {
        CliHarness.createdMachine(home, "dev", "none");
        StringWriter err = new StringWriter();
        CliContext ctx = new CliContext(Environment.from(Map.of("JMINIKUBE_HOME", home.toString()), home, home,
                "Linux", "amd64"), new PrintWriter(new StringWriter()), new PrintWriter(err));
        CommandLine cl = Jminikube.commandLine(ctx, ClusterReach.LIVE, args);
        cl.parseArgs(args);
        CommandLine.Model.CommandSpec verb = cl.getSubcommands().get("status").getCommandSpec();
        try (dev.jminikube.core.exec.CommandRunner node = CliMachines.of(ctx, verb).guestRunner("dev")) {
            assertThat(node.run(List.of("true"), dev.jminikube.core.exec.RunOptions.DEFAULTS).succeeded()).isTrue();
        }
        return err.toString();
    }

    @Test
    void atVerbosityOneEveryVerbShowsItsNodeCommandsOnStderr() {
        assertThat(nodeCommandsShown("-v", "1", "status", "-p", "dev")).isEqualTo("    $ true\n");
        assertThat(nodeCommandsShown("status", "-p", "dev")).isEmpty();
    }

    /** What start prints for a step whose node runner is wrapped as ClusterStarter wraps it. */
    private static String stepPrinted(int verbosity) {
        StringWriter out = new StringWriter();
        CliContext ctx = new CliContext(null, new PrintWriter(out), new PrintWriter(new StringWriter()));
        StartListener listener = new ConsoleStepListener(ctx, verbosity);
        RecordingCommandRunner node = new RecordingCommandRunner();
        listener.started("Configuring containerd");
        try (LoggingCommandRunner guest = new LoggingCommandRunner(node, listener::command)) {
            guest.write("x".getBytes(), "/etc/containerd/config.toml", 0644);
            guest.check("systemctl", "restart", "containerd.service");
        }
        listener.note("containerd restarted");
        return out.toString();
    }

    @Test
    void atVerbosityOneAStepShowsTheCommandsItRanInTheNodeOneLineEach() {
        assertThat(stepPrinted(1).lines().toList()).containsExactly(
                "* Configuring containerd ...",
                "    $ write 1 bytes to /etc/containerd/config.toml (mode 0644)",
                "    $ systemctl restart containerd.service",
                "*   containerd restarted");
    }

    @Test
    void atVerbosityZeroTheCommandsAreNotShown() {
        assertThat(stepPrinted(0).lines().toList()).containsExactly(
                "* Configuring containerd ...",
                "*   containerd restarted");
    }

    // ---- --log-file --------------------------------------------------------------------------------

    @Test
    void theLogFileGetsEveryPrintedLineAfterATimestampAndIsOwnerOnly() throws Exception {
        Path log = home.resolve("session.log");

        CliHarness.Run r = run("--log-file", log.toString(), "version");

        assertThat(r.code()).as(r.err()).isZero();
        List<String> logged = Files.readAllLines(log);
        List<String> printed = r.out().lines().toList();
        assertThat(printed).isNotEmpty();
        assertThat(logged).hasSameSizeAs(printed);
        for (int i = 0; i < printed.size(); i++) {
            assertThat(logged.get(i)).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?(Z|[+-]\\d\\d:\\d\\d) .*")
                    .endsWith(" " + printed.get(i));
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(log))).isEqualTo("rw-------");
    }

    @Test
    void theLogFileAfterTheVerbIsAppendedToAndGetsTheErrorLinesToo() throws Exception {
        Path log = home.resolve("session.log");
        run("version", "--log-file", log.toString());
        int first = Files.readAllLines(log).size();

        CliHarness.Run refused = run("--log-file", log.toString(), "-o", "json", "ip");

        assertThat(refused.code()).isEqualTo(Reason.USAGE.exitCode());
        List<String> logged = Files.readAllLines(log);
        assertThat(logged.size()).isEqualTo(first + refused.err().lines().count());
        assertThat(logged.get(first)).endsWith(refused.err().lines().findFirst().orElseThrow());
    }

    @Test
    void aLogFileThatCannotBeWrittenIsOneLineWithWhyBeforeTheCommandDoesAnything() {
        CliHarness.Run missingDir = run("--log-file", home.resolve("no/such/dir.log").toString(),
                "config", "set", "cpus", "4");
        CliHarness.Run directory = run("config", "set", "cpus", "4", "--log-file", home.toString());

        assertThat(missingDir.code()).isEqualTo(Reason.HOST_PATH_NOT_WRITABLE.exitCode());
        assertThat(missingDir.err().lines().findFirst().orElseThrow())
                .contains("--log-file " + home.resolve("no/such/dir.log") + " cannot be written")
                .contains("its directory " + home.resolve("no/such") + " does not exist");
        assertThat(directory.code()).isEqualTo(Reason.HOST_PATH_NOT_WRITABLE.exitCode());
        assertThat(directory.err()).contains("cannot be written: it is a directory");
        assertThat(missingDir.out() + directory.out()).isEmpty();
        // config set did not run: no config.json was written (with a writable log file it is).
        assertThat(home.resolve("config/config.json")).doesNotExist();
        assertThat(run("--log-file", home.resolve("ok.log").toString(), "config", "set", "cpus", "4").code()).isZero();
        assertThat(home.resolve("config/config.json")).exists();
    }

    // ---- -o before the verb ------------------------------------------------------------------------

    @Test
    void aGlobalOutputIsTheVerbsOwn() {
        CliHarness.Run before = run("-o", "json", "version");
        CliHarness.Run after = run("version", "-o", "json");
        CliHarness.Run subcommand = run("--output=json", "config", "view");

        assertThat(before.code()).as(before.err()).isZero();
        assertThat(before.out()).isEqualTo(after.out()).startsWith("{");
        assertThat(subcommand.code()).as(subcommand.err()).isZero();
        assertThat(subcommand.out()).isEqualTo(run("config", "view", "-o", "json").out());
    }

    @Test
    void anOutputAfterTheVerbWinsOverOneBeforeIt() {
        assertThat(run("-o", "yaml", "version", "-o", "json").out()).isEqualTo(run("version", "-o", "json").out());
    }

    @Test
    void aGlobalOutputStillHasTheVerbsCheck() {
        CliHarness.Run r = run("-o", "xml", "version");

        assertThat(r.code()).isEqualTo(Reason.USAGE.exitCode());
        assertThat(r.err()).contains("--output must be text, json or yaml, not xml");
    }

    @Test
    void aVerbWithoutOutputFormatsRefusesAGlobalOutput() {
        CliHarness.Run r = run("-o", "json", "ip");

        assertThat(r.code()).isEqualTo(Reason.USAGE.exitCode());
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("MK_USAGE").contains("'jminikube ip' has no output formats");
    }
}
