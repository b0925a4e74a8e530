package dev.jminikube.bootstrap.pki;

import dev.jminikube.bootstrap.ClusterConfig;
import dev.jminikube.bootstrap.GuestPaths;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.RSAKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.RSAPublicKeySpec;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A cluster's certificates and keys, kept in a host directory (the profile's {@code pki/}) in
 * kubeadm's layout and shipped from there to the guest's {@link GuestPaths#PKI_DIR}.
 *
 * <p>The CAs ({@link Authority}) and the service-account key are made once and then kept, so
 * restarts keep kubectl's trust and service-account tokens valid. Leaf certificates are reissued when
 * missing, expiring within 30 days, not signed by the current CA, or no longer naming what the
 * configuration asks (another node IP, node name, service range). A file that exists but cannot be
 * read as PEM is an error naming it, never silently replaced.
 */
public final class ClusterPki {
    static final String SA_KEY = "sa.key";
    static final String SA_PUB = "sa.pub";
    /** kubelet's serving pair, in the guest's PKI directory of every node (the KubeletConfiguration names it). */
    static final String KUBELET_SERVING_STEM = "kubelet";

    private final String caCertificatePem;
    private final Map<String, String> guestFiles;
    private final Map<ClientIdentity, ClientCredentials> clients;
    private final List<String> changes;
    private final List<Path> written;

    private ClusterPki(String caCertificatePem, Map<String, String> guestFiles,
                       Map<ClientIdentity, ClientCredentials> clients, List<String> changes, List<Path> written) {
        this.caCertificatePem = caCertificatePem;
        this.guestFiles = Collections.unmodifiableMap(guestFiles);
        this.clients = Collections.unmodifiableMap(clients);
        this.changes = List.copyOf(changes);
        this.written = List.copyOf(written);
    }

    /**
     * Reads the PKI in {@code dir}, creating what is missing and reissuing what no longer fits
     * {@code config} at {@code clock}'s time. Creates {@code dir} (mode 0700) if needed.
     *
     * @throws dev.jminikube.core.JmkException naming the file when a PEM file is damaged, or when
     *                                         {@code dir} cannot be written
     */
    public static ClusterPki loadOrCreate(Path dir, ClusterConfig config, Clock clock) {
        return new Loader(new PkiDirectory(dir), clock.instant()).load(config);
    }

    /**
     * A worker's view of the PKI in {@code dir} (issue 18): the cluster CA's certificate (never its key), the worker's
     * kubelet serving pair as the guest's {@code kubelet.crt}/{@code kubelet.key}, and the kubelet (as
     * {@code system:node:<worker>}) and kube-proxy client pairs; the worker's own pairs are issued or reissued as
     * {@link #loadOrCreate} does ({@link CertificatePlan#forWorker}). The CA is not made here: a worker joins a
     * cluster whose control plane has started.
     *
     * @param worker the cluster's configuration as the worker sees it ({@link dev.jminikube.bootstrap.ClusterNodes#node})
     */
    public static ClusterPki loadForWorker(Path dir, ClusterConfig worker, Clock clock) {
        return new Loader(new PkiDirectory(dir), clock.instant()).loadWorker(dir, worker);
    }

    /** A CA certificate and a client pair it signed, as the host's own commands need them. */
    public record Credentials(String caPem, ClientCredentials client) {
    }

    /**
     * Reads the CA certificate and the admin client pair from a PKI directory without checking or
     * issuing anything (for commands that talk to a running cluster: service, addons).
     */
    public static Credentials readAdmin(Path dir) {
        return read(dir, Authority.CLUSTER.fileStem(), ClientIdentity.ADMIN.fileStem(), "the cluster's admin credentials",
                null);
    }

    /**
     * The docker CA certificate and docker-env's client pair (docker runtime only), read as {@link #readAdmin} reads
     * the admin's; a cluster started before dockerd had a CA of its own lacks them until its next start.
     */
    public static Credentials readDockerClient(Path dir) {
        return read(dir, Authority.DOCKER.fileStem(), CertificatePlan.DOCKER_CLIENT, "docker-env's client certificate",
                "'jminikube start' for the profile makes it (clusters started before jminikube gave dockerd a CA of "
                        + "its own lack it).");
    }

    /** A CA certificate and a client pair from the PKI directory, K8S_CERTS_INVALID naming {@code what} if unreadable. */
    private static Credentials read(Path dir, String caStem, String clientStem, String what, String advice) {
        try {
            String ca = java.nio.file.Files.readString(dir.resolve(caStem + ".crt"));
            return new Credentials(ca, new ClientCredentials(java.nio.file.Files.readString(dir.resolve(clientStem + ".crt")),
                    java.nio.file.Files.readString(dir.resolve(clientStem + ".key"))));
        } catch (java.io.IOException e) {
            dev.jminikube.core.JmkException failure = new dev.jminikube.core.JmkException(
                    dev.jminikube.core.Reason.K8S_CERTS_INVALID, "cannot read " + what + " in " + dir + ": " + e.getMessage());
            throw advice == null ? failure : failure.withAdvice(advice);
        }
    }

    public String caCertificatePem() {
        return caCertificatePem;
    }

    /**
     * Every file the guest needs, guest path to PEM bytes, in path order: the CAs with their keys,
     * the API server's, etcd's, the front proxy's and kubelet's serving certificates, and
     * {@code sa.key}/{@code sa.pub}. Paths ending in {@code .key} are secret (mode 0600 in the guest).
     * The client certificates are not among them: they reach the guest inside kubeconfig files.
     */
    public Map<String, byte[]> guestFiles() {
        Map<String, byte[]> copy = new LinkedHashMap<>();
        guestFiles.forEach((path, pem) -> copy.put(path, pem.getBytes(StandardCharsets.US_ASCII)));
        return copy;
    }

    /** The client certificate and key of {@code identity}, for its kubeconfig. */
    public ClientCredentials client(ClientIdentity identity) {
        return clients.get(identity);
    }

    /** What this call created or reissued and why, one line each (e.g. {@code apiserver: reissued, ...}); empty if nothing. */
    public List<String> changes() {
        return changes;
    }

    /** The host files this call wrote. */
    public List<Path> writtenFiles() {
        return written;
    }

    /** One run of {@link #loadOrCreate}: the directory, the time, and what it has found or made so far. */
    private static final class Loader {
        private final PkiDirectory store;
        private final Instant now;
        private final CertificateIssuer issuer = new CertificateIssuer();
        private final Map<Authority, KeyAndCertificate> authorities = new EnumMap<>(Authority.class);
        private final Map<String, String> guestFiles = new TreeMap<>();
        private final Map<ClientIdentity, ClientCredentials> clients = new EnumMap<>(ClientIdentity.class);
        private final List<String> changes = new ArrayList<>();

        Loader(PkiDirectory store, Instant now) {
            this.store = store;
            this.now = now;
        }

        ClusterPki load(ClusterConfig config) {
            List<CertificateSpec> plan = CertificatePlan.forCluster(config);
            for (Authority authority : Authority.values()) {
                if (authority == Authority.DOCKER && plan.stream().noneMatch(s -> s.signer() == authority)) {
                    continue; // made only for a node that runs dockerd's TLS port
                }
                KeyAndCertificate ca = authority(authority);
                authorities.put(authority, ca);
                if (authority == Authority.DOCKER) {
                    guestFiles.put(GuestPaths.PKI_DIR + "/" + authority.fileStem() + ".crt", Pem.certificate(ca.certificate()));
                } else {
                    ship(authority.fileStem(), ca);
                }
            }
            serviceAccountKeys();
            Map<String, ClientIdentity> clientStems = new LinkedHashMap<>();
            for (ClientIdentity identity : ClientIdentity.values()) {
                clientStems.put(identity.fileStem(), identity);
            }
            for (CertificateSpec spec : plan) {
                KeyAndCertificate leaf = leaf(spec);
                ClientIdentity client = clientStems.get(spec.fileStem());
                if (spec.fileStem().equals(CertificatePlan.DOCKER_CLIENT)) {
                    continue; // the host's docker-env reads it from the PKI directory (readDockerClient)
                } else if (client == null) {
                    ship(spec.fileStem(), leaf);
                } else {
                    clients.put(client, credentials(leaf));
                }
            }
            return new ClusterPki(Pem.certificate(authorities.get(Authority.CLUSTER).certificate()), guestFiles,
                    clients, changes, store.written());
        }

        ClusterPki loadWorker(Path dir, ClusterConfig worker) {
            Optional<KeyAndCertificate> ca = store.loadPair(Authority.CLUSTER.fileStem());
            Optional<String> problem = ca.isEmpty() ? Optional.of("missing")
                    : Renewal.authorityProblem(ca.get(), now);
            if (problem.isPresent()) {
                throw new dev.jminikube.core.JmkException(dev.jminikube.core.Reason.K8S_CERTS_INVALID, "node "
                        + worker.nodeName() + " cannot join: the cluster CA in " + dir + " is " + problem.get())
                        .withAdvice("Start the control plane first ('jminikube start -p " + worker.profile() + "').");
            }
            authorities.put(Authority.CLUSTER, ca.get());
            guestFiles.put(GuestPaths.PKI_DIR + "/" + Authority.CLUSTER.fileStem() + ".crt",
                    Pem.certificate(ca.get().certificate()));
            CertificatePlan.WorkerCertificates certificates = CertificatePlan.forWorker(worker);
            ship(KUBELET_SERVING_STEM, leaf(certificates.kubeletServing()));
            clients.put(ClientIdentity.KUBELET, credentials(leaf(certificates.kubeletClient())));
            clients.put(ClientIdentity.KUBE_PROXY, credentials(leaf(certificates.kubeProxyClient())));
            return new ClusterPki(Pem.certificate(ca.get().certificate()), guestFiles, clients, changes,
                    store.written());
        }

        private static ClientCredentials credentials(KeyAndCertificate pair) {
            return new ClientCredentials(Pem.certificate(pair.certificate()), Pem.privateKey(pair.key()));
        }

        private KeyAndCertificate authority(Authority authority) {
            Optional<KeyAndCertificate> stored = store.loadPair(authority.fileStem());
            Optional<String> problem = stored.isEmpty() ? Optional.of("missing")
                    : Renewal.authorityProblem(stored.get(), now);
            if (problem.isEmpty()) {
                return stored.get();
            }
            KeyAndCertificate ca = issuer.newAuthority(authority.commonName(), now);
            store.savePair(authority.fileStem(), ca);
            changes.add(authority.fileStem() + ": created, " + problem.get());
            return ca;
        }

        private KeyAndCertificate leaf(CertificateSpec spec) {
            KeyAndCertificate ca = authorities.get(spec.signer());
            Optional<KeyAndCertificate> stored = store.loadPair(spec.fileStem());
            Optional<String> problem = stored.isEmpty() ? Optional.of("missing")
                    : Renewal.leafProblem(stored.get(), spec, ca, now);
            if (problem.isEmpty()) {
                return stored.get();
            }
            KeyAndCertificate leaf = issuer.issue(spec, ca, now);
            store.savePair(spec.fileStem(), leaf);
            changes.add(spec.fileStem() + ": issued, " + problem.get());
            return leaf;
        }

        /**
         * The key pair the API server signs service-account tokens with and verifies them by. The
         * private key is authoritative: a lost or stale sa.pub is derived from it again.
         */
        private void serviceAccountKeys() {
            Optional<PrivateKey> storedKey = store.loadPrivateKey(SA_KEY);
            PrivateKey key;
            PublicKey pub;
            if (storedKey.isEmpty()) {
                KeyPair pair = issuer.newKeyPair();
                key = pair.getPrivate();
                pub = pair.getPublic();
                store.write(SA_KEY, Pem.privateKey(key), true);
                store.write(SA_PUB, Pem.publicKey(pub), false);
                changes.add("sa: created");
            } else {
                key = storedKey.get();
                Optional<PublicKey> storedPub = store.loadPublicKey(SA_PUB);
                if (storedPub.isPresent() && matches(storedPub.get(), key)) {
                    pub = storedPub.get();
                } else {
                    pub = publicKeyOf(key);
                    store.write(SA_PUB, Pem.publicKey(pub), false);
                    changes.add("sa.pub: derived from sa.key");
                }
            }
            guestFiles.put(GuestPaths.PKI_DIR + "/" + SA_KEY, Pem.privateKey(key));
            guestFiles.put(GuestPaths.PKI_DIR + "/" + SA_PUB, Pem.publicKey(pub));
        }

        private PublicKey publicKeyOf(PrivateKey key) {
            if (!(key instanceof RSAPrivateCrtKey rsa)) {
                throw PkiDirectory.damaged(store.file(SA_KEY), "not an RSA private key with its public exponent");
            }
            try {
                return KeyFactory.getInstance("RSA")
                        .generatePublic(new RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent()));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("cannot derive the RSA public key: " + e.getMessage(), e);
            }
        }

        private static boolean matches(PublicKey pub, PrivateKey key) {
            return pub instanceof RSAKey p && key instanceof RSAKey k && p.getModulus().equals(k.getModulus());
        }

        private void ship(String stem, KeyAndCertificate pair) {
            guestFiles.put(GuestPaths.PKI_DIR + "/" + stem + ".crt", Pem.certificate(pair.certificate()));
            guestFiles.put(GuestPaths.PKI_DIR + "/" + stem + ".key", Pem.privateKey(pair.key()));
        }
    }
}
