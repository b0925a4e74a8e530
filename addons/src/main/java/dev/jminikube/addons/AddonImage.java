package dev.jminikube.addons;

import java.util.Objects;

/**
 * A container image an add-on runs, and where the node gets it from. Images jminikube builds itself
 * are loaded into the node from an image tar and never pulled, so the add-on works offline; the
 * others are pulled by the node's container runtime and need a registry.
 *
 * @param reference the image reference the manifests use, e.g. {@code jminikube.local/coredns:v1.12.4}
 */
public record AddonImage(String reference, Origin origin) {
    public enum Origin {
        /** Built on this host from source (Go module proxy) and loaded into the node as an image tar. */
        BUILT_LOCALLY,
        /** Pulled from its registry by the node; needs internet access. */
        PULLED
    }

    public AddonImage {
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(origin, "origin");
    }
}
