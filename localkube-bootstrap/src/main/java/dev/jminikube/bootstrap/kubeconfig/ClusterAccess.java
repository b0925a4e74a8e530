package dev.jminikube.bootstrap.kubeconfig;

import dev.jminikube.bootstrap.pki.ClientCredentials;
import dev.jminikube.bootstrap.pki.ClientIdentity;
import dev.jminikube.bootstrap.pki.ClusterPki;
import java.util.Objects;

/**
 * One cluster, one user and the context joining them: what a kubeconfig says about a cluster.
 * Certificates and keys are embedded (as {@code *-data}) rather than referenced by path, so the file
 * works wherever it is copied and does not break when the profile directory moves.
 *
 * @param server                      the API server URL, e.g. {@code https://127.0.0.1:40123}
 * @param certificateAuthorityPem     the CA the server's certificate must chain to
 */
public record ClusterAccess(String clusterName, String server, String certificateAuthorityPem, String userName,
                            ClientCredentials credentials, String contextName) {
    /** The cluster name kubeadm writes into the component kubeconfigs. */
    public static final String KUBEADM_CLUSTER_NAME = "kubernetes";

    public ClusterAccess {
        Objects.requireNonNull(clusterName, "clusterName");
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(certificateAuthorityPem, "certificateAuthorityPem");
        Objects.requireNonNull(userName, "userName");
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(contextName, "contextName");
    }

    /**
     * The entry for the user's own kubeconfig, as minikube names it: cluster, user and context all
     * named after the profile, reaching the API server through the host's forwarded port.
     */
    public static ClusterAccess forProfile(String profile, int apiServerHostPort, ClusterPki pki) {
        return forProfile(profile, "https://127.0.0.1:" + apiServerHostPort, pki);
    }

    /**
     * The same, for an API server wherever the host reaches it: {@code https://127.0.0.1:PORT} through a
     * NAT forward, {@code https://GUEST-IP:8443} on a bridged switch.
     */
    public static ClusterAccess forProfile(String profile, String server, ClusterPki pki) {
        return new ClusterAccess(profile, server, pki.caCertificatePem(), profile, pki.client(ClientIdentity.ADMIN),
                profile);
    }

    /**
     * The entry for a component's kubeconfig in the guest, named as kubeadm names them (cluster
     * {@code kubernetes}, user = the certificate's CN, context {@code user@kubernetes}).
     */
    public static ClusterAccess forComponent(ClientIdentity identity, String nodeName, String server, ClusterPki pki) {
        String user = identity.commonName(nodeName);
        return new ClusterAccess(KUBEADM_CLUSTER_NAME, server, pki.caCertificatePem(), user, pki.client(identity),
                user + "@" + KUBEADM_CLUSTER_NAME);
    }

    @Override
    public String toString() {
        return "ClusterAccess[" + contextName + " -> " + server + "]";
    }
}
