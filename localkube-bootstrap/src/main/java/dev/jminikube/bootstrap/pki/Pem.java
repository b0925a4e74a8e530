package dev.jminikube.bootstrap.pki;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;

/**
 * PEM text of certificates ({@code CERTIFICATE}), private keys (PKCS#8 {@code PRIVATE KEY}, which
 * Go's crypto/tls and Kubernetes' keyutil read) and public keys (SPKI {@code PUBLIC KEY}). Reading
 * also accepts PKCS#1 {@code RSA PRIVATE KEY}, as kubeadm writes it.
 */
public final class Pem {
    private Pem() {
    }

    static String certificate(X509Certificate certificate) {
        return write(certificate);
    }

    static String privateKey(PrivateKey key) {
        try {
            return write(new JcaPKCS8Generator(key, null));
        } catch (org.bouncycastle.util.io.pem.PemGenerationException e) {
            throw new IllegalStateException("cannot encode private key: " + e.getMessage(), e);
        }
    }

    static String publicKey(PublicKey key) {
        return write(key);
    }

    /** The first certificate in {@code pem}; {@link IllegalArgumentException} says why there is none. */
    public static X509Certificate readCertificate(String pem) {
        if (!(readFirst(pem) instanceof X509CertificateHolder holder)) {
            throw new IllegalArgumentException("no CERTIFICATE block");
        }
        try {
            return new JcaX509CertificateConverter().getCertificate(holder);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("unreadable certificate: " + e.getMessage(), e);
        }
    }

    /** A PKCS#8 or PKCS#1 private key; {@link IllegalArgumentException} says why there is none. */
    public static PrivateKey readPrivateKey(String pem) {
        Object object = readFirst(pem);
        try {
            if (object instanceof PrivateKeyInfo info) {
                return new JcaPEMKeyConverter().getPrivateKey(info);
            }
            if (object instanceof PEMKeyPair pair) {
                return new JcaPEMKeyConverter().getKeyPair(pair).getPrivate();
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("unreadable private key: " + e.getMessage(), e);
        }
        throw new IllegalArgumentException("no PRIVATE KEY block");
    }

    static PublicKey readPublicKey(String pem) {
        if (!(readFirst(pem) instanceof SubjectPublicKeyInfo info)) {
            throw new IllegalArgumentException("no PUBLIC KEY block");
        }
        try {
            return new JcaPEMKeyConverter().getPublicKey(info);
        } catch (IOException e) {
            throw new IllegalArgumentException("unreadable public key: " + e.getMessage(), e);
        }
    }

    private static Object readFirst(String pem) {
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            return parser.readObject();
        } catch (IOException | RuntimeException e) {
            // PEMParser reports bad base64 and bad DER with assorted runtime exceptions.
            throw new IllegalArgumentException("damaged PEM: " + e.getMessage(), e);
        }
    }

    private static String write(Object object) {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(object);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }
}
