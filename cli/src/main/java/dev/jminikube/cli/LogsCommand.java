package dev.jminikube.cli;

import dev.jminikube.cluster.ProfileStore;
import dev.jminikube.bootstrap.Component;
import dev.jminikube.bootstrap.ExtraOption;
import dev.jminikube.bootstrap.config.ExtraConfigParser;
import dev.jminikube.bootstrap.logs.ExtraConfigCheck;
import dev.jminikube.bootstrap.logs.ProblemLines;
import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import dev.jminikube.core.exec.CommandResult;
import dev.jminikube.core.exec.CommandRunner;
import dev.jminikube.drivers.MachineManager;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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

    LogsCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() throws Exception {
        String name = profile.validated();
        if (length < 1) {
            throw new JmkException(Reason.USAGE, "--length must be at least 1 (got " + length + ")");
        }
        MachineManager machines = new MachineManager(ctx.env(), ctx::warn);
        List<String> units = new ArrayList<>(Arrays.stream(Component.values()).map(c -> c.unitName()).toList());
        var state = ProfileStore.of(ctx.env(), name).cluster();
        state.ifPresent(s -> units.add(s.runtime().flagValue()));
        if (follow) {
            List<String> remote = new ArrayList<>(List.of("journalctl", "--no-pager", "-f", "-n", Integer.toString(length)));
            units.forEach(u -> remote.addAll(List.of("-u", u)));
            // The none driver's node is this host: journalctl runs here, without ssh.
            return SshCommand.runAttached(ctx, machines.hasSsh(name) ? machines.sshAccess(name).sshArgv(false, remote)
                    : remote);
        }
        try (CommandRunner guest = machines.guestRunner(name)) {
            if (state.isPresent() && !state.get().extraConfig().isEmpty()) {
                ctx.out().println("==> extra-config <==");
                List<ExtraOption> options = ExtraConfigParser.parse(state.get().extraConfig());
                for (ExtraOption option : options) {
                    String execStart = guest.run("systemctl", "show", "-p", "ExecStart",
                            option.component().unitName()).stdout();
                    ctx.out().println(ExtraConfigCheck.check(option, execStart).line());
                }
            }
            for (String unit : units) {
                CommandResult r = guest.run("journalctl", "--no-pager", "-o", "short-precise", "-n",
                        Integer.toString(problems ? 2000 : length), "-u", unit);
                List<String> lines = r.stdout().lines().filter(l -> !l.startsWith("-- ")).toList();
                if (problems) {
                    lines = ProblemLines.filter(lines);
                    lines = lines.subList(Math.max(0, lines.size() - length), lines.size());
                }
                ctx.out().println("==> " + unit + " <==");
                lines.forEach(ctx.out()::println);
                if (lines.isEmpty()) {
                    ctx.out().println(problems ? "(no problems found)" : "(no log lines)");
                }
            }
        }
        ctx.out().flush();
        return 0;
    }
}
