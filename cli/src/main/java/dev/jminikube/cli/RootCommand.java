package dev.jminikube.cli;

import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "jminikube", mixinStandardHelpOptions = true, versionProvider = VersionCommand.Provider.class,
        description = "Runs a single-node Kubernetes cluster in a local VM (a Java minikube).")
final class RootCommand extends UsageCommand {
    /** minikube takes -p before the verb too; a -p after it wins ({@link ProfileOption}). */
    @Option(names = {"-p", "--profile"}, paramLabel = "NAME",
            description = "The profile for the command that follows (as -p after it).")
    String globalProfile;

    RootCommand(CliContext ctx) {
        super(ctx);
    }

    /** The profile when the verb was given none: the global -p, else the environment's or config's default. */
    String profile() {
        return ActiveProfile.resolve(context().env(), Optional.ofNullable(globalProfile));
    }
}
