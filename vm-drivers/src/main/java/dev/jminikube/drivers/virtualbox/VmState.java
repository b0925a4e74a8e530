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
     * No VM process runs in poweroff, aborted (the process died: killed, crashed) and teleported, so those are
     * Stopped, as a killed QEMU is; saved has no process either but its state file is what startvm resumes, so it
     * is Suspended. A process that runs but not the guest (paused, stuck after a guru meditation) or is between
     * states (saving, restoring) is Error.
     */
    DriverState driverState() {
        return switch (this) {
            case RUNNING -> DriverState.RUNNING;
            case POWEROFF, ABORTED, TELEPORTED -> DriverState.STOPPED;
            case SAVED -> DriverState.SUSPENDED;
            default -> DriverState.ERROR;
        };
    }

    /**
     * Whether a VM process holds the machine (controlvm works, modifyvm does not). A saved VM has none, yet
     * VirtualBox refuses modifyvm for it too ("The machine is not mutable (state is Saved)"): see {@link #mutable}.
     */
    boolean hasProcess() {
        return driverState() != DriverState.STOPPED && this != SAVED;
    }

    /** Whether modifyvm may change the VM: no process, and no saved state whose hardware must stay as it was. */
    boolean mutable() {
        return !hasProcess() && this != SAVED;
    }

    /** The word VBoxManage uses. */
    String vboxName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
