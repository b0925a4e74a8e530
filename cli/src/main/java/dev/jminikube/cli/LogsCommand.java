package dev.jminikube.cli;

import dev.jminikube.cluster.NodeCommand;
import dev.jminikube.cluster.NodeLogs;
import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import dev.jminikube.drivers.MachineManager;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "logs", mixinStandardHelpOptions = true,
        description = "Show the logs of the cluster's components (the systemd journal of each unit).")
final class LogsCommand implements Callable<Integer> {
    private final CliContext ctx;

    @Mixin
    ProfileOption profile;

    @Option(names = {"-f", "--follow"}, description = "Keep printing new log lines (Ctrl-C stops).")
    boolean follow;

    @Option(names = "--problems", description = "Show only lines that point at a problem (errors, panics, crashes).")
    boolean problems;

    @Option(names = {"-n", "--length"}, defaultValue = "60", paramLabel = "N",
            description = "Lines per component (default: ${DEFAULT-VALUE}).")
    int length;

    @Option(names = "--file", paramLabel = "FILE",
            description = "Write the logs to FILE (whole, through a rename) instead of printing them.")
    Path file;

    LogsCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() throws Exception {
        if (follow && file != null) {
            throw new JmkException(Reason.USAGE, "--follow and --file cannot be combined: a file is written once, whole",
                    "Use 'jminikube logs --follow' to watch, or 'jminikube logs --file " + file + "' for a file.", null, null);
        }
        String name = profile.validated();
        MachineManager machines = profile.machines(ctx);
        NodeLogs logs = new NodeLogs(ctx.env(), machines);
        if (follow) {
            return SshCommand.runAttached(ctx, new NodeCommand(machines).argv(name, false,
                    logs.followCommand(name, length)));
        }
        if (file != null) {
            // Relative to where jminikube was started, not to the JVM's directory (a test's, a launcher's).
            Path target = ctx.env().workingDir().resolve(file);
            logs.writeTo(name, problems, length, target);
            ctx.info("Wrote the logs to " + target + ".");
            return 0;
        }
        logs.write(name, problems, length, ctx.out()::println);
        ctx.out().flush();
        return 0;
    }
}
