package dev.jminikube.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A command that only groups others (jminikube, iso, image): run alone, it prints its usage. */
abstract class UsageCommand implements Callable<Integer> {
    private final CliContext ctx;
    @Spec
    CommandSpec spec;

    UsageCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    CliContext context() {
        return ctx;
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(ctx.out());
        return 0;
    }
}
