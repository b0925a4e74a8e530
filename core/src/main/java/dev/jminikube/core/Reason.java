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
            "Use a profile name of letters, digits and '-', starting and ending with a letter or digit (e.g. -p dev)."),
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
    // A file jminikube wrote under JMINIKUBE_HOME and cannot read back: the host's files, not the command line
    // (1x) and not a bug (10). The situation's advice names the file and what deleting it costs.
    STATE_FILE_CORRUPT("HOST_STATE_FILE_CORRUPT", Layer.HOST, 4,
            "Fix or delete the file named above; 'jminikube delete -p NAME' removes the whole profile instead."),
    // A file jminikube would write in the user's own tree (an IDE run configuration) that someone else wrote, or
    // that was changed after jminikube wrote it: the user's work, never overwritten unasked.
    HOST_FILE_NOT_OURS("HOST_FILE_NOT_OURS", Layer.HOST, 9,
            "jminikube leaves a file it did not write (or that was changed since) as it is; --force replaces it."),

    // A host directory to share with the node (mount) that is missing or cannot be read.
    MOUNT_DIR_INVALID("HOST_MOUNT_DIR", Layer.HOST, 4,
            "Write HOST_DIR:NODE_DIR with an existing, readable host directory and an absolute node path (e.g. ~/src:/src)."),

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
    GUEST_IMAGE_INVALID("GUEST_IMAGE_INVALID", Layer.GUEST, 4,
            "The node image is damaged or not an ISO 9660 image; rebuild it ('./jminikube iso build') or download it again."),
    GUEST_NOT_RUNNING("GUEST_NOT_RUNNING", Layer.GUEST, 5,
            "Start the cluster with 'jminikube start'."),
    GUEST_NOT_FOUND("GUEST_NOT_FOUND", Layer.GUEST, 5,
            "Check the profile name (-p; 'jminikube profile list' shows them); 'jminikube start -p NAME' creates it."),
    GUEST_SSH_TIMEOUT("GUEST_SSH_TIMEOUT", Layer.GUEST, 8,
            "The VM did not answer on SSH in time; see its console log named above, then 'jminikube delete' and start again."),
    GUEST_DIED("GUEST_DIED", Layer.GUEST, 0,
            "The VM process exited; see its console log named above, then 'jminikube start' again."),
    GUEST_COMMAND_FAILED("GUEST_COMMAND_FAILED", Layer.GUEST, 0,
            "Run the command shown above yourself ('jminikube ssh') to investigate."),
    GUEST_DISK_FULL("GUEST_DISK_FULL", Layer.GUEST, 0,
            "Free space in the node ('jminikube ssh -- df -h' shows where; 'jminikube ssh -- crictl rmi --prune' removes "
                    + "unused images), or 'jminikube delete' and start again with a larger --disk-size."),
    GUEST_SUSPENDED("GUEST_SUSPENDED", Layer.GUEST, 9,
            "Leave out --cpus/--memory/--disk-size to resume the VM as it is, or 'jminikube delete' and start again with the new size."),
    // start --mount's background mount process that did not report its mount (its own X line, when it printed one,
    // is passed on with that line's reason instead).
    GUEST_MOUNT("GUEST_MOUNT", Layer.GUEST, 0,
            "See the mount process's log named above; 'jminikube mount -p NAME HOST_DIR:NODE_DIR' runs it in the foreground."),
    GUEST_SSH_HOST_KEY_CHANGED("GUEST_SSH_HOST_KEY_CHANGED", Layer.GUEST, 9,
            "If the VM was recreated on purpose, 'jminikube delete' it and start again; never accept the new key blindly, find out what answers instead."),

    // 7x: the container runtime in the guest
    RUNTIME_UNSUPPORTED("RT_UNSUPPORTED", Layer.RUNTIME, 6,
            "Choose --container-runtime=containerd (or docker with Kubernetes v1.23 and older)."),
    RUNTIME_FAILED("RT_FAILED", Layer.RUNTIME, 0,
            "See the runtime's log lines above ('jminikube logs'); 'jminikube delete' then 'jminikube start' starts afresh."),
    IMAGE_FILE_INVALID("RT_IMAGE_FILE", Layer.RUNTIME, 4,
            "Pass an image tar written by 'docker save' (docker-archive) or an OCI layout tar."),
    IMAGE_NAME_INVALID("RT_IMAGE_NAME", Layer.RUNTIME, 4,
            "Name the image as docker does: lower-case [registry/]path[:tag], e.g. -t my-app:1.0."),
    IMAGE_NOT_FOUND("RT_IMAGE_NOT_FOUND", Layer.RUNTIME, 5,
            "'jminikube image ls' lists the images the node has."),
    IMAGE_BUILD_FAILED("RT_IMAGE_BUILD", Layer.RUNTIME, 1,
            "Fix the Dockerfile step named above (the build's output is above it), then build again."),
    BUILD_CONTEXT_INVALID("RT_BUILD_CONTEXT", Layer.RUNTIME, 4,
            "Pass a directory you can read that holds a Dockerfile, or name the Dockerfile with -f."),

    // 8x: Kubernetes (binaries, configuration, control plane)
    K8S_VERSION_INVALID("K8S_VERSION_INVALID", Layer.CONTROL_PLANE, 4,
            "Pass --kubernetes-version as vMAJOR.MINOR.PATCH; 'jminikube get-k8s-versions' lists the supported ones."),
    K8S_VERSION_UNSUPPORTED("K8S_VERSION_UNSUPPORTED", Layer.CONTROL_PLANE, 6,
            "Choose a version from 'jminikube get-k8s-versions'."),
    EXTRA_CONFIG_INVALID("K8S_EXTRA_CONFIG", Layer.CONTROL_PLANE, 4,
            "Write --extra-config=component.key=value with component one of etcd, apiserver, controller-manager, scheduler, kubelet, proxy."),
    K8S_BINARIES_UNAVAILABLE("K8S_BINARIES_UNAVAILABLE", Layer.CONTROL_PLANE, 5,
            "Pass --binary-mirror=URL with the release tree (bin/linux/amd64/...), or choose a version 'jminikube get-k8s-versions' marks as buildable here."),
    K8S_BINARY_CHECKSUM("K8S_BINARY_CHECKSUM", Layer.CONTROL_PLANE, 0,
            "The file served does not match its published sha256; fix or change the mirror. Nothing was installed from it."),
    K8S_SOURCE_BUILD_FAILED("K8S_SOURCE_BUILD", Layer.CONTROL_PLANE, 0,
            "See the build output above and the log named there; a failed build leaves nothing in the cache."),
    K8S_COMPONENT_FAILED("K8S_COMPONENT_FAILED", Layer.CONTROL_PLANE, 0,
            "See the component's last log lines above ('jminikube logs' shows more); 'jminikube start' again retries."),
    K8S_WAIT_TIMEOUT("K8S_WAIT_TIMEOUT", Layer.CONTROL_PLANE, 8,
            "The cluster did not become ready in time; see 'jminikube logs --problems', then 'jminikube start' again."),
    K8S_CERTS_INVALID("K8S_CERTS_INVALID", Layer.CONTROL_PLANE, 4,
            "Remove the damaged certificate or key file named above; jminikube recreates it on the next start."),
    KUBECONFIG_INVALID("K8S_KUBECONFIG_INVALID", Layer.CONTROL_PLANE, 4,
            "The kubeconfig file named above is not valid YAML; fix or move it (KUBECONFIG chooses another), then try again."),
    KUBECONFIG_UNSUPPORTED("K8S_KUBECONFIG_UNSUPPORTED", Layer.CONTROL_PLANE, 6,
            "jminikube leaves such a kubeconfig as it is; set KUBECONFIG to another file for jminikube to write, or edit this one yourself."),
    KUBECONFIG_NO_CONTEXT("K8S_KUBECONFIG_NO_CONTEXT", Layer.CONTROL_PLANE, 7,
            "Run 'jminikube start' for the profile, which writes its context, or use 'jminikube kubectl', which works without it."),
    KUBECONFIG_LOCKED("K8S_KUBECONFIG_LOCKED", Layer.CONTROL_PLANE, 9,
            "Another kubectl or jminikube is changing the kubeconfig; try again, and if none is running, remove the lock file named above."),

    // 9x: services and add-ons in the cluster
    SERVICE_NOT_FOUND("SVC_NOT_FOUND", Layer.SERVICE, 5,
            "Check the name and namespace with 'jminikube kubectl -- get services -A'."),
    SERVICE_NOT_NODEPORT("SVC_NOT_NODEPORT", Layer.SERVICE, 6,
            "Expose it with type NodePort (kubectl expose ... --type=NodePort), or use 'kubectl port-forward'."),
    ADDON_UNKNOWN("ADDON_UNKNOWN", Layer.SERVICE, 4,
            "Choose one of the add-ons listed above ('jminikube addons list' shows them all)."),
    ADDON_FAILED("ADDON_FAILED", Layer.SERVICE, 0,
            "See the error above; objects this command created were removed again and applying is idempotent, so running it again is safe."),
    ADDON_IMAGE_BUILD_FAILED("ADDON_IMAGE_BUILD", Layer.SERVICE, 1,
            "See the build log named above; a failed build leaves nothing in the cache, so running it again is safe."),
    DASHBOARD_FAILED("DASHBOARD_FAILED", Layer.SERVICE, 2,
            "See the error above; 'jminikube status' tells whether the cluster runs.");

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
