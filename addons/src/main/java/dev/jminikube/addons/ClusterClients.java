package dev.jminikube.addons;

import dev.jminikube.bootstrap.pki.ClusterPki;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * fabric8 clients for one cluster, made from the admin credentials jminikube keeps in the profile's
 * PKI directory. The kubeconfig file is not read: the user may have switched its current context,
 * and jminikube must talk to the profile it was asked about.
 */
public final class ClusterClients {
    private ClusterClients() {
    }

    /** A client for {@code apiServer} (e.g. {@code https://127.0.0.1:41234}) authenticating as cluster admin. */
    public static KubernetesClient admin(URI apiServer, ClusterPki.Credentials credentials) {
        return forConfig(new ConfigBuilder(Config.empty())
                .withMasterUrl(apiServer.toString())
                .withCaCertData(base64(credentials.caPem()))
                .withClientCertData(base64(credentials.client().certificatePem()))
                .withClientKeyData(base64(credentials.client().privateKeyPem()))
                .withClientKeyAlgo("RSA")
                .withNamespace("default")
                // jminikube answers one user command; it should not retry a dead API server for minutes.
                .withRequestRetryBackoffLimit(1)
                .withConnectionTimeout(10_000)
                .withRequestTimeout(30_000)
                .build());
    }

    /** A client on the JDK HTTP client for any config (tests use it with fabric8's mock server config). */
    public static KubernetesClient forConfig(Config config) {
        return new KubernetesClientBuilder().withConfig(config).withHttpClientFactory(new JdkHttpClientFactory()).build();
    }

    private static String base64(String pem) {
        return Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.UTF_8));
    }
}
