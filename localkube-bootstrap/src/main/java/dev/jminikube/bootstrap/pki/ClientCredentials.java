package dev.jminikube.bootstrap.pki;

import java.util.Objects;

/** A client certificate and its private key, both PEM, as a kubeconfig embeds them. */
public record ClientCredentials(String certificatePem, String privateKeyPem) {
    public ClientCredentials {
        Objects.requireNonNull(certificatePem, "certificatePem");
        Objects.requireNonNull(privateKeyPem, "privateKeyPem");
    }

    @Override
    public String toString() {
        // Keeps the key out of logs and assertion messages.
        return "ClientCredentials[certificate, private key]";
    }
}
