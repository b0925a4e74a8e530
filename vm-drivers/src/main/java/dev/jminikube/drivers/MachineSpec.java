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
 * @param hostShare  a host directory the guest may mount read-only (tag {@value #HOST_SHARE_TAG}), or null;
 *                   the Kubernetes binary cache, so binaries need not be copied over SSH
 * @param hypervVirtualSwitch the Hyper-V virtual switch from --hyperv-virtual-switch, or null to let the
 *                   driver choose ("Default Switch", else an external one)
 * @param segment    the machine's place on its profile's node network, or null for a one-node profile
 */
public record MachineSpec(String profile, String driver, int cpus, long memoryMb, long diskSizeMb, Path iso,
                          Duration sshTimeout, Path hostShare, String hypervVirtualSwitch, NodeSegment segment) {
    /** The 9p mount tag of {@link #hostShare} in the guest. */
    public static final String HOST_SHARE_TAG = "jmkshare";
    public static final int DEFAULT_CPUS = 2;
    public static final long DEFAULT_MEMORY_MB = 2200;
    public static final long DEFAULT_DISK_MB = 20000;
    public static final Duration DEFAULT_SSH_TIMEOUT = Duration.ofMinutes(5);

    public MachineSpec {
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(iso, "iso");
        Objects.requireNonNull(sshTimeout, "sshTimeout");
    }

    public MachineSpec(String profile, String driver, int cpus, long memoryMb, long diskSizeMb, Path iso,
                       Duration sshTimeout, Path hostShare, String hypervVirtualSwitch) {
        this(profile, driver, cpus, memoryMb, diskSizeMb, iso, sshTimeout, hostShare, hypervVirtualSwitch, null);
    }

    public MachineSpec(String profile, String driver, int cpus, long memoryMb, long diskSizeMb, Path iso,
                       Duration sshTimeout, Path hostShare) {
        this(profile, driver, cpus, memoryMb, diskSizeMb, iso, sshTimeout, hostShare, null, null);
    }

    /** The same machine on a node network (multi-node). */
    public MachineSpec withSegment(NodeSegment newSegment) {
        return new MachineSpec(profile, driver, cpus, memoryMb, diskSizeMb, iso, sshTimeout, hostShare,
                hypervVirtualSwitch, newSegment);
    }

    public MachineSpec(String profile, String driver, int cpus, long memoryMb, long diskSizeMb, Path iso,
                       Duration sshTimeout) {
        this(profile, driver, cpus, memoryMb, diskSizeMb, iso, sshTimeout, null, null, null);
    }

    public static MachineSpec defaults(String profile, Path iso) {
        return new MachineSpec(profile, null, DEFAULT_CPUS, DEFAULT_MEMORY_MB, DEFAULT_DISK_MB, iso,
                DEFAULT_SSH_TIMEOUT);
    }
}
