package dev.jminikube.addons;

import io.fabric8.kubernetes.client.KubernetesClientException;

/** Words a fabric8 failure for one line of output: the API server's own message, else the client's and its root cause. */
public final class KubernetesErrors {
    private KubernetesErrors() {
    }

    public static String message(KubernetesClientException e) {
        if (e.getStatus() != null && e.getStatus().getMessage() != null) {
            return e.getStatus().getMessage();
        }
        String m = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse(e.getMessage());
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e ? m : m + " (" + root + ")";
    }
}
