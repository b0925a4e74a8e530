package dev.jminikube.cli;

import dev.jminikube.core.Environment;
import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import java.io.PrintWriter;
import picocli.CommandLine;

/** Builds the command tree and runs one command line; returns the exit code (only main exits). */
public final class Jminikube {
    private final Environment env;

    public Jminikube(Environment env) {
        this.env = env;
    }

    public int run(PrintWriter out, PrintWriter err, String... args) {
        CliContext ctx = new CliContext(env, out, err);
        CommandLine cl = commandLine(ctx);
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler((ex, a) -> {
            JmkException usage = new JmkException(Reason.USAGE, ex.getMessage(),
                    "Run '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help' to see its flags.",
                    null, null);
            return ReasonPrinter.print(usage, err);
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof JmkException jmk) {
                return ReasonPrinter.print(jmk, err);
            }
            ex.printStackTrace(err);
            return ReasonPrinter.print(new JmkException(Reason.PROGRAM_ERROR, ex.toString(), ex), err);
        });
        return cl.execute(args);
    }

    static CommandLine commandLine(CliContext ctx) {
        CommandLine cl = new CommandLine(new RootCommand(ctx));
        cl.addSubcommand("start", new StartCommand(ctx));
        cl.addSubcommand("stop", new StopCommand(ctx));
        cl.addSubcommand("delete", new DeleteCommand(ctx));
        cl.addSubcommand("status", new StatusCommand(ctx));
        cl.addSubcommand("ip", new IpCommand(ctx));
        cl.addSubcommand("ssh", new SshCommand(ctx));
        cl.addSubcommand("version", new VersionCommand(ctx));
        CommandLine iso = new CommandLine(new IsoCommand(ctx));
        iso.addSubcommand("build", new IsoBuildCommand(ctx));
        cl.addSubcommand("iso", iso);
        cl.addSubcommand("logs", new LogsCommand(ctx));
        cl.addSubcommand("kubectl", new KubectlCommand(ctx));
        CommandLine service = new CommandLine(new ServiceCommand(ctx));
        service.addSubcommand("list", new ServiceCommand.ListCommand(ctx));
        cl.addSubcommand("service", service);
        CommandLine addons = new CommandLine(new AddonsCommand(ctx));
        addons.addSubcommand("list", new AddonsCommand.ListCommand(ctx));
        addons.addSubcommand("enable", new AddonsCommand.EnableCommand(ctx));
        addons.addSubcommand("disable", new AddonsCommand.DisableCommand(ctx));
        addons.addSubcommand("open", new AddonsCommand.OpenCommand(ctx));
        cl.addSubcommand("addons", addons);
        cl.addSubcommand("dashboard", new DashboardCommand(ctx));
        cl.addSubcommand("get-k8s-versions", new GetK8sVersionsCommand(ctx));
        CommandLine image = new CommandLine(new ImageCommand(ctx));
        image.addSubcommand("load", new ImageLoadCommand(ctx));
        cl.addSubcommand("image", image);
        return cl;
    }
}
