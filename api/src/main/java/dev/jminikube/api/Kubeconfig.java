package dev.jminikube.api;

import java.nio.file.Path;

/**
 * The cluster's own kubeconfig: {@code KUBECONFIG=path} (or {@code kubectl --kubeconfig path}) reaches this cluster
 * and no other, whatever the user's current context is.
 *
 * @param path where it is (in the profile's directory under JMINIKUBE_HOME)
 * @param yaml its content
 */
public record Kubeconfig(Path path, String yaml) {
}
