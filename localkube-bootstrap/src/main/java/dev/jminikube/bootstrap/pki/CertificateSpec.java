package dev.jminikube.bootstrap.pki;

import java.util.List;
import java.util.Objects;

/**
 * What one leaf certificate must say. An existing certificate that no longer says it (another
 * subject, a SAN missing) is reissued.
 *
 * @param fileStem      path below the PKI directory without extension, e.g. {@code etcd/server}
 * @param signer        the CA that signs it
 * @param organizations subject O values (Kubernetes reads them as group names)
 * @param dnsNames      DNS subject alternative names
 * @param ipAddresses   IP subject alternative names, as literals
 */
public record CertificateSpec(String fileStem, Authority signer, String commonName, List<String> organizations,
                              Usage usage, List<String> dnsNames, List<String> ipAddresses) {
    public CertificateSpec {
        Objects.requireNonNull(fileStem, "fileStem");
        Objects.requireNonNull(signer, "signer");
        Objects.requireNonNull(commonName, "commonName");
        Objects.requireNonNull(usage, "usage");
        organizations = List.copyOf(organizations);
        dnsNames = List.copyOf(dnsNames);
        ipAddresses = List.copyOf(ipAddresses);
    }

    /** A client certificate: no SANs. */
    static CertificateSpec client(String fileStem, Authority signer, String commonName, List<String> organizations) {
        return new CertificateSpec(fileStem, signer, commonName, organizations, Usage.CLIENT, List.of(), List.of());
    }
}
