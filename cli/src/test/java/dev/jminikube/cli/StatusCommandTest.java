package dev.jminikube.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import dev.jminikube.bootstrap.ClusterConfig;
import dev.jminikube.bootstrap.ClusterStateFile;
import dev.jminikube.bootstrap.ContainerRuntime;
import dev.jminikube.bootstrap.KubernetesVersion;
import dev.jminikube.bootstrap.NetworkPlugin;
import dev.jminikube.bootstrap.NodeConfiguration;
import dev.jminikube.bootstrap.pki.ClusterPki;
import dev.jminikube.bootstrap.pki.Pem;
import dev.jminikube.core.Environment;
import dev.jminikube.core.exec.RecordingCommandRunner;
import dev.jminikube.drivers.DriverState;
import dev.jminikube.drivers.MachineConfig;
import dev.jminikube.drivers.MachineConfigFile;
import dev.jminikube.drivers.MachineStatus;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code status} of a running host with a cluster, against a fake API server (HTTPS with the cluster's own
 * certificates, demanding a client certificate like kube-apiserver) and a recording runner for the node.
 * The machine is a {@code none} machine, whose host state is read from files alone.
 */
class StatusCommandTest {
    private static final String PROFILE = "dev";

    @TempDir
    static Path pkiRoot;
    private static Path pkiDir;
    private static HttpsServer apiServer;
    private static URI apiServerUri;
    private static final AtomicInteger readyzStatus = new AtomicInteger(200);
    /** What the API server's node proxy answers for the kubelet's /healthz; 503 is its "cannot reach the kubelet". */
    private static final AtomicInteger kubeletHealthzStatus = new AtomicInteger(503);

    @TempDir
    Path home;
    private Path kubeconfig;
    private final RecordingCommandRunner node = new RecordingCommandRunner();
    private final CountDownLatch release = new CountDownLatch(1);

    @BeforeAll
    static void startApiServer() throws Exception {
        pkiDir = pkiRoot.resolve("pki");
        ClusterPki.loadOrCreate(pkiDir, clusterConfig(), Clock.fixed(Instant.now(), ZoneOffset.UTC));
        apiServer = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        apiServer.setHttpsConfigurator(new HttpsConfigurator(serverTls()) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters p = getSSLContext().getDefaultSSLParameters();
                p.setNeedClientAuth(true);
                params.setSSLParameters(p);
            }
        });
        apiServer.createContext("/readyz", ex -> {
            byte[] body = (readyzStatus.get() == 200 ? "ok" : "[-]etcd failed").getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(readyzStatus.get(), body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        apiServer.createContext("/api/v1/nodes/" + PROFILE + "/proxy/healthz", ex -> {
            byte[] body = (kubeletHealthzStatus.get() == 200 ? "ok" : "error trying to reach service: dial tcp "
                    + "10.0.2.15:10250: connect: connection refused").getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(kubeletHealthzStatus.get(), body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        apiServer.start();
        apiServerUri = URI.create("https://127.0.0.1:" + apiServer.getAddress().getPort());
    }

    @AfterAll
    static void stopApiServer() {
        apiServer.stop(0);
    }

    @BeforeEach
    void setUp() {
        readyzStatus.set(200);
        kubeletHealthzStatus.set(503);
        kubeconfig = home.resolve("kubeconfig");
    }

    @AfterEach
    void releaseHungNode() {
        release.countDown();
    }

    private static ClusterConfig clusterConfig() {
        return ClusterConfig.of(PROFILE, KubernetesVersion.of(1, 20, 2), ContainerRuntime.CONTAINERD, NetworkPlugin.CNI,
                List.of(), 40123);
    }

    /** The API server's side of TLS: its certificate from the cluster's PKI, and the cluster CA for client certificates. */
    private static SSLContext serverTls() throws Exception {
        Certificate cert = Pem.readCertificate(Files.readString(pkiDir.resolve("apiserver.crt")));
        char[] password = "test".toCharArray();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("apiserver", Pem.readPrivateKey(Files.readString(pkiDir.resolve("apiserver.key"))), password,
                new Certificate[] {cert});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, password);
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", Pem.readCertificate(Files.readString(pkiDir.resolve("ca.crt"))));
        javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance(
                javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return ctx;
    }

    /** A running none machine; with {@code cluster}, the cluster start records (cluster.json, pki/). */
    private void runningMachine(boolean cluster) throws IOException {
        Path dir = CliHarness.createdMachine(home, PROFILE, "none");
        if (cluster) {
            ClusterStateFile.write(ClusterStateFile.in(dir), ClusterStateFile.ClusterState.of(clusterConfig(), "cache"));
            Path pki = NodeConfiguration.pkiDir(dir);
            try (Stream<Path> files = Files.walk(pkiDir)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    Path copy = pki.resolve(pkiDir.relativize(f).toString());
                    if (Files.isDirectory(f)) {
                        Files.createDirectories(copy);
                    } else {
                        Files.copy(f, copy);
                    }
                }
            }
        }
    }

    private void kubeconfigPointingAt(URI server) throws IOException {
        Files.writeString(kubeconfig, """
                apiVersion: v1
                kind: Config
                clusters:
                - name: other
                  cluster: {server: "https://10.1.2.3:6443"}
                - name: %1$s
                  cluster: {server: "%2$s"}
                contexts:
                - name: %1$s
                  context: {cluster: %1$s, user: %1$s}
                current-context: %1$s
                """.formatted(PROFILE, server));
    }

    private void kubeletIs(int exitCode, String stdout) {
        node.whenRun("systemctl", "is-active", "jmk-kubelet").thenReturn(exitCode, stdout + "\n");
    }

    private CliHarness.Run status(String... extra) {
        Environment env = Environment.from(Map.of("JMINIKUBE_HOME", home.toString(), "KUBECONFIG", kubeconfig.toString(),
                "PATH", "/usr/bin:/bin"), home, "Linux", System.getProperty("os.arch"));
        String[] args = Stream.concat(Stream.of("status", "-p", PROFILE), Stream.of(extra)).toArray(String[]::new);
        return CliHarness.run(env, CliHarness.fixedReach(apiServerUri, node), args);
    }

    @Test
    void everythingRunningAndConfiguredExitsZero() throws IOException {
        runningMachine(true);
        kubeletIs(0, "active");
        kubeconfigPointingAt(apiServerUri);
        CliHarness.Run r = status();
        assertThat(r.out()).isEqualTo("dev\nhost: Running\nkubelet: Running\napiserver: Running\nkubeconfig: Configured\n");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
    }

    /** A kubelet the API server reaches needs no SSH handshake (one took longer than the budget in a busy guest). */
    @Test
    void aKubeletHealthyThroughTheApiServerIsRunningWithoutSsh() throws IOException {
        runningMachine(true);
        kubeletHealthzStatus.set(200);
        node.whenRun("systemctl").thenAnswer(argv -> {
            throw new AssertionError("SSH asked although the API server vouched for the kubelet");
        });
        kubeconfigPointingAt(apiServerUri);
        CliHarness.Run r = status();
        assertThat(r.out()).isEqualTo("dev\nhost: Running\nkubelet: Running\napiserver: Running\nkubeconfig: Configured\n");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(node.calls()).isEmpty();
    }

    @Test
    void anApiServerThatIsNotReadySetsTheClusterBit() throws IOException {
        runningMachine(true);
        kubeletIs(0, "active");
        kubeconfigPointingAt(apiServerUri);
        readyzStatus.set(500);
        CliHarness.Run r = status("-o", "json");
        assertThat(r.out().strip()).isEqualTo("{\"Name\":\"dev\",\"Host\":\"Running\",\"Kubelet\":\"Running\","
                + "\"APIServer\":\"Stopped\",\"Kubeconfig\":\"Configured\"}");
        assertThat(r.code()).isEqualTo(StatusCommand.CLUSTER_NOT_RUNNING);
    }

    @Test
    void anApiServerThatDoesNotAnswerIsStopped() throws IOException {
        runningMachine(true);
        kubeletIs(0, "active");
        URI closedPort = URI.create("https://127.0.0.1:" + freeClosedPort());
        kubeconfigPointingAt(closedPort);
        ClusterComponents c = ClusterComponents.probe(() -> closedPort, pkiDir, PROFILE, () -> node,
                ClusterComponents.BUDGET);
        assertThat(c.apiServerRunning()).isFalse();
        assertThat(c.kubeletRunning()).isTrue();
        assertThat(c.apiServer()).contains(closedPort);
    }

    /** A hung API server (accepts, never answers) costs the budget, and its address is still known for kubeconfig. */
    @Test
    void anApiServerThatHangsIsStoppedButItsAddressIsKnown() throws IOException {
        runningMachine(true);
        kubeletIs(0, "active");
        try (java.net.ServerSocket hung = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            URI uri = URI.create("https://127.0.0.1:" + hung.getLocalPort());
            ClusterComponents c = ClusterComponents.probe(() -> uri, pkiDir, PROFILE, () -> node,
                    java.time.Duration.ofMillis(600));
            assertThat(c.apiServerRunning()).isFalse();
            assertThat(c.kubeletRunning()).as("asked over SSH once the API server had half the budget").isTrue();
            assertThat(c.apiServer()).contains(uri);
        }
    }

    /** 'jminikube pause' froze the API server: its record in the node says so, and status says Paused, as minikube. */
    @Test
    void aPausedClusterSaysPausedWithTheClusterBit() throws IOException {
        runningMachine(true);
        kubeletIs(3, "inactive");
        kubeconfigPointingAt(apiServerUri);
        // A frozen API server does not answer at all; not ready is the nearest this fake API server gets.
        readyzStatus.set(500);
        node.whenRun("cat", "/run/jminikube/paused.json").thenOutput("{\"runtime\":\"containerd\",\"containers\":"
                + "[{\"id\":\"abc\",\"namespace\":\"kube-system\"}],\"units\":[\"jmk-etcd\",\"jmk-kube-apiserver\"]}");
        CliHarness.Run r = status();
        assertThat(r.out()).isEqualTo("dev\nhost: Running\nkubelet: Stopped\napiserver: Paused\nkubeconfig: Configured\n");
        assertThat(r.code()).isEqualTo(StatusCommand.CLUSTER_NOT_RUNNING);
    }

    @Test
    void aPauseOfOtherNamespacesLeavesAnUnansweringApiServerStopped() throws IOException {
        runningMachine(true);
        kubeletIs(3, "inactive");
        kubeconfigPointingAt(apiServerUri);
        readyzStatus.set(500);
        node.whenRun("cat", "/run/jminikube/paused.json").thenOutput("{\"runtime\":\"containerd\",\"containers\":"
                + "[{\"id\":\"abc\",\"namespace\":\"default\"}],\"units\":[]}");
        assertThat(status().out()).contains("apiserver: Stopped");
    }

    @Test
    void anInactiveKubeletIsStopped() throws IOException {
        runningMachine(true);
        kubeletIs(3, "inactive");
        kubeconfigPointingAt(apiServerUri);
        CliHarness.Run r = status();
        assertThat(r.out()).contains("kubelet: Stopped").contains("apiserver: Running");
        assertThat(r.code()).isEqualTo(StatusCommand.CLUSTER_NOT_RUNNING);
        // The API server could not reach it (503), so systemd was asked.
        assertThat(node.calls()).singleElement().asString().contains("systemctl is-active jmk-kubelet");
        assertThat(node.isClosed()).as("the runner is closed after the check").isTrue();
    }

    @Test
    void aNodeThatHangsCannotHangStatus() throws IOException {
        runningMachine(true);
        node.whenRun("systemctl").thenAnswer(argv -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("released");
        });
        kubeconfigPointingAt(apiServerUri);
        CliHarness.Run r = status();
        assertThat(r.out()).contains("kubelet: Stopped").contains("apiserver: Running").contains("kubeconfig: Configured");
        assertThat(r.code()).isEqualTo(StatusCommand.CLUSTER_NOT_RUNNING);
    }

    @Test
    void aKubeconfigPointingElsewhereOrWithoutTheContextIsMisconfigured() throws IOException {
        runningMachine(true);
        kubeletIs(0, "active");
        kubeconfigPointingAt(URI.create("https://127.0.0.1:1"));
        CliHarness.Run r = status();
        assertThat(r.out()).contains("kubeconfig: Misconfigured").contains("apiserver: Running");
        assertThat(r.code()).isEqualTo(StatusCommand.KUBECONFIG_NOT_CONFIGURED);

        Files.writeString(kubeconfig, "apiVersion: v1\nkind: Config\nclusters: []\ncontexts: []\n");
        assertThat(status().out()).contains("kubeconfig: Misconfigured");
        Files.delete(kubeconfig);
        assertThat(status().out()).contains("kubeconfig: Misconfigured");
        Files.writeString(kubeconfig, "- not\n- a kubeconfig\n");
        CliHarness.Run broken = status();
        assertThat(broken.out()).contains("kubeconfig: Misconfigured");
        assertThat(broken.code()).isEqualTo(StatusCommand.KUBECONFIG_NOT_CONFIGURED);
    }

    /**
     * A kubeconfig with YAML anchors: start left it alone, so the profile's context is not in it
     * (Misconfigured); one a person added through aliases is read as kubectl reads it. Status never writes.
     */
    @Test
    void aKubeconfigWithAnchorsIsReadAsKubectlReadsIt() throws IOException {
        runningMachine(true);
        kubeletIs(0, "active");
        String withoutProfile = """
                users:
                - name: a
                  user: &shared {token: t}
                - name: b
                  user: *shared
                """;
        Files.writeString(kubeconfig, withoutProfile);
        CliHarness.Run r = status();
        assertThat(r.out()).contains("kubeconfig: Misconfigured");
        assertThat(r.code()).isEqualTo(StatusCommand.KUBECONFIG_NOT_CONFIGURED);
        assertThat(Files.readString(kubeconfig)).isEqualTo(withoutProfile);

        Files.writeString(kubeconfig, """
                x-servers:
                  dev: &dev-server "%2$s"
                clusters:
                - name: %1$s
                  cluster: {server: *dev-server}
                contexts:
                - name: %1$s
                  context: {cluster: %1$s, user: %1$s}
                """.formatted(PROFILE, apiServerUri));
        assertThat(status().out()).contains("kubeconfig: Configured");
    }

    @Test
    void aRunningMachineWithoutKubernetesHasNothingElseToReport() throws IOException {
        runningMachine(false);
        CliHarness.Run r = status();
        assertThat(r.out()).isEqualTo("dev\nhost: Running\nkubelet: Irrelevant\napiserver: Irrelevant\n"
                + "kubeconfig: Irrelevant\n");
        assertThat(r.code()).isZero();
        assertThat(node.calls()).as("nothing to ask the node").isEmpty();
    }

    @Test
    void aStoppedMachineIsStoppedThroughoutWithEveryBitSet() throws IOException {
        Path dir = home.resolve("machines").resolve(PROFILE);
        MachineConfigFile.write(dir.resolve("config.yaml"), new MachineConfig(PROFILE, "qemu", 2, 2200, 20000,
                home.resolve("node.iso"), List.of(), null, true));
        CliHarness.Run r = status();
        assertThat(r.out()).isEqualTo("dev\nhost: Stopped\nkubelet: Stopped\napiserver: Stopped\nkubeconfig: Stopped\n");
        assertThat(r.code()).isEqualTo(StatusCommand.EXIT_HOST_NOT_RUNNING).isEqualTo(7);
    }

    @Test
    void exitCodesAreMinikubesBitmask() {
        MachineStatus running = MachineStatus.ofHost(PROFILE, "qemu", DriverState.RUNNING);
        assertThat(StatusCommand.exitCode(running.withComponents("Running", "Running", "Configured"))).isZero();
        assertThat(StatusCommand.exitCode(running.withComponents("Stopped", "Running", "Configured"))).isEqualTo(2);
        assertThat(StatusCommand.exitCode(running.withComponents("Running", "Stopped", "Misconfigured"))).isEqualTo(6);
        assertThat(StatusCommand.exitCode(MachineStatus.ofHost(PROFILE, "qemu", DriverState.SUSPENDED)
                .withComponents("Stopped", "Stopped", "Stopped"))).as("suspended counts as stopped").isEqualTo(7);
        assertThat(StatusCommand.exitCode(MachineStatus.ofHost(PROFILE, "qemu", DriverState.ERROR)
                .withComponents("Stopped", "Stopped", "Stopped"))).isEqualTo(7);
        assertThat(StatusCommand.exitCode(MachineStatus.ofHost(PROFILE, null, DriverState.NONEXISTENT)
                .withComponents("Nonexistent", "Nonexistent", "Nonexistent"))).isEqualTo(85);
    }

    private static int freeClosedPort() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
