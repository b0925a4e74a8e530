package dev.jminikube.addons;

import dev.jminikube.bootstrap.KubernetesVersion;
import java.util.List;
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
 * @param formerObjects objects an earlier jminikube's version of this add-on applied that this version no longer
 *                      has (the dashboard's objects in its own namespace before it moved to kube-system): enable
 *                      and disable remove those that carry the add-on's label; a namespace is only named in a note
 */
public record Addon(String name, String description, boolean defaultEnabled, String manifest,
                    Function<KubernetesVersion, Map<String, AddonImage>> images, Optional<ServiceRef> openService,
                    List<ObjectRef> formerObjects) {

    /** A service by namespace and name. */
    public record ServiceRef(String namespace, String name) {
    }

    /** An object by API version, kind, namespace (null for a cluster-scoped one) and name. */
    public record ObjectRef(String apiVersion, String kind, String namespace, String name) {
        @Override
        public String toString() {
            return kind + " " + (namespace == null ? "" : namespace + "/") + name;
        }
    }

    public Addon(String name, String description, boolean defaultEnabled, String manifest,
                 Function<KubernetesVersion, Map<String, AddonImage>> images, Optional<ServiceRef> openService) {
        this(name, description, defaultEnabled, manifest, images, openService, List.of());
    }

    public Addon {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(manifest, "manifest");
        Objects.requireNonNull(images, "images");
        Objects.requireNonNull(openService, "openService");
        formerObjects = List.copyOf(formerObjects);
    }

    public Map<String, AddonImage> imagesFor(KubernetesVersion version) {
        return images.apply(version);
    }
}
