package dev.jminikube.addons;

/**
 * Makes an image available to the node's container runtime before an add-on that runs it is applied:
 * for a locally built image, build it (or take it from the cache) and load it into the node.
 */
@FunctionalInterface
public interface NodeImageSupply {
    /** Does nothing for images the node pulls itself ({@link AddonImage.Origin#PULLED}). */
    void ensure(AddonImage image);
}
