package dev.jminikube.drivers;

/** What {@link Driver#resume} did with a suspended machine. */
public enum ResumeOutcome {
    /** The guest continues where it was suspended: its processes, pods and page cache are as they were. */
    RESUMED,
    /** The saved state could not be used and was discarded; the VM booted cold from its disk. */
    BOOTED_COLD
}
