package dev.jminikube.cli;

import dev.jminikube.drivers.ProfileName;
import picocli.CommandLine.Option;

/** -p/--profile, shared by every command that works on one cluster. */
final class ProfileOption {
    @Option(names = {"-p", "--profile"}, paramLabel = "NAME", defaultValue = ProfileName.DEFAULT,
            description = "The profile (cluster) to work on. Default: ${DEFAULT-VALUE}.")
    String name;

    String validated() {
        ProfileName.validate(name);
        return name;
    }
}
