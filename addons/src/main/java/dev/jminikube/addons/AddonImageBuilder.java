package dev.jminikube.addons;

import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Produces the image tar of a locally built add-on image (building it on first use, then from the
 * cache keyed by its inputs). The add-on manager loads the tar into the node before applying manifests.
 */
@FunctionalInterface
public interface AddonImageBuilder {
    /**
     * @param image    an image whose origin is {@link AddonImage.Origin#BUILT_LOCALLY}
     * @param progress one line per step, for the user
     * @return a docker-archive image tar tagged with {@code image.reference()}
     */
    Path imageTar(AddonImage image, Consumer<String> progress);
}
