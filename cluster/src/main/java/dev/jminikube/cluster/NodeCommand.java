package dev.jminikube.cluster;

import dev.jminikube.core.exec.CommandResult;
import dev.jminikube.core.exec.CommandRunner;
import dev.jminikube.drivers.MachineManager;
import java.util.List;

/**
 * {@code ssh}: a command in a profile's node. {@link #argv} is the system ssh client's command line for a person
 * at a terminal (the CLI runs it attached); {@link #run} runs the command over the library's own SSH connection and
 * captures its output (the Java API). The none driver's node is this host: the command itself runs here.
 */
public final class NodeCommand {
    private final MachineManager machines;

    public NodeCommand(MachineManager machines) {
        this.machines = machines;
    }

    /**
     * The command line that runs {@code command} in the node (a login shell when empty) through the system ssh
     * client; {@code tty} asks for a terminal.
     */
    public List<String> argv(String profile, boolean tty, List<String> command) {
        return machines.hasSsh(profile) ? machines.sshAccess(profile).sshArgv(tty, command) : command;
    }

    /** Runs {@code command} (each element one argument, no shell in between) in the node; never throws for its exit code. */
    public CommandResult run(String profile, List<String> command) {
        try (CommandRunner guest = machines.guestRunner(profile)) {
            return guest.run(command);
        }
    }
}
