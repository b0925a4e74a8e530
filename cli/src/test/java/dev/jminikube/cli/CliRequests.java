package dev.jminikube.cli;

import dev.jminikube.cluster.StartRequest;
import dev.jminikube.core.Environment;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/** Parses a command line as jminikube would and hands back what its command would ask for, without running it. */
final class CliRequests {
    private CliRequests() {
    }

    /** The StartRequest {@code start ...} would pass to the cluster starter (args may put -p before the verb). */
    static StartRequest start(Environment env, String... args) {
        CommandLine cl = Jminikube.commandLine(context(env), ClusterReach.LIVE, args);
        ParseResult parsed = cl.parseArgs(args);
        return ((StartCommand) parsed.subcommand().commandSpec().userObject()).request();
    }

    private static CliContext context(Environment env) {
        return new CliContext(env, new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
    }
}
