package dev.jminikube.bootstrap;

import dev.jminikube.bootstrap.guest.GuestShare;
import dev.jminikube.core.exec.CommandRunner;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Loads an image tar into the node's runtime: containerd's {@code k8s.io} namespace (the one its
 * CRI plugin serves kubelet from) or docker. No registry is reachable, so this is how images arrive. A tar
 * under the machine's 9p share is imported where it lies; any other is copied over SSH first.
 */
public final class ImageLoader {
    private final CommandRunner guest;
    private final ContainerRuntime runtime;
    private final Optional<GuestShare> share;
    /** Whether the share is mounted, once asked: one loader imports several tars, each an SSH round trip. */
    private Boolean shareMounted;

    public ImageLoader(CommandRunner guest, ContainerRuntime runtime) {
        this(guest, runtime, Optional.empty());
    }

    public ImageLoader(CommandRunner guest, ContainerRuntime runtime, Optional<GuestShare> share) {
        this.guest = guest;
        this.runtime = runtime;
        this.share = share;
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
        Optional<String> shared = share.flatMap(sh -> sh.guestPathOf(tar));
        if (shared.isPresent() && shareMounted()) {
            importFrom(shared.get());
            return;
        }
        String target = "/tmp/jmk-image-" + Long.toHexString(System.nanoTime()) + ".tar";
        guest.copy(tar, target, 0644);
        try {
            importFrom(target);
        } finally {
            guest.run("rm", "-f", target);
        }
    }

    private boolean shareMounted() {
        if (shareMounted == null) {
            shareMounted = share.get().mount(guest);
        }
        return shareMounted;
    }

    private void importFrom(String guestTar) {
        if (runtime == ContainerRuntime.CONTAINERD) {
            guest.check("ctr", "-n", "k8s.io", "images", "import", guestTar);
        } else {
            guest.check("docker", "load", "-i", guestTar);
        }
    }
}
