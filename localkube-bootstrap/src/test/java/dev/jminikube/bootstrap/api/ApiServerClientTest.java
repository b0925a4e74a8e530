package dev.jminikube.bootstrap.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import dev.jminikube.bootstrap.pki.ClusterPki;
import dev.jminikube.bootstrap.pki.SharedTestPki;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client against a local HTTPS server that presents the cluster's API server certificate and,
 * like kube-apiserver, demands a client certificate signed by the cluster CA.
 */
class ApiServerClientTest {
    record Request(String method, String path, String contentType, String body, String clientSubject) {
    }

    private static HttpsServer server;
    private static URI base;
    private static final List<Request> requests = new CopyOnWriteArrayList<>();
    private static final Map<String, Integer> statuses = new ConcurrentHashMap<>();
    private static final Map<String, String> bodies = new ConcurrentHashMap<>();

    @TempDir
    static Path otherPkiDir;
    private static ClusterPki.Credentials cluster;
    private static ClusterPki.Credentials other;

    @BeforeAll
    static void startServer() throws Exception {
        Path dir = SharedTestPki.dir();
        SharedTestPki.pki();
        cluster = ClusterPki.readAdmin(dir);
        SSLContext serverTls = ApiServerClient.sslContext(cluster.caPem(),
                Files.readString(dir.resolve("apiserver.crt")), Files.readString(dir.resolve("apiserver.key")));
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(serverTls) {
            @Override
            public void configure(HttpsParameters params) {
                javax.net.ssl.SSLParameters p = getSSLContext().getDefaultSSLParameters();
                p.setNeedClientAuth(true);
                params.setSSLParameters(p);
            }
        });
        server.createContext("/", ApiServerClientTest::handle);
        server.start();
        base = URI.create("https://127.0.0.1:" + server.getAddress().getPort());

        // A second, unrelated cluster: same names, different CA.
        ClusterPki.loadOrCreate(otherPkiDir.resolve("pki"), SharedTestPki.CONFIG, SharedTestPki.CLOCK);
        other = ClusterPki.readAdmin(otherPkiDir.resolve("pki"));
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.stop(0);
        }
    }

    private static void handle(HttpExchange ex) throws IOException {
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String subject = ex instanceof com.sun.net.httpserver.HttpsExchange https
                ? ((java.security.cert.X509Certificate) https.getSSLSession().getPeerCertificates()[0])
                        .getSubjectX500Principal().getName()
                : "";
        String path = ex.getRequestURI().getPath();
        requests.add(new Request(ex.getRequestMethod(), path, ex.getRequestHeaders().getFirst("Content-Type"), body,
                subject));
        byte[] answer = bodies.getOrDefault(path, "ok").getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(statuses.getOrDefault(path, 200), answer.length);
        ex.getResponseBody().write(answer);
        ex.close();
    }

    private static ApiServerClient client() {
        return new ApiServerClient(base, cluster.caPem(), cluster.client().certificatePem(),
                cluster.client().privateKeyPem());
    }

    @Test
    void getReadyzWithTheAdminCertificate() throws Exception {
        ApiServerClient.Response r = client().get("/readyz");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.ok()).isTrue();
        assertThat(r.body()).isEqualTo("ok");
        Request seen = requests.stream().filter(q -> q.path().equals("/readyz")).reduce((a, b) -> b).orElseThrow();
        assertThat(seen.method()).isEqualTo("GET");
        assertThat(seen.clientSubject()).contains("CN=kubernetes-admin").contains("O=system:masters");
    }

    @Test
    void nonSuccessStatusIsReturnedNotThrown() throws Exception {
        statuses.put("/livez", 500);
        bodies.put("/livez", "[-]etcd failed");
        ApiServerClient.Response r = client().get("/livez");
        assertThat(r.ok()).isFalse();
        assertThat(r.status()).isEqualTo(500);
        assertThat(r.body()).isEqualTo("[-]etcd failed");
    }

    @Test
    void mergePatchSendsAMergePatch() throws Exception {
        String patch = "{\"metadata\":{\"labels\":{\"node-role.kubernetes.io/control-plane\":\"\"}}}";
        ApiServerClient.Response r = client().mergePatch("/api/v1/nodes/dev", patch);
        assertThat(r.ok()).isTrue();
        Request seen = requests.stream().filter(q -> q.path().equals("/api/v1/nodes/dev")
                && q.method().equals("PATCH")).findFirst().orElseThrow();
        assertThat(seen.contentType()).isEqualTo("application/merge-patch+json");
        assertThat(seen.body()).isEqualTo(patch);
    }

    @Test
    void aServerCertificateFromAnotherCaIsNotTrusted() {
        // The other cluster's CA and admin certificate: the client must refuse our server's certificate,
        // which proves it trusts only the CA it was given (not the JDK's store, not any CA).
        ApiServerClient stranger = new ApiServerClient(base, other.caPem(), other.client().certificatePem(),
                other.client().privateKeyPem());
        int before = requests.size();
        assertThatThrownBy(() -> stranger.get("/readyz")).isInstanceOf(IOException.class)
                .satisfies(e -> assertThat(causes(e)).anyMatch(c -> c instanceof javax.net.ssl.SSLException));
        assertThat(requests).hasSize(before);
    }

    @Test
    void aClientCertificateFromAnotherCaIsRejectedByTheServer() {
        ApiServerClient impostor = new ApiServerClient(base, cluster.caPem(), other.client().certificatePem(),
                other.client().privateKeyPem());
        int before = requests.size();
        assertThatThrownBy(() -> impostor.get("/readyz")).isInstanceOf(IOException.class);
        assertThat(requests).hasSize(before);
    }

    @Test
    void readsPkcs8AndRejectsWhatIsNotAKey() throws Exception {
        assertThat(dev.jminikube.bootstrap.pki.Pem.readPrivateKey(cluster.client().privateKeyPem()).getAlgorithm())
                .isEqualTo("RSA");
        assertThatThrownBy(() -> new ApiServerClient(java.net.URI.create("https://127.0.0.1:1"), cluster.caPem(),
                cluster.client().certificatePem(), cluster.caPem()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no PRIVATE KEY block");
    }

    private static List<Throwable> causes(Throwable t) {
        List<Throwable> all = new java.util.ArrayList<>();
        for (Throwable c = t; c != null && !all.contains(c); c = c.getCause()) {
            all.add(c);
        }
        return all;
    }
}
