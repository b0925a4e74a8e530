package dev.jminikube.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "jminikube", mixinStandardHelpOptions = true, versionProvider = VersionCommand.Provider.class,
        description = "Runs a single-node Kubernetes cluster in a local VM (a Java minikube).")
final class RootCommand implements Callable<Integer> {
    private final CliContext ctx;
    @Spec
    CommandSpec spec;

    RootCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(ctx.out());
        return 0;
    }
}
