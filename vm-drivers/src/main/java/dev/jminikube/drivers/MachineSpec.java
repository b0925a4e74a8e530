package dev.jminikube.drivers;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * What the user asked {@code start} for.
 *
 * @param driver     the driver name from --driver, or null to let the registry choose
 * @param iso        the node image to boot
 * @param sshTimeout how long to wait for the guest to answer SSH after boot
 */
public record MachineSpec(String profile, String driver, int cpus, long memoryMb, long diskSizeMb, Path iso,
                          Duration sshTimeout) {
    public static final int DEFAULT_CPUS = 2;
    public static final long DEFAULT_MEMORY_MB = 2200;
    public static final long DEFAULT_DISK_MB = 20000;
    public static final Duration DEFAULT_SSH_TIMEOUT = Duration.ofMinutes(5);

    public MachineSpec {
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(iso, "iso");
        Objects.requireNonNull(sshTimeout, "sshTimeout");
    }

    public static MachineSpec defaults(String profile, Path iso) {
        return new MachineSpec(profile, null, DEFAULT_CPUS, DEFAULT_MEMORY_MB, DEFAULT_DISK_MB, iso,
                DEFAULT_SSH_TIMEOUT);
    }
}
