package dev.jminikube.bootstrap;

import dev.jminikube.bootstrap.guest.GuestShare;
import dev.jminikube.core.exec.CommandRunner;
import dev.jminikube.core.exec.RunOptions;
import java.nio.file.Path;
import java.util.List;
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

    /**
     * The command that imports an image archive into {@code runtime}: from {@code guestTar}, or from its standard
     * input when that is "-".
     */
    public static List<String> importCommand(ContainerRuntime runtime, String guestTar) {
        if (runtime == ContainerRuntime.CONTAINERD) {
            return List.of("ctr", "-n", "k8s.io", "images", "import", guestTar);
        }
        return guestTar.equals("-") ? List.of("docker", "load") : List.of("docker", "load", "-i", guestTar);
    }

    /** Whether {@code runtime} in the node has the image {@code reference} (as the runtime spells it). */
    public static boolean has(CommandRunner node, ContainerRuntime runtime, String reference) {
        return runtime == ContainerRuntime.CONTAINERD
                ? node.run(List.of("ctr", "-n", "k8s.io", "images", "ls", "-q", "name==" + reference), RunOptions.DEFAULTS)
                        .stdout().contains(reference)
                : node.run(List.of("docker", "image", "inspect", reference), RunOptions.DEFAULTS).exitCode() == 0;
    }

    /** Loads {@code tar} unless the runtime already has {@code reference}; true when it loaded. */
    public boolean loadIfMissing(Path tar, String reference) {
        if (has(guest, runtime, reference)) {
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
        guest.check(importCommand(runtime, guestTar), RunOptions.DEFAULTS);
    }
}
