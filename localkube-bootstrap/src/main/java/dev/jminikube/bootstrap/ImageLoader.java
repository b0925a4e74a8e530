package dev.jminikube.bootstrap;

import dev.jminikube.core.exec.CommandRunner;
import java.nio.file.Path;

/**
 * Loads an image tar into the node's runtime: containerd's {@code k8s.io} namespace (the one its
 * CRI plugin serves kubelet from) or docker. No registry is reachable, so this is how images arrive.
 */
public final class ImageLoader {
    private final CommandRunner guest;
    private final ContainerRuntime runtime;

    public ImageLoader(CommandRunner guest, ContainerRuntime runtime) {
        this.guest = guest;
        this.runtime = runtime;
    }

    /** Loads {@code tar} unless the runtime already has {@code reference}; true when it loaded. */
    public boolean loadIfMissing(Path tar, String reference) {
        boolean present = runtime == ContainerRuntime.CONTAINERD
                ? guest.run("ctr", "-n", "k8s.io", "images", "ls", "-q", "name==" + reference).stdout().contains(reference)
                : guest.run("docker", "image", "inspect", reference).exitCode() == 0;
        if (present) {
            return false;
        }
        load(tar);
        return true;
    }

    public void load(Path tar) {
        String target = "/tmp/jmk-image-" + Long.toHexString(System.nanoTime()) + ".tar";
        guest.copy(tar, target, 0644);
        try {
            if (runtime == ContainerRuntime.CONTAINERD) {
                guest.check("ctr", "-n", "k8s.io", "images", "import", target);
            } else {
                guest.check("docker", "load", "-i", target);
            }
        } finally {
            guest.run("rm", "-f", target);
        }
    }
}
