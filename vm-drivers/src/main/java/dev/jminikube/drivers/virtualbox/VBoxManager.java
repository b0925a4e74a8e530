package dev.jminikube.drivers.virtualbox;

import dev.jminikube.core.exec.CommandResult;
import java.util.List;

/**
 * Runs VBoxManage (docker-machine's VBoxManager): the one seam between the driver and VirtualBox, so the
 * driver's parsing and sequencing can be tested against a recording runner or a fake VBoxManage.
 * {@link #run} never throws for a failed command; {@link VBoxCommands} decides what failed.
 */
public interface VBoxManager {

    /** Runs {@code VBoxManage args...} to completion. */
    CommandResult run(List<String> args);

    /** The command line a person can paste into a terminal to run the same thing. */
    String commandLine(List<String> args);
}
