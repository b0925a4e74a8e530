package dev.jminikube.bootstrap.pki;

import java.util.List;
import org.bouncycastle.asn1.x509.KeyPurposeId;

/** What a leaf certificate may be used for: its extended key usage. */
public enum Usage {
    SERVER(List.of(KeyPurposeId.id_kp_serverAuth)),
    CLIENT(List.of(KeyPurposeId.id_kp_clientAuth)),
    /** etcd members serve clients and dial each other with the same certificate. */
    SERVER_AND_CLIENT(List.of(KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth));

    private final List<KeyPurposeId> purposes;

    Usage(List<KeyPurposeId> purposes) {
        this.purposes = purposes;
    }

    List<KeyPurposeId> purposes() {
        return purposes;
    }

    /** The purposes as dotted OIDs, as {@link java.security.cert.X509Certificate#getExtendedKeyUsage()} lists them. */
    public List<String> oids() {
        return purposes.stream().map(p -> p.getId()).toList();
    }
}
