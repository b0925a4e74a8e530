package dev.jminikube.core;

/**
 * The catalogue of reasons jminikube can stop for. Each has a stable ID (safe to grep for in
 * scripts and issues), an exit code inside its layer's band, and one line of advice.
 *
 * <p>Exit code = layer band + kind: 0 failed, 4 bad usage or config, 5 not found or unavailable,
 * 6 unsupported, 7 permission denied, 8 timed out, 9 conflict (in use, already running).
 */
public enum Reason {
    // 1x: jminikube itself and how it was called
    PROGRAM_ERROR("MK_PROGRAM_ERROR", Layer.PROGRAM, 0,
            "This is a bug in jminikube; please report it with the output above."),
    USAGE("MK_USAGE", Layer.PROGRAM, 4,
            "Run the command with --help to see its flags."),
    PROFILE_NAME_INVALID("MK_PROFILE_NAME", Layer.PROGRAM, 4,
            "Use a profile name of letters, digits and '-', starting with a letter or digit (e.g. -p dev)."),
    PROFILE_LOCKED("MK_PROFILE_LOCKED", Layer.PROGRAM, 9,
            "Another jminikube command is working on this profile; wait for it to finish, then try again."),

    // 2x: resources of the host (memory, CPUs, disk)
    RESOURCE_MEMORY("RSRC_MEMORY", Layer.RESOURCE, 4,
            "Choose --memory between 1800mb and what the host has free (e.g. --memory=4g)."),
    RESOURCE_CPUS("RSRC_CPUS", Layer.RESOURCE, 4,
            "Choose --cpus between 1 and the number of host CPUs."),
    RESOURCE_DISK_SIZE("RSRC_DISK_SIZE", Layer.RESOURCE, 4,
            "Choose --disk-size of at least 2000mb (e.g. --disk-size=20g)."),
    RESOURCE_DISK_FULL("RSRC_DISK_FULL", Layer.RESOURCE, 0,
            "Free some space on the host disk (or point JMINIKUBE_HOME elsewhere) and try again."),

    // 3x: the host operating system and its tools
    HOST_TOOL_MISSING("HOST_TOOL_MISSING", Layer.HOST, 5,
            "Install the missing tool with the command shown, then run the command again."),
    HOST_NOT_ROOT("HOST_NOT_ROOT", Layer.HOST, 7,
            "Run this command as root (e.g. with sudo)."),
    HOST_PATH_NOT_WRITABLE("HOST_PATH_NOT_WRITABLE", Layer.HOST, 7,
            "Choose a directory you can write to, or fix its permissions."),
    HOST_HOME_NOT_WRITABLE("HOST_HOME_NOT_WRITABLE", Layer.HOST, 7,
            "Make JMINIKUBE_HOME (default ~/.jminikube) writable, or set JMINIKUBE_HOME to a writable directory."),

    // 4x: the host's local network
    NETWORK_PORT_IN_USE("HOST_PORT_IN_USE", Layer.NETWORK, 9,
            "Stop whatever listens on that port, or choose another port."),

    // 5x: drivers and hypervisors
    DRIVER_UNKNOWN("DRV_UNKNOWN", Layer.DRIVER, 4,
            "Choose one of the drivers listed above with --driver."),
    DRIVER_NOT_HEALTHY("DRV_NOT_HEALTHY", Layer.DRIVER, 5,
            "Follow the fix shown for the driver, or choose another --driver."),
    DRIVER_UNSUPPORTED_OS("DRV_UNSUPPORTED_OS", Layer.DRIVER, 6,
            "That driver does not run on this operating system; choose another --driver."),
    DRIVER_FAILED("DRV_FAILED", Layer.DRIVER, 0,
            "Look at the command output above; 'jminikube delete' then 'jminikube start' starts afresh."),

    // 6x: the guest VM and the node image
    GUEST_IMAGE_BUILD_FAILED("GUEST_IMAGE_BUILD", Layer.GUEST, 0,
            "Look at the build output above; a failed build leaves nothing in the cache, so running it again is safe."),
    GUEST_IMAGE_MISSING("GUEST_IMAGE_MISSING", Layer.GUEST, 5,
            "Build the node image with './jminikube iso build', or pass --iso-url pointing at an existing ISO."),
    GUEST_NOT_RUNNING("GUEST_NOT_RUNNING", Layer.GUEST, 5,
            "Start the cluster with 'jminikube start'."),
    GUEST_NOT_FOUND("GUEST_NOT_FOUND", Layer.GUEST, 5,
            "Create it with 'jminikube start' (see 'jminikube profile list' for existing ones)."),
    GUEST_SSH_TIMEOUT("GUEST_SSH_TIMEOUT", Layer.GUEST, 8,
            "The VM did not answer on SSH in time; see its console log named above, then 'jminikube delete' and start again."),
    GUEST_DIED("GUEST_DIED", Layer.GUEST, 0,
            "The VM process exited; see its console log named above, then 'jminikube start' again."),
    GUEST_COMMAND_FAILED("GUEST_COMMAND_FAILED", Layer.GUEST, 0,
            "Run the command shown above yourself ('jminikube ssh') to investigate.");

    private final String id;
    private final Layer layer;
    private final int kind;
    private final String advice;

    Reason(String id, Layer layer, int kind, String advice) {
        this.id = id;
        this.layer = layer;
        this.kind = kind;
        this.advice = advice;
    }

    public String id() {
        return id;
    }

    public Layer layer() {
        return layer;
    }

    public int exitCode() {
        return layer.band() + kind;
    }

    public String advice() {
        return advice;
    }
}
