package dev.jminikube.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "iso", description = "Build the node image (the VM's boot ISO).")
final class IsoCommand implements Callable<Integer> {
    private final CliContext ctx;
    @Spec
    CommandSpec spec;

    IsoCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(ctx.out());
        return 0;
    }
}
