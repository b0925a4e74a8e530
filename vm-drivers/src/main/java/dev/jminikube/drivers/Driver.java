package dev.jminikube.drivers;

import dev.jminikube.core.exec.SshEndpoint;
import java.time.Duration;
import java.util.List;

/**
 * Creates and runs one machine (libmachine's Driver). An instance is bound to one machine
 * directory; every method reads the machine's persisted state, so a new instance in a later CLI
 * invocation sees what an earlier one did. Failures are {@link dev.jminikube.core.JmkException}s.
 */
public interface Driver {

    /** The registry name, e.g. {@code qemu}. */
    String name();

    /** What is missing on this host to create a machine, and how to fix it; healthy when nothing is. */
    DriverHealth preCreateCheck();

    /**
     * Makes the machine's resources from the config already written to its directory (SSH key,
     * disk, ports) without booting it. Leaves nothing that {@link #remove} cannot delete.
     */
    void create();

    /** Boots the created machine and returns once the hypervisor runs it (not once SSH answers). */
    void start();

    /** Asks the guest to shut down, waits up to {@code grace}, then forces it off. */
    void stop(Duration grace);

    /** Forces the VM off at once (SIGKILL). */
    void kill();

    /** Kills the VM if it runs and deletes everything the driver made. Idempotent. */
    void remove();

    DriverState state();

    /** Where SSH reaches the guest from this host (always 127.0.0.1 and a forwarded port). */
    SshEndpoint sshEndpoint();

    /** The guest's own IP address as the guest sees it (the node IP); the host does not connect to it. */
    String ip();

    List<PortForward> portForwards();

    /** Forwards a free 127.0.0.1 port on the host to {@code guestPort}, live if the VM runs, and persists it. */
    PortForward addPortForward(int guestPort);

    /** Removes the forward whose host end is {@code hostPort}, live if the VM runs, and from the config. */
    void removePortForward(int hostPort);

    /** The last lines of the machine's logs (console, hypervisor), for error details. */
    String logTails(int lines);
}
