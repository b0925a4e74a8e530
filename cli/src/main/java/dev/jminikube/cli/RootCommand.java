package dev.jminikube.cli;

import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

@Command(name = "jminikube", mixinStandardHelpOptions = true, versionProvider = VersionCommand.Provider.class,
        description = "Runs a single-node Kubernetes cluster in a local VM (a Java minikube).")
final class RootCommand extends UsageCommand {
    /** minikube takes -p before the verb too; a -p after it wins ({@link ProfileOption}). */
    @Option(names = {"-p", "--profile"}, paramLabel = "NAME",
            description = "The profile for the command that follows (as -p after it).")
    String globalProfile;

    /** Inherited, so it may come before or after the verb (and its subcommand) as in minikube. */
    @Option(names = {"-v", "--verbosity"}, paramLabel = "N", scope = ScopeType.INHERIT, defaultValue = "0",
            description = "More detail: at 1 or more, each command run in the node is shown (start: in its steps; other "
                    + "verbs: on stderr). Default: 0.")
    int verbosity;

    @Option(names = "--log-file", paramLabel = "FILE", scope = ScopeType.INHERIT,
            description = "Also append everything this command prints, each line after its time, to FILE "
                    + "(created readable by you only).")
    java.nio.file.Path logFile;

    /** Not inherited: most verbs have their own -o; this one is handed to it ({@link Jminikube#globalOutput}). */
    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT",
            description = "The output format of the command that follows (as -o after it), for the commands that have -o.")
    String globalOutput;

    RootCommand(CliContext ctx) {
        super(ctx);
    }

    /** The profile when the verb was given none: the global -p, else the environment's or config's default. */
    String profile() {
        return ActiveProfile.resolve(context().env(), Optional.ofNullable(globalProfile));
    }
}
