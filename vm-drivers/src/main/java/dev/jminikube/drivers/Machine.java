package dev.jminikube.drivers;

import dev.jminikube.core.exec.CommandRunner;
import dev.jminikube.drivers.none.NoneDriver;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * A machine that {@link MachineManager#start} brought up (or {@link MachineManager#machine} found running): the
 * handle the rest of a start works with, so no later step looks the machine up by its profile name again or
 * asks the hypervisor which driver it has.
 */
public final class Machine {
    private final MachineConfig config;
    private final Driver driver;
    private final Supplier<ProfileLock> profileLock;
    private final UnaryOperator<CommandRunner> guestView;

    Machine(MachineConfig config, Driver driver, Supplier<ProfileLock> profileLock,
            UnaryOperator<CommandRunner> guestView) {
        this.config = config;
        this.driver = driver;
        this.profileLock = profileLock;
        this.guestView = guestView;
    }

    public String profile() {
        return config.profile();
    }

    /** The settings the machine was made with (driver, size, node image, host share). */
    public MachineConfig config() {
        return config;
    }

    /** The node's IP as the guest sees it (it goes into the certificates); only bridged drivers' hosts reach it. */
    public String ip() {
        return driver.ip();
    }

    /** A runner for commands in the node (SSH, or this host for none); the caller closes it. */
    public CommandRunner guestRunner() {
        return guestView.apply(driver.guestRunner());
    }

    /** False for a driver without SSH (none: the node is this host). */
    public boolean hasSsh() {
        return driver.hasSsh();
    }

    /** True when the node is a VM of its own, not this host (every driver but none): it may be renamed and tuned. */
    public boolean dedicatedNode() {
        return !config.driver().equals(NoneDriver.NAME);
    }

    /**
     * Where this host reaches {@code guestPort}. A NAT driver adds and persists a forward the first time, so this
     * takes the profile lock for that moment.
     */
    public HostEndpoint hostEndpoint(int guestPort) {
        try (ProfileLock lock = profileLock.get()) {
            return driver.hostEndpoint(guestPort);
        }
    }

    /** The host directory shared read-only with the node, when the driver can share one (QEMU's 9p). */
    public Optional<Path> hostShare() {
        return Optional.ofNullable(config.hostShare());
    }

    /** Endpoint and key for the system ssh client. */
    public SshAccess sshAccess() {
        return new SshAccess(driver.sshEndpoint());
    }

    public DriverState state() {
        return driver.state();
    }
}
