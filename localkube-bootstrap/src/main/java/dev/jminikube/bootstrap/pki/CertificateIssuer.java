package dev.jminikube.bootstrap.pki;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Makes RSA 2048 keys and SHA256withRSA certificates. Uses the JDK's providers for keys and
 * signatures and BouncyCastle only to build the certificate structure, so no provider is registered
 * globally.
 */
final class CertificateIssuer {
    static final Duration CA_VALIDITY = Duration.ofDays(3650);
    /** minikube's default --cert-expiration (26280h). */
    static final Duration LEAF_VALIDITY = Duration.ofDays(1095);
    /** Backdating tolerates a guest clock somewhat behind the host's. */
    static final Duration BACKDATE = Duration.ofHours(1);
    private static final int KEY_BITS = 2048;
    private static final String SIGNATURE = "SHA256withRSA";

    private final SecureRandom random = new SecureRandom();

    KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(KEY_BITS, random);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this Java runtime cannot generate RSA keys: " + e.getMessage(), e);
        }
    }

    /** A self-signed CA that may sign leaves only (path length 0). */
    KeyAndCertificate newAuthority(String commonName, Instant now) {
        KeyPair keys = newKeyPair();
        X500Name name = subject(commonName, List.of());
        try {
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = builder(name, name, keys.getPublic(), now, CA_VALIDITY)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true,
                            new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            utils.createSubjectKeyIdentifier(keys.getPublic()));
            return new KeyAndCertificate(sign(builder, keys), keys.getPrivate());
        } catch (CertIOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot build CA certificate " + commonName + ": " + e.getMessage(), e);
        }
    }

    /** A new key and a certificate for it as {@code spec} describes, signed by {@code ca}. */
    KeyAndCertificate issue(CertificateSpec spec, KeyAndCertificate ca, Instant now) {
        KeyPair keys = newKeyPair();
        X500Name issuer = X500Name.getInstance(ca.certificate().getSubjectX500Principal().getEncoded());
        try {
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = builder(issuer, subject(spec.commonName(), spec.organizations()),
                    keys.getPublic(), now, LEAF_VALIDITY)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true,
                            new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment))
                    .addExtension(Extension.extendedKeyUsage, false,
                            new ExtendedKeyUsage(spec.usage().purposes().toArray(KeyPurposeId[]::new)))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            utils.createSubjectKeyIdentifier(keys.getPublic()))
                    .addExtension(Extension.authorityKeyIdentifier, false,
                            utils.createAuthorityKeyIdentifier(ca.certificate()));
            if (!spec.dnsNames().isEmpty() || !spec.ipAddresses().isEmpty()) {
                builder.addExtension(Extension.subjectAlternativeName, false, alternativeNames(spec));
            }
            X509Certificate certificate = new JcaX509CertificateConverter()
                    .getCertificate(builder.build(signer(ca.key())));
            return new KeyAndCertificate(certificate, keys.getPrivate());
        } catch (CertIOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot build certificate " + spec.fileStem() + ": " + e.getMessage(), e);
        }
    }

    /** Subject with O before CN, as Go's crypto/x509 orders them (and so kubeadm's certificates read). */
    static X500Name subject(String commonName, List<String> organizations) {
        X500NameBuilder name = new X500NameBuilder(BCStyle.INSTANCE);
        organizations.forEach(o -> name.addRDN(BCStyle.O, o));
        return name.addRDN(BCStyle.CN, commonName).build();
    }

    /** The same subject as the JDK compares names. */
    static X500Principal principal(String commonName, List<String> organizations) {
        try {
            return new X500Principal(subject(commonName, organizations).getEncoded());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, PublicKey key, Instant now,
                                             Duration validity) {
        // X.509 times have whole seconds.
        Instant start = now.truncatedTo(ChronoUnit.SECONDS).minus(BACKDATE);
        return new JcaX509v3CertificateBuilder(issuer, serial(), Date.from(start), Date.from(start.plus(validity)),
                subject, key);
    }

    /** A random positive serial of at most 16 octets, as RFC 5280 asks (at most 20, unpredictable). */
    private BigInteger serial() {
        return new BigInteger(127, random).add(BigInteger.ONE);
    }

    private static GeneralNames alternativeNames(CertificateSpec spec) {
        List<GeneralName> names = new ArrayList<>();
        spec.dnsNames().forEach(d -> names.add(new GeneralName(GeneralName.dNSName, d)));
        spec.ipAddresses().forEach(ip -> names.add(new GeneralName(GeneralName.iPAddress, ip)));
        return new GeneralNames(names.toArray(GeneralName[]::new));
    }

    private X509Certificate sign(X509v3CertificateBuilder builder, KeyPair keys) throws GeneralSecurityException {
        return new JcaX509CertificateConverter().getCertificate(builder.build(signer(keys.getPrivate())));
    }

    private ContentSigner signer(java.security.PrivateKey key) {
        try {
            return new JcaContentSignerBuilder(SIGNATURE).setSecureRandom(random).build(key);
        } catch (OperatorCreationException e) {
            throw new IllegalStateException("cannot sign with " + SIGNATURE + ": " + e.getMessage(), e);
        }
    }
}
