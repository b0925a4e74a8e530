package dev.jminikube.cli;

import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import dev.jminikube.drivers.MachineManager;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "ssh", mixinStandardHelpOptions = true,
        description = "Log into the node (interactive with a terminal), or run a command there: jminikube ssh -- CMD.")
final class SshCommand implements Callable<Integer> {
    private final CliContext ctx;

    @Mixin
    ProfileOption profile;

    @Mixin
    NodeOption node;

    @Parameters(arity = "0..*", paramLabel = "COMMAND", description = "Command to run in the node.")
    List<String> command = new ArrayList<>();

    /**
     * Runs {@code argv} (the system ssh client, or for the none driver the command itself) attached to this
     * terminal (a real PTY); its exit code is passed through.
     */
    static int runAttached(CliContext ctx, List<String> argv) throws InterruptedException {
        ctx.out().flush();
        try {
            return new ProcessBuilder(argv).inheritIO().start().waitFor();
        } catch (IOException e) {
            boolean ssh = argv.get(0).equals("ssh");
            throw new JmkException(Reason.HOST_TOOL_MISSING, "cannot run " + argv.get(0) + ": " + e.getMessage(),
                    ssh ? "Install an OpenSSH client (Debian/Ubuntu: sudo apt-get install -y openssh-client)."
                            : "Install " + argv.get(0) + " on this host, or run it yourself: " + String.join(" ", argv),
                    null, e);
        }
    }

    SshCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() throws InterruptedException {
        String name = profile.validated();
        MachineManager machines = profile.machines(ctx);
        // A PTY only when a person is at a terminal and asked for a shell; commands keep clean output.
        boolean tty = command.isEmpty() && System.console() != null;
        // The system ssh client, attached to this terminal: the library's SSH connection has no PTY to give.
        return runAttached(ctx, machines.sshAccess(node.machine(machines, name)).sshArgv(tty, command));
    }
}
