package dev.jminikube.bootstrap.images;

import java.util.List;
import java.util.Objects;

/** An image to write: its tags (e.g. {@code registry.k8s.io/pause:3.9}), run settings and layers, bottom first. */
public record ContainerImage(List<String> repoTags, ImageConfig config, List<ImageLayer> layers) {
    public ContainerImage {
        repoTags = List.copyOf(repoTags);
        Objects.requireNonNull(config, "config");
        layers = List.copyOf(layers);
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("an image needs at least one layer");
        }
    }
}
