package dev.jminikube.drivers.virtualbox;

import dev.jminikube.drivers.DriverState;
import java.util.Locale;

/**
 * The machine states VirtualBox reports ({@code VMState="..."} in {@code showvminfo --machinereadable}),
 * and what each means for jminikube.
 */
enum VmState {
    POWEROFF, SAVED, TELEPORTED, ABORTED, RUNNING, PAUSED, STUCK, TELEPORTING, LIVESNAPSHOTTING, STARTING,
    STOPPING, SAVING, RESTORING, TELEPORTINGPAUSEDVM, TELEPORTINGIN, DELETINGSNAPSHOTLIVE,
    DELETINGSNAPSHOTLIVEPAUSED, ONLINESNAPSHOTTING, RESTORINGSNAPSHOT, DELETINGSNAPSHOT, SETTINGUP, SNAPSHOTTING,
    /** A name this code does not know (a newer VirtualBox). */
    UNKNOWN;

    static VmState parse(String value) {
        try {
            return valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return UNKNOWN;
        }
    }

    /**
     * No VM process runs in poweroff, aborted (the process died: killed, crashed), saved (state on disk;
     * startvm resumes it) and teleported, so those are Stopped, as a killed QEMU is. A process that runs
     * but not the guest (paused, stuck after a guru meditation) or is between states is Error.
     */
    DriverState driverState() {
        return switch (this) {
            case RUNNING -> DriverState.RUNNING;
            case POWEROFF, ABORTED, SAVED, TELEPORTED -> DriverState.STOPPED;
            default -> DriverState.ERROR;
        };
    }

    /** Whether a VM process holds the machine (controlvm works, modifyvm does not). */
    boolean hasProcess() {
        return driverState() != DriverState.STOPPED;
    }

    /** The word VBoxManage uses. */
    String vboxName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
