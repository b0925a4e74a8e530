package dev.jminikube.bootstrap.pki;

import java.security.PrivateKey;
import java.security.interfaces.RSAKey;
import java.security.cert.X509Certificate;
import java.util.Objects;

/** A certificate with its private key: a CA that can sign, or a leaf a component presents. */
record KeyAndCertificate(X509Certificate certificate, PrivateKey key) {
    KeyAndCertificate {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(key, "key");
    }

    /** Whether the key belongs to the certificate (a half-replaced pair of files would not). */
    boolean keyMatches() {
        return certificate.getPublicKey() instanceof RSAKey pub && key instanceof RSAKey priv
                && pub.getModulus().equals(priv.getModulus());
    }

    @Override
    public String toString() {
        return "KeyAndCertificate[" + certificate.getSubjectX500Principal() + "]";
    }
}
