package dev.jminikube.cluster;

import dev.jminikube.addons.AddonImage;
import java.nio.file.Path;
import java.util.function.Consumer;

/** Where an add-on's locally built image comes from: a docker-archive tar on this host (built or cached). */
@FunctionalInterface
public interface AddonImageSource {
    Path imageTar(AddonImage image, Consumer<String> notes);
}
