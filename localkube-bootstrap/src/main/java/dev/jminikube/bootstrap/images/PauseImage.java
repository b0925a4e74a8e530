package dev.jminikube.bootstrap.images;

import dev.jminikube.bootstrap.binaries.LinuxArch;
import java.nio.file.Path;
import java.util.List;

/**
 * The pod sandbox image, written from a static {@code pause} binary (the source build makes one from
 * Kubernetes' build/pause/linux/pause.c) because registry.k8s.io cannot be reached. Named as upstream's so
 * kubelet and containerd find it without being told otherwise.
 */
public final class PauseImage {
    /** The one name the rest of jminikube uses for the sandbox image (kubelet flags, containerd's sandbox_image). */
    public static final String TAG = "registry.k8s.io/pause:3.9";

    private PauseImage() {
    }

    public static ContainerImage of(Path pauseBinary, LinuxArch arch) {
        ImageLayer layer = ImageLayer.builder().file("/pause", 0755, pauseBinary).build();
        ImageConfig config = new ImageConfig(arch.goName(), List.of("/pause"), List.of(),
                List.of(ImageConfig.DEFAULT_PATH), "/", List.of());
        return new ContainerImage(List.of(TAG), config, List.of(layer));
    }
}
