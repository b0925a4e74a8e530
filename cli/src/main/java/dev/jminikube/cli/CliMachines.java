package dev.jminikube.cli;

import dev.jminikube.drivers.MachineManager;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The machine layer as a verb gets it. At {@code -v 1} or more every command it runs in the node is shown first,
 * one {@code $ command} line on stderr (stdout stays the verb's answer: {@code ip}, {@code ssh-key}, {@code -o json}),
 * as {@code start} shows its own.
 */
final class CliMachines {
    private CliMachines() {
    }

    /** @param command any command of the invocation: the global -v is read from its root */
    static MachineManager of(CliContext ctx, CommandSpec command) {
        MachineManager machines = new MachineManager(ctx.env(), ctx::warn);
        if (((RootCommand) command.root().userObject()).verbosity < 1) {
            return machines;
        }
        return machines.showingNodeCommands(line -> {
            ctx.err().println("    $ " + line);
            ctx.err().flush();
        });
    }
}
