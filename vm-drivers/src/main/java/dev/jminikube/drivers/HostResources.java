package dev.jminikube.drivers;

/** The host's CPUs and memory, behind an interface so resource checks are tested with made-up hosts. */
public interface HostResources {
    int cpus();

    long totalMemoryMb();

    /** Memory the host can give a new VM without swapping (Linux: MemAvailable). */
    long availableMemoryMb();
}
