package dev.jminikube.bootstrap.kubeconfig;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Writes a whole kubeconfig holding one cluster, one user and one context, which is also current. */
public final class KubeconfigRenderer {
    private KubeconfigRenderer() {
    }

    /** The YAML text of a kubeconfig giving {@code access}. */
    public static String render(ClusterAccess access) {
        ObjectNode root = KubeconfigYaml.emptyConfig();
        ((ArrayNode) root.get("clusters")).add(KubeconfigYaml.cluster(access));
        ((ArrayNode) root.get("contexts")).add(KubeconfigYaml.context(access));
        root.put("current-context", access.contextName());
        ((ArrayNode) root.get("users")).add(KubeconfigYaml.user(access));
        return KubeconfigYaml.write(root);
    }
}
