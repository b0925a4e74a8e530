package dev.jminikube.cli;

import dev.jminikube.drivers.MachineManager;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a cluster: its VM and all its files.")
final class DeleteCommand implements Callable<Integer> {
    private final CliContext ctx;

    @Mixin
    ProfileOption profile;

    @Option(names = "--all", description = "Delete every profile.")
    boolean all;

    @Option(names = "--purge", description = "With --all: also remove the whole JMINIKUBE_HOME, caches included.")
    boolean purge;

    DeleteCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        MachineManager machines = new MachineManager(ctx.env(), ctx::warn);
        if (all) {
            machines.deleteAll(purge);
            ctx.info(purge ? "Deleted every profile and " + ctx.env().home() + "." : "Deleted every profile.");
            return 0;
        }
        String name = profile.validated();
        machines.delete(name);
        ctx.info("Deleted \"" + name + "\".");
        return 0;
    }
}
