package dev.jminikube.bootstrap.pki;

import java.security.GeneralSecurityException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.security.auth.x500.X500Principal;

/** Decides whether a stored certificate can stay or must be made anew. */
final class Renewal {
    /** Renewed this long before it expires, so a cluster started today runs for at least a month. */
    static final Duration MARGIN = Duration.ofDays(30);
    private static final int SAN_DNS = 2;
    private static final int SAN_IP = 7;

    private Renewal() {
    }

    /** Why a CA must be made anew, or empty when it can stay. */
    static Optional<String> authorityProblem(KeyAndCertificate ca, Instant now) {
        if (!ca.keyMatches()) {
            return Optional.of("its key does not belong to its certificate");
        }
        return expiry(ca.certificate(), now);
    }

    /** Why a leaf must be reissued, or empty when it still says what {@code spec} asks and {@code ca} signed it. */
    static Optional<String> leafProblem(KeyAndCertificate leaf, CertificateSpec spec, KeyAndCertificate ca,
                                        Instant now) {
        X509Certificate certificate = leaf.certificate();
        if (!leaf.keyMatches()) {
            return Optional.of("its key does not belong to its certificate");
        }
        try {
            certificate.verify(ca.certificate().getPublicKey());
        } catch (GeneralSecurityException e) {
            return Optional.of("it was not signed by the current " + spec.signer().commonName());
        }
        Optional<String> expiry = expiry(certificate, now);
        if (expiry.isPresent()) {
            return expiry;
        }
        X500Principal wanted = CertificateIssuer.principal(spec.commonName(), spec.organizations());
        if (!wanted.equals(certificate.getSubjectX500Principal())) {
            return Optional.of("its subject is " + certificate.getSubjectX500Principal() + ", not " + wanted);
        }
        List<String> eku;
        try {
            eku = certificate.getExtendedKeyUsage();
        } catch (CertificateParsingException e) {
            eku = null;
        }
        if (eku == null || !eku.containsAll(spec.usage().oids())) {
            return Optional.of("it is not usable for " + spec.usage());
        }
        Set<String> missing = new HashSet<>(spec.dnsNames());
        spec.ipAddresses().forEach(ip -> missing.add(IpAddresses.canonical(ip)));
        missing.removeAll(alternativeNames(certificate));
        return missing.isEmpty() ? Optional.empty() : Optional.of("it does not name " + missing);
    }

    private static Optional<String> expiry(X509Certificate certificate, Instant now) {
        Instant notAfter = certificate.getNotAfter().toInstant();
        if (notAfter.isBefore(now.plus(MARGIN))) {
            return Optional.of("it expires " + notAfter);
        }
        if (certificate.getNotBefore().toInstant().isAfter(now)) {
            // Made by a clock set in the future; the guest would reject it until then.
            return Optional.of("it is not valid before " + certificate.getNotBefore().toInstant());
        }
        return Optional.empty();
    }

    /** DNS names as written, IP addresses in canonical form. */
    static Set<String> alternativeNames(X509Certificate certificate) {
        Set<String> names = new HashSet<>();
        Collection<List<?>> entries;
        try {
            entries = certificate.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            return names;
        }
        if (entries == null) {
            return names;
        }
        for (List<?> entry : entries) {
            int type = (Integer) entry.get(0);
            if (type == SAN_DNS) {
                names.add((String) entry.get(1));
            } else if (type == SAN_IP) {
                names.add(IpAddresses.canonical((String) entry.get(1)));
            }
        }
        return names;
    }
}
