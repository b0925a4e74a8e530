package dev.jminikube.drivers;

import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import java.nio.file.Files;

/** Refuses a machine spec the host cannot give, before anything is created. */
public final class ResourceCheck {
    public static final long MIN_MEMORY_MB = 1800;
    public static final long MIN_DISK_MB = 2000;

    private final HostResources host;

    public ResourceCheck(HostResources host) {
        this.host = host;
    }

    public void check(MachineSpec spec) {
        checkHostResources(spec.cpus(), spec.memoryMb(), spec.diskSizeMb());
        checkIso(spec);
    }

    /** The flags against the host, before anything (such as building the node image) is spent on them. */
    public void checkHostResources(int cpus, long memoryMb, long diskSizeMb) {
        if (memoryMb < MIN_MEMORY_MB) {
            throw new JmkException(Reason.RESOURCE_MEMORY, "--memory=" + memoryMb + "mb is less than the "
                    + MIN_MEMORY_MB + "mb a Kubernetes node needs");
        }
        long available = host.availableMemoryMb();
        long total = host.totalMemoryMb();
        if (memoryMb > total) {
            throw new JmkException(Reason.RESOURCE_MEMORY, "--memory=" + memoryMb + "mb is more than this host has ("
                    + total + "mb in total)");
        }
        if (memoryMb > available) {
            throw new JmkException(Reason.RESOURCE_MEMORY, "--memory=" + memoryMb + "mb is more than this host has free ("
                    + available + "mb available of " + total + "mb)");
        }
        if (cpus < 1 || cpus > host.cpus()) {
            throw new JmkException(Reason.RESOURCE_CPUS, "--cpus=" + cpus + " is not between 1 and the "
                    + host.cpus() + " CPUs of this host");
        }
        if (diskSizeMb < MIN_DISK_MB) {
            throw new JmkException(Reason.RESOURCE_DISK_SIZE, "--disk-size=" + diskSizeMb + "mb is less than the "
                    + MIN_DISK_MB + "mb minimum");
        }
    }

    /** The node image must exist before a machine is created or started. */
    public static void checkIso(MachineSpec spec) {
        if (!Files.isRegularFile(spec.iso())) {
            throw new JmkException(Reason.GUEST_IMAGE_MISSING, "node image not found: " + spec.iso().toAbsolutePath());
        }
    }
}
