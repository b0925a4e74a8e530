package dev.jminikube.bootstrap.kubeconfig;

import dev.jminikube.bootstrap.pki.ClientCredentials;

/** Cluster entries with made-up PEM text: the merger only embeds it, never parses it. */
final class TestAccess {
    static final ClientCredentials ADMIN = new ClientCredentials(
            "-----BEGIN CERTIFICATE-----\nYWRtaW4=\n-----END CERTIFICATE-----\n",
            "-----BEGIN PRIVATE KEY-----\na2V5\n-----END PRIVATE KEY-----\n");
    static final String CA = "-----BEGIN CERTIFICATE-----\nY2E=\n-----END CERTIFICATE-----\n";

    private TestAccess() {
    }

    /** Cluster, user and context all named {@code name}, as jminikube names them after the profile. */
    static ClusterAccess named(String name, int port) {
        return new ClusterAccess(name, "https://127.0.0.1:" + port, CA, name, ADMIN, name);
    }
}
