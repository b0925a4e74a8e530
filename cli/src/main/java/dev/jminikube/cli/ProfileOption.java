package dev.jminikube.cli;

import dev.jminikube.drivers.MachineManager;
import dev.jminikube.drivers.ProfileName;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * -p/--profile, shared by every command that works on one cluster. Left out, the profile is the one given before
 * the verb ({@code jminikube -p dev start}), else {@link ActiveProfile}'s: resolved when the command runs, not as
 * picocli's default, because it may read {@code config.json} and a damaged one must be reported, not parsed around.
 */
final class ProfileOption {
    @Option(names = {"-p", "--profile"}, paramLabel = "NAME",
            description = "The profile (cluster) to work on. Default: -p before the verb, else $"
                    + ActiveProfile.VARIABLE + ", else the active profile ('jminikube profile NAME'), else "
                    + ProfileName.DEFAULT + ".")
    String name;

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    /** The profile this command works on, its name checked. */
    String validated() {
        String resolved = resolved();
        ProfileName.validate(resolved);
        return resolved;
    }

    /** The machine layer for this command ({@link CliMachines}: node commands shown at -v 1). */
    MachineManager machines(CliContext ctx) {
        return CliMachines.of(ctx, command);
    }

    /** The profile this command works on: after the verb wins over before it, which wins over the defaults. */
    String resolved() {
        return name != null ? name : ((RootCommand) command.root().userObject()).profile();
    }
}
