package dev.jminikube.cli;

import picocli.CommandLine.Command;

@Command(name = "jminikube", mixinStandardHelpOptions = true, versionProvider = VersionCommand.Provider.class,
        description = "Runs a single-node Kubernetes cluster in a local VM (a Java minikube).")
final class RootCommand extends UsageCommand {
    RootCommand(CliContext ctx) {
        super(ctx);
    }
}
