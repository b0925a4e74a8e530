package dev.jminikube.bootstrap.pki;

import dev.jminikube.bootstrap.AtomicFile;
import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The host directory holding a cluster's PKI as PEM files, in kubeadm's layout ({@code ca.crt},
 * {@code etcd/server.key}...). Keys are written mode 0600, certificates 0644, each file atomically.
 */
final class PkiDirectory {
    /** Until a dedicated reason exists (K8S_CERTS_INVALID, exit 84 would fit), with advice that does fit. */
    private static final Reason DAMAGED = Reason.K8S_CERTS_INVALID;
    private static final String DAMAGED_ADVICE =
            "Remove the damaged file named above; jminikube creates it afresh on the next start "
                    + "(a new CA also reissues every certificate it signed).";

    private final Path dir;
    private final List<Path> written = new ArrayList<>();

    PkiDirectory(Path dir) {
        this.dir = dir;
    }

    Path file(String name) {
        return dir.resolve(name);
    }

    /** The pair stored as {@code stem.crt} and {@code stem.key}; empty when either file is missing. */
    Optional<KeyAndCertificate> loadPair(String stem) {
        Path crt = file(stem + ".crt");
        Path key = file(stem + ".key");
        if (!Files.exists(crt) || !Files.exists(key)) {
            return Optional.empty();
        }
        return Optional.of(new KeyAndCertificate(read(crt, Pem::readCertificate), read(key, Pem::readPrivateKey)));
    }

    void savePair(String stem, KeyAndCertificate pair) {
        // Key first: a crash between the two leaves a new key with the old certificate, which
        // loading detects as a mismatch and reissues, rather than a certificate nobody holds the key of.
        write(stem + ".key", Pem.privateKey(pair.key()), true);
        write(stem + ".crt", Pem.certificate(pair.certificate()), false);
    }

    Optional<PrivateKey> loadPrivateKey(String name) {
        Path path = file(name);
        return Files.exists(path) ? Optional.of(read(path, Pem::readPrivateKey)) : Optional.empty();
    }

    Optional<PublicKey> loadPublicKey(String name) {
        Path path = file(name);
        return Files.exists(path) ? Optional.of(read(path, Pem::readPublicKey)) : Optional.empty();
    }

    Optional<X509Certificate> loadCertificate(String name) {
        Path path = file(name);
        return Files.exists(path) ? Optional.of(read(path, Pem::readCertificate)) : Optional.empty();
    }

    void write(String name, String pem, boolean secret) {
        Path path = file(name);
        try {
            AtomicFile.write(path, pem.getBytes(StandardCharsets.US_ASCII),
                    secret ? AtomicFile.OWNER_ONLY : AtomicFile.WORLD_READABLE);
        } catch (IOException e) {
            throw new JmkException(Reason.HOST_HOME_NOT_WRITABLE, "cannot write " + path + ": " + e.getMessage(), e);
        }
        written.add(path);
    }

    /** The files written since this object was made, in order. */
    List<Path> written() {
        return List.copyOf(written);
    }

    /** The failure for a file that exists but is not what it should be. */
    static JmkException damaged(Path path, String why) {
        return new JmkException(DAMAGED, path + ": " + why).withAdvice(DAMAGED_ADVICE);
    }

    private static <T> T read(Path path, Function<String, T> parser) {
        String text;
        try {
            text = Files.readString(path, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw damaged(path, "cannot be read (" + e.getMessage() + ")");
        }
        try {
            return parser.apply(text);
        } catch (IllegalArgumentException e) {
            throw damaged(path, "not a valid PEM file (" + e.getMessage() + ")");
        }
    }
}
