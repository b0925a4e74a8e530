package dev.jminikube.bootstrap.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.jminikube.bootstrap.ClusterConfig;
import dev.jminikube.bootstrap.ContainerRuntime;
import dev.jminikube.bootstrap.GuestPaths;
import dev.jminikube.bootstrap.KubernetesVersion;
import dev.jminikube.bootstrap.NetworkPlugin;
import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One PKI is made for the class (about 16 RSA keys); tests that change it work on a copy. */
class ClusterPkiTest {
    private static final Instant NOW = SharedTestPki.NOW;
    private static final Clock CLOCK = SharedTestPki.CLOCK;
    private static final ClusterConfig CONFIG = SharedTestPki.CONFIG;
    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    private static final int SAN_DNS = 2;
    private static final int SAN_IP = 7;

    @TempDir
    Path copy;

    private static ClusterPki pki;
    private static Path shared;

    @BeforeAll
    static void createOnce() {
        pki = SharedTestPki.pki();
        shared = SharedTestPki.dir();
    }

    @Test
    void guestGetsKubeadmsFilesAndNoClientCertificates() {
        String p = GuestPaths.PKI_DIR + "/";
        Set<String> expected = Stream.of("ca", "apiserver", "apiserver-kubelet-client", "apiserver-etcd-client",
                        "front-proxy-ca", "front-proxy-client", "etcd/ca", "etcd/server", "etcd/peer", "kubelet")
                .flatMap(stem -> Stream.of(p + stem + ".crt", p + stem + ".key")).collect(Collectors.toSet());
        expected.add(p + "sa.key");
        expected.add(p + "sa.pub");
        assertThat(pki.guestFiles().keySet()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(pki.guestFiles().get(p + "sa.key")).asString().startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(pki.guestFiles().get(p + "sa.pub")).asString().startsWith("-----BEGIN PUBLIC KEY-----");
    }

    @Test
    void everyLeafChainsToItsCa() throws Exception {
        X509Certificate clusterCa = guestCert("ca.crt");
        X509Certificate frontProxyCa = guestCert("front-proxy-ca.crt");
        X509Certificate etcdCa = guestCert("etcd/ca.crt");
        assertThat(clusterCa.getSubjectX500Principal().getName()).isEqualTo("CN=jminikubeCA");
        assertThat(clusterCa.getBasicConstraints()).isGreaterThanOrEqualTo(0);
        assertThat(clusterCa.getKeyUsage()[5]).as("keyCertSign").isTrue();
        assertThat(frontProxyCa.getSubjectX500Principal().getName()).isEqualTo("CN=front-proxy-ca");
        assertThat(Duration.between(NOW, clusterCa.getNotAfter().toInstant())).isGreaterThan(Duration.ofDays(3600));

        for (String leaf : List.of("apiserver", "apiserver-kubelet-client", "kubelet")) {
            assertChains(guestCert(leaf + ".crt"), clusterCa);
        }
        for (String leaf : List.of("apiserver-etcd-client", "etcd/server", "etcd/peer")) {
            assertChains(guestCert(leaf + ".crt"), etcdCa);
        }
        assertChains(guestCert("front-proxy-client.crt"), frontProxyCa);
        for (ClientIdentity client : ClientIdentity.values()) {
            assertChains(clientCert(client), clusterCa);
        }
    }

    @Test
    void leavesAreValidForYearsWithRandomSerialsAndKeyIdentifiers() {
        X509Certificate apiserver = guestCert("apiserver.crt");
        assertThat(Duration.between(NOW, apiserver.getNotAfter().toInstant())).isGreaterThan(Duration.ofDays(365));
        assertThat(apiserver.getBasicConstraints()).isEqualTo(-1);
        assertThat(apiserver.getSigAlgName()).isEqualTo("SHA256withRSA");
        assertThat(((RSAKey) apiserver.getPublicKey()).getModulus().bitLength()).isEqualTo(2048);
        assertThat(apiserver.getExtensionValue("2.5.29.14")).as("subject key identifier").isNotNull();
        assertThat(apiserver.getExtensionValue("2.5.29.35")).as("authority key identifier").isNotNull();
        assertThat(apiserver.getSerialNumber()).isNotEqualTo(guestCert("kubelet.crt").getSerialNumber());
    }

    @Test
    void apiServerCertificateNamesEveryWayToReachIt() throws Exception {
        X509Certificate apiserver = guestCert("apiserver.crt");
        assertThat(cn(apiserver)).isEqualTo("kube-apiserver");
        assertThat(sans(apiserver, SAN_DNS)).containsExactlyInAnyOrder("kubernetes", "kubernetes.default",
                "kubernetes.default.svc", "kubernetes.default.svc.cluster.local", "localhost",
                "control-plane.minikube.internal", "dev");
        assertThat(sans(apiserver, SAN_IP)).containsExactlyInAnyOrder("127.0.0.1", "10.0.2.15", "10.96.0.1",
                "10.0.0.1");
        assertThat(apiserver.getExtendedKeyUsage()).containsExactly(SERVER_AUTH);
    }

    @Test
    void etcdAndKubeletServingCertificatesNameTheNode() throws Exception {
        for (String name : List.of("etcd/server.crt", "etcd/peer.crt")) {
            X509Certificate etcd = guestCert(name);
            assertThat(sans(etcd, SAN_DNS)).containsExactlyInAnyOrder("localhost", "dev");
            assertThat(sans(etcd, SAN_IP)).containsExactlyInAnyOrder("127.0.0.1", "10.0.2.15");
            assertThat(etcd.getExtendedKeyUsage()).containsExactlyInAnyOrder(SERVER_AUTH, CLIENT_AUTH);
        }
        X509Certificate kubelet = guestCert("kubelet.crt");
        assertThat(cn(kubelet)).isEqualTo("dev");
        assertThat(sans(kubelet, SAN_DNS)).containsExactlyInAnyOrder("localhost", "dev");
        assertThat(sans(kubelet, SAN_IP)).containsExactlyInAnyOrder("127.0.0.1", "10.0.2.15");
        assertThat(kubelet.getExtendedKeyUsage()).containsExactly(SERVER_AUTH);
    }

    @Test
    void clientCertificatesCarryTheIdentitiesRbacExpects() throws Exception {
        assertClient(clientCert(ClientIdentity.ADMIN), "kubernetes-admin", "system:masters");
        assertClient(clientCert(ClientIdentity.CONTROLLER_MANAGER), "system:kube-controller-manager", null);
        assertClient(clientCert(ClientIdentity.SCHEDULER), "system:kube-scheduler", null);
        assertClient(clientCert(ClientIdentity.KUBELET), "system:node:dev", "system:nodes");
        assertClient(clientCert(ClientIdentity.KUBE_PROXY), "system:kube-proxy", null);
        assertClient(guestCert("apiserver-kubelet-client.crt"), "kube-apiserver-kubelet-client", "system:masters");
        assertClient(guestCert("apiserver-etcd-client.crt"), "kube-apiserver-etcd-client", null);
        assertClient(guestCert("front-proxy-client.crt"), "front-proxy-client", null);
    }

    @Test
    void clientKeysBelongToTheirCertificates() {
        for (ClientIdentity client : ClientIdentity.values()) {
            PrivateKey key = Pem.readPrivateKey(pki.client(client).privateKeyPem());
            assertThat(((RSAKey) key).getModulus()).isEqualTo(((RSAKey) clientCert(client).getPublicKey()).getModulus());
        }
    }

    @Test
    void keysAreOwnerOnlyAndCertificatesReadable() throws IOException {
        Path dir = shared;
        assumeThat(dir.getFileSystem().supportedFileAttributeViews()).contains("posix");
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
                String expected = file.toString().endsWith(".key") ? "rw-------" : "rw-r--r--";
                assertThat(mode).as(file.toString()).isEqualTo(expected);
            }
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
    }

    @Test
    void leavesNoTemporaryFiles() throws IOException {
        try (Stream<Path> files = Files.walk(shared)) {
            assertThat(files.map(f -> f.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
    }

    @Test
    void loadingAgainKeepsEverything() throws IOException {
        Path dir = copyOfShared();
        ClusterPki again = ClusterPki.loadOrCreate(dir, CONFIG, CLOCK);
        assertThat(again.changes()).isEmpty();
        assertThat(again.writtenFiles()).isEmpty();
        assertThat(serial(again, "ca.crt")).isEqualTo(serial(pki, "ca.crt"));
        assertThat(serial(again, "apiserver.crt")).isEqualTo(serial(pki, "apiserver.crt"));
        assertThat(again.guestFiles().get(GuestPaths.PKI_DIR + "/sa.key"))
                .isEqualTo(pki.guestFiles().get(GuestPaths.PKI_DIR + "/sa.key"));
        assertThat(again.caCertificatePem()).isEqualTo(pki.caCertificatePem());
    }

    @Test
    void newNodeIpReissuesTheCertificatesNamingItAndKeepsTheCas() throws Exception {
        Path dir = copyOfShared();
        ClusterConfig moved = new ClusterConfig("dev", "dev", CONFIG.version(), CONFIG.runtime(),
                CONFIG.networkPlugin(), List.of(), "10.0.2.16", 8443, 40123, "10.96.0.0/12", "10.244.0.0/16",
                "10.96.0.10", "cluster.local");
        ClusterPki again = ClusterPki.loadOrCreate(dir, moved, CLOCK);

        assertThat(again.changes()).extracting(c -> c.substring(0, c.indexOf(':')))
                .containsExactlyInAnyOrder("apiserver", "etcd/server", "etcd/peer", "kubelet");
        assertThat(sans(cert(again, "apiserver.crt"), SAN_IP)).contains("10.0.2.16").doesNotContain("10.0.2.15");
        assertThat(serial(again, "apiserver.crt")).isNotEqualTo(serial(pki, "apiserver.crt"));
        assertThat(serial(again, "ca.crt")).isEqualTo(serial(pki, "ca.crt"));
        assertThat(serial(again, "etcd/ca.crt")).isEqualTo(serial(pki, "etcd/ca.crt"));
        assertThat(serial(again, "front-proxy-client.crt")).isEqualTo(serial(pki, "front-proxy-client.crt"));
        assertThat(Files.readString(dir.resolve("apiserver.crt")))
                .isEqualTo(new String(again.guestFiles().get(GuestPaths.PKI_DIR + "/apiserver.crt"),
                        StandardCharsets.US_ASCII));
    }

    /**
     * A docker node's dockerd trusts a CA of its own, which signs only docker-env's client: a cluster client (kubelet,
     * kube-proxy, admin) cannot open the node's dockerd, and the docker CA's key never leaves the host.
     */
    @Test
    void aDockerNodesDockerdHasACaOfItsOwnWhoseKeyStaysOnTheHost() throws Exception {
        Path dir = copyOfShared();
        ClusterConfig docker = ClusterConfig.of("dev", KubernetesVersion.of(1, 20, 2), ContainerRuntime.DOCKER,
                NetworkPlugin.CNI, List.of(), 40123);
        ClusterPki withDocker = ClusterPki.loadOrCreate(dir, docker, CLOCK);

        String p = GuestPaths.PKI_DIR + "/";
        assertThat(withDocker.guestFiles()).containsKeys(p + "docker/ca.crt", p + "docker-server.crt", p + "docker-server.key")
                .doesNotContainKeys(p + "docker/ca.key", p + "clients/docker.crt", p + "clients/docker.key");
        assertThat(withDocker.changes()).extracting(c -> c.substring(0, c.indexOf(':')))
                .containsExactlyInAnyOrder("docker/ca", "docker-server", "clients/docker");
        X509Certificate dockerCa = cert(withDocker, "docker/ca.crt");
        assertThat(cn(dockerCa)).isEqualTo("jminikube-docker-ca");
        assertChains(cert(withDocker, "docker-server.crt"), dockerCa);
        ClusterPki.Credentials client = ClusterPki.readDockerClient(dir);
        assertThat(Pem.readCertificate(client.caPem())).isEqualTo(dockerCa);
        X509Certificate clientCert = Pem.readCertificate(client.client().certificatePem());
        assertClient(clientCert, "docker-env", null);
        assertChains(clientCert, dockerCa);
        X509Certificate clusterCa = cert(withDocker, "ca.crt");
        assertThatThrownBy(() -> assertChains(cert(withDocker, "docker-server.crt"), clusterCa))
                .as("not the cluster CA's").isInstanceOf(java.security.GeneralSecurityException.class);
        assertThatThrownBy(() -> assertChains(clientCert(ClientIdentity.KUBELET), dockerCa))
                .as("kubelet's certificate does not open dockerd").isInstanceOf(java.security.GeneralSecurityException.class);
        assertThat(pki.guestFiles().keySet()).as("a containerd node has no docker CA").noneMatch(f -> f.contains("docker"));
    }

    @Test
    void certificatesExpiringWithinThirtyDaysAreRenewedButCasKept() {
        PkiDirectory store = new PkiDirectory(shared);
        KeyAndCertificate apiserver = store.loadPair("apiserver").orElseThrow();
        KeyAndCertificate ca = store.loadPair("ca").orElseThrow();
        CertificateSpec spec = CertificatePlan.forCluster(CONFIG).get(0);
        Instant expiry = apiserver.certificate().getNotAfter().toInstant();

        assertThat(Renewal.leafProblem(apiserver, spec, ca, expiry.minus(Duration.ofDays(31)))).isEmpty();
        assertThat(Renewal.leafProblem(apiserver, spec, ca, expiry.minus(Duration.ofDays(29))))
                .hasValueSatisfying(why -> assertThat(why).startsWith("it expires"));
        assertThat(Renewal.authorityProblem(ca, expiry)).isEmpty();
        assertThat(Renewal.leafProblem(apiserver, spec, store.loadPair("etcd/ca").orElseThrow(), NOW))
                .hasValueSatisfying(why -> assertThat(why).contains("not signed by"));
    }

    @Test
    void lostServiceAccountPublicKeyIsDerivedFromThePrivateKey() throws IOException {
        Path dir = copyOfShared();
        Files.delete(dir.resolve("sa.pub"));
        ClusterPki again = ClusterPki.loadOrCreate(dir, CONFIG, CLOCK);

        assertThat(again.changes()).containsExactly("sa.pub: derived from sa.key");
        PublicKey pub = Pem.readPublicKey(Files.readString(dir.resolve("sa.pub")));
        assertThat(((RSAKey) pub).getModulus())
                .isEqualTo(((RSAKey) Pem.readPrivateKey(Files.readString(dir.resolve("sa.key")))).getModulus());
    }

    @Test
    void damagedPemIsAnErrorNamingTheFile() throws IOException {
        Path dir = copyOfShared();
        Path damaged = dir.resolve("etcd/server.crt");
        Files.writeString(damaged, "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----\n");

        assertThatThrownBy(() -> ClusterPki.loadOrCreate(dir, CONFIG, CLOCK))
                .isInstanceOfSatisfying(JmkException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.K8S_CERTS_INVALID);
                    assertThat(e.advice()).contains("Remove the damaged file");
                })
                .hasMessageStartingWith(damaged + ": not a valid PEM file");
        assertThat(Files.readString(damaged)).contains("bm90IGEgY2VydA==");
    }

    @Test
    void notPemAtAllIsAnErrorNamingTheFile() throws IOException {
        Path dir = copyOfShared();
        Files.write(dir.resolve("ca.key"), new byte[] {0, 1, 2, (byte) 0xff});

        assertThatThrownBy(() -> ClusterPki.loadOrCreate(dir, CONFIG, CLOCK))
                .isInstanceOf(JmkException.class)
                .hasMessage(dir.resolve("ca.key") + ": not a valid PEM file (no PRIVATE KEY block)");
    }

    private Path copyOfShared() throws IOException {
        return SharedTestPki.copyTo(copy.resolve("pki"));
    }

    /** A worker (issue 18) gets the CA's certificate but not its key, and kubelet pairs of its own. */
    @Test
    void aWorkerGetsItsOwnKubeletPairsAndNoSecretOfTheControlPlane() throws Exception {
        Path dir = copyOfShared();
        ClusterConfig worker = CONFIG.forNode(new dev.jminikube.core.nodes.NodeSlot(2));
        ClusterPki joined = ClusterPki.loadForWorker(dir, worker, CLOCK);
        String p = GuestPaths.PKI_DIR + "/";
        assertThat(joined.guestFiles()).containsOnlyKeys(p + "ca.crt", p + "kubelet.crt", p + "kubelet.key");
        assertThat(joined.guestFiles().get(p + "ca.crt")).isEqualTo(pki.guestFiles().get(p + "ca.crt"));
        X509Certificate ca = guestCert("ca.crt");
        X509Certificate serving = cert(joined, "kubelet.crt");
        assertChains(serving, ca);
        assertThat(cn(serving)).isEqualTo("dev-m02");
        assertThat(sans(serving, SAN_DNS)).containsExactly("dev-m02", "localhost");
        assertThat(sans(serving, SAN_IP)).containsExactly("10.0.3.3", "127.0.0.1");
        X509Certificate kubelet = Pem.readCertificate(joined.client(ClientIdentity.KUBELET).certificatePem());
        assertChains(kubelet, ca);
        assertClient(kubelet, "system:node:dev-m02", "system:nodes");
        assertThat(joined.client(ClientIdentity.KUBE_PROXY)).as("kube-proxy's one identity")
                .isEqualTo(pki.client(ClientIdentity.KUBE_PROXY));
        assertThat(joined.client(ClientIdentity.ADMIN)).isNull();
        assertThat(Files.exists(dir.resolve("nodes/dev-m02/kubelet.crt"))).isTrue();
        assertThat(Files.exists(dir.resolve("nodes/dev-m02/clients/kubelet.key"))).isTrue();
        assertThat(joined.changes()).hasSize(2).allMatch(c -> c.startsWith("nodes/dev-m02/"));

        ClusterPki again = ClusterPki.loadForWorker(dir, worker, CLOCK);
        assertThat(again.changes()).as("a second join issues nothing").isEmpty();
        assertThat(serial(again, "kubelet.crt")).isEqualTo(serving.getSerialNumber());
        assertThat(ClusterPki.loadOrCreate(dir, CONFIG, CLOCK).changes()).as("the control plane's PKI is untouched")
                .isEmpty();
    }

    @Test
    void aWorkerCannotJoinWithoutTheClusterCa(@TempDir Path empty) {
        ClusterConfig worker = CONFIG.forNode(new dev.jminikube.core.nodes.NodeSlot(2));
        assertThatThrownBy(() -> ClusterPki.loadForWorker(empty, worker, CLOCK))
                .isInstanceOfSatisfying(JmkException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.K8S_CERTS_INVALID);
                    assertThat(e.getMessage()).contains("node dev-m02 cannot join").contains("is missing");
                    assertThat(e.advice()).contains("jminikube start -p dev");
                });
        assertThat(empty).isEmptyDirectory();
    }

    private static void assertChains(X509Certificate leaf, X509Certificate ca) throws Exception {
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(ca, null)));
        params.setRevocationEnabled(false);
        params.setDate(Date.from(NOW));
        CertPathValidator.getInstance("PKIX").validate(factory.generateCertPath(List.of(leaf)), params);
        leaf.verify(ca.getPublicKey());
    }

    private static void assertClient(X509Certificate cert, String cn, String organization) throws Exception {
        assertThat(cn(cert)).isEqualTo(cn);
        List<String> orgs = new LdapName(cert.getSubjectX500Principal().getName()).getRdns().stream()
                .filter(r -> r.getType().equals("O")).map(r -> r.getValue().toString()).toList();
        assertThat(orgs).isEqualTo(organization == null ? List.of() : List.of(organization));
        assertThat(cert.getExtendedKeyUsage()).containsExactly(CLIENT_AUTH);
        assertThat(cert.getSubjectAlternativeNames()).isNull();
    }

    private static String cn(X509Certificate cert) throws Exception {
        return new LdapName(cert.getSubjectX500Principal().getName()).getRdns().stream()
                .filter(r -> r.getType().equals("CN")).map(Rdn::getValue).map(Object::toString).findFirst()
                .orElseThrow();
    }

    private static List<String> sans(X509Certificate cert, int type) throws Exception {
        return cert.getSubjectAlternativeNames().stream().filter(s -> (Integer) s.get(0) == type)
                .map(s -> (String) s.get(1)).toList();
    }

    private static X509Certificate guestCert(String name) {
        return cert(pki, name);
    }

    private static X509Certificate cert(ClusterPki from, String name) {
        Map<String, byte[]> files = from.guestFiles();
        byte[] pem = files.get(GuestPaths.PKI_DIR + "/" + name);
        assertThat(pem).as(name).isNotNull();
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(pem));
        } catch (Exception e) {
            throw new AssertionError(name, e);
        }
    }

    private static X509Certificate clientCert(ClientIdentity client) {
        return Pem.readCertificate(pki.client(client).certificatePem());
    }

    private static Object serial(ClusterPki from, String name) {
        return cert(from, name).getSerialNumber();
    }
}
