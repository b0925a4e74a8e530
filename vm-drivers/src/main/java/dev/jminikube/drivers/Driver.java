package dev.jminikube.drivers;

import dev.jminikube.core.exec.CommandRunner;
import dev.jminikube.core.exec.SshCommandRunner;
import dev.jminikube.core.exec.SshEndpoint;
import java.time.Duration;
import java.util.List;

/**
 * Creates and runs one machine (libmachine's Driver). An instance is bound to one machine
 * directory; every method reads the machine's persisted state, so a new instance in a later CLI
 * invocation sees what an earlier one did. Failures are {@link dev.jminikube.core.JmkException}s.
 *
 * <p><b>How the host reaches the guest.</b> NAT drivers (QEMU, VirtualBox) forward ports from
 * 127.0.0.1; bridged drivers (Hyper-V, VMware) put the guest on a virtual switch where the host reaches
 * the guest's own IP; {@code none} has no guest, the node is this host. Callers never build addresses
 * themselves: {@link #hostEndpoint} says where a guest port is reached, {@link #guestRunner} runs
 * commands in the guest. The port-forward methods ({@link #portForwards}, {@link #addPortForward},
 * {@link #removePortForward}) are NAT-only: bridged drivers and {@code none} have no forwards (an empty
 * list; adding or removing one is a usage error saying the port is reached directly).
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

    /**
     * True when {@link #suspend} can save this driver's guests (every VM driver; not {@code none}, whose node is
     * this host).
     */
    default boolean canSuspend() {
        return false;
    }

    /**
     * Saves the running guest's memory and device state and ends the VM, so that {@link #resume} continues it
     * where it was; {@link #state} is then {@link DriverState#SUSPENDED}. When the state cannot be saved (no
     * space, the hypervisor refuses) the VM is left running and a {@link dev.jminikube.core.JmkException} says
     * why; a save interrupted half-way leaves either a complete saved state or none, never a half-written one
     * that a resume would trust. A machine that is not running is refused ({@code GUEST_NOT_RUNNING}) and left as
     * it is; one already suspended stays suspended.
     */
    default void suspend() {
        throw new dev.jminikube.core.JmkException(dev.jminikube.core.Reason.USAGE, "the " + name()
                + " driver cannot suspend a machine", "Use 'jminikube stop --power-off'.", null, null);
    }

    /**
     * Continues a {@link DriverState#SUSPENDED} machine. A saved state that cannot be used (the hypervisor or the
     * machine's settings changed, the file is damaged) is discarded with a one-line notice and the VM boots cold
     * from its disk, which is never touched by the attempt; the answer says which of the two happened. A machine
     * with no saved state is started as {@link #start} does ({@link ResumeOutcome#BOOTED_COLD}).
     */
    default ResumeOutcome resume() {
        start();
        return ResumeOutcome.BOOTED_COLD;
    }

    /** Deletes a saved state without booting (a start that must boot cold, e.g. after a resize request). */
    default void discardSuspendedState() {
    }

    /** Forces the VM off at once (SIGKILL). */
    void kill();

    /** Kills the VM if it runs and deletes everything the driver made, saved states included. Idempotent. */
    void remove();

    DriverState state();

    /**
     * Where SSH reaches the guest from this host: 127.0.0.1 and a forwarded port for NAT drivers, the
     * guest's IP and port 22 for bridged ones. Drivers without SSH ({@link #hasSsh()} false) throw a
     * {@link dev.jminikube.core.JmkException} saying why.
     */
    SshEndpoint sshEndpoint();

    /** False for a driver whose "guest" is this host ({@code none}): no SSH endpoint, nothing to wait for. */
    default boolean hasSsh() {
        return true;
    }

    /** Runs commands in the guest: SSH on {@link #sshEndpoint()} unless the driver knows better. The caller closes it. */
    default CommandRunner guestRunner() {
        return new SshCommandRunner(sshEndpoint());
    }

    /**
     * Where this host reaches {@code guestPort} (the API server, a NodePort). This default is the NAT one:
     * the 127.0.0.1 forward to that port, added (live and persisted) if there is none yet. Bridged drivers
     * answer the guest's IP and the same port, {@code none} 127.0.0.1 and the same port.
     */
    default HostEndpoint hostEndpoint(int guestPort) {
        PortForward forward = portForwards().stream().filter(p -> p.guestPort() == guestPort).findFirst()
                .orElseGet(() -> addPortForward(guestPort));
        return HostEndpoint.loopback(forward.hostPort());
    }

    /**
     * The node IP: the guest's own address as the guest sees it. For NAT drivers nothing on the host
     * connects to it; for bridged drivers it is also where the host reaches the guest.
     */
    String ip();

    /** The machine's 127.0.0.1 forwards (NAT drivers); empty for drivers that have none. */
    List<PortForward> portForwards();

    /**
     * Forwards a free 127.0.0.1 port on the host to {@code guestPort}, live if the VM runs, and persists it.
     * NAT drivers only; others throw (use {@link #hostEndpoint}).
     */
    PortForward addPortForward(int guestPort);

    /** Removes the forward whose host end is {@code hostPort}, live if the VM runs, and from the config. */
    void removePortForward(int hostPort);

    /** The last lines of the machine's logs (console, hypervisor), for error details. */
    String logTails(int lines);
}
