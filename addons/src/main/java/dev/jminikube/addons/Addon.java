package dev.jminikube.addons;

import dev.jminikube.bootstrap.KubernetesVersion;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * One add-on: its manifests (a classpath template under {@code dev/jminikube/addons/manifests/}) and the
 * images they name, per Kubernetes version.
 *
 * @param images       placeholder name ({@code {{image.NAME}}} in the template) to image, per version
 * @param openService  the NodePort service {@code addons open} opens, if the add-on has a web UI
 */
public record Addon(String name, String description, boolean defaultEnabled, String manifest,
                    Function<KubernetesVersion, Map<String, AddonImage>> images, Optional<ServiceRef> openService) {

    /** A service by namespace and name. */
    public record ServiceRef(String namespace, String name) {
    }

    public Addon {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(manifest, "manifest");
        Objects.requireNonNull(images, "images");
        Objects.requireNonNull(openService, "openService");
    }

    public Map<String, AddonImage> imagesFor(KubernetesVersion version) {
        return images.apply(version);
    }
}
