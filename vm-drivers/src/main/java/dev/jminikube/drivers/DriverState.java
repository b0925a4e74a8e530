package dev.jminikube.drivers;

/** What the host side knows about a machine (minikube's host state). */
public enum DriverState {
    /** The VM process is alive and its monitor says the guest is running. */
    RUNNING("Running"),
    /** The machine exists (config and disk) but no VM process runs for it. */
    STOPPED("Stopped"),
    /**
     * No VM process runs, but the guest's memory and device state are saved: {@code start} resumes it where
     * {@code stop} left it (minikube has no such state; its "Paused" means containers frozen in a running VM).
     */
    SUSPENDED("Suspended"),
    /** The VM process is alive but not running the guest (paused, panicked, monitor unreachable). */
    ERROR("Error"),
    /** No machine with this profile exists. */
    NONEXISTENT("Nonexistent");

    private final String display;

    DriverState(String display) {
        this.display = display;
    }

    /** The word minikube prints in {@code status} ("Running", "Stopped", ...). */
    public String display() {
        return display;
    }
}
