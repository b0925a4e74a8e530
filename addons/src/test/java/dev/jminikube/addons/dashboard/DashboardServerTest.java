package dev.jminikube.addons.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jminikube.addons.ApplyingMockApiServer;
import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The dashboard's HTTP API over fabric8's CRUD mock API server, through a real loopback HTTP connection. */
class DashboardServerTest {
    /** Five minutes ahead of the mock server, which stamps objects with the real time when they are created. */
    static final Clock CLOCK = Clock.offset(Clock.systemUTC(), java.time.Duration.ofMinutes(5));
    static final ObjectMapper JSON = new ObjectMapper();

    ApplyingMockApiServer apiServer;
    KubernetesClient client;
    DashboardServer dashboard;
    final List<String> opened = new ArrayList<>();
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void setUp() {
        apiServer = new ApplyingMockApiServer();
        client = apiServer.client();
        client.apps().deployments().inNamespace("default").resource(new DeploymentBuilder()
                .withNewMetadata().withName("webserver").withNamespace("default").endMetadata()
                .withNewSpec().withReplicas(1).withNewSelector().addToMatchLabels("app", "webserver").endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", "webserver").endMetadata()
                .withNewSpec().addNewContainer().withName("httpd").withImage("jminikube.local/busybox-httpd:1").endContainer()
                .endSpec().endTemplate().endSpec().build()).create();
        client.pods().inNamespace("default").resource(new PodBuilder()
                .withNewMetadata().withName("webserver-abc").withNamespace("default").endMetadata()
                .withNewSpec().addNewContainer().withName("httpd").withImage("x").endContainer().withNodeName("minikube").endSpec()
                .withNewStatus().withPhase("Running").addNewContainerStatus().withName("httpd").withReady(true)
                .withRestartCount(2).endContainerStatus().endStatus().build()).create();
        client.services().inNamespace("default").resource(new ServiceBuilder()
                .withNewMetadata().withName("webserver").withNamespace("default").endMetadata()
                .withNewSpec().withType("NodePort").addNewPort().withPort(80).withTargetPort(new IntOrString(80))
                .withNodePort(31080).endPort().endSpec().build()).create();
        dashboard = DashboardServer.start(0, "minikube", new DashboardApi(client, CLOCK), (ns, name) -> {
            if (name.equals("internal")) {
                throw new JmkException(Reason.SERVICE_NOT_NODEPORT, "service " + ns + "/" + name + " has no NodePort");
            }
            opened.add(ns + "/" + name);
            return "http://127.0.0.1:45678";
        });
    }

    @AfterEach
    void tearDown() {
        dashboard.close();
        client.close();
        apiServer.close();
    }

    HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(dashboard.url().resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> send(String method, String path, String body, boolean actionHeader, String... headers)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(dashboard.url().resolve(path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (actionHeader) {
            b.header(DashboardServer.ACTION_HEADER, "1");
        }
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    int replicas() {
        return client.apps().deployments().inNamespace("default").withName("webserver").get().getSpec().getReplicas();
    }

    /** The dashboard's own origin, as a browser sends it: scheme, host and port, no path. */
    String ownOrigin() {
        return "http://127.0.0.1:" + dashboard.url().getPort();
    }

    @Test
    void servesThePageOnLoopbackOnly() throws Exception {
        assertThat(dashboard.url().getHost()).isEqualTo("127.0.0.1");
        HttpResponse<String> page = get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(page.body()).contains("<script src=\"/app.js\"></script>");
        assertThat(get("/app.js").body()).contains("X-Jminikube-Dashboard");
        assertThat(get("/nope").statusCode()).isEqualTo(404);
    }

    @Test
    void listsPodsWithStatusReadinessRestartsAndAge() throws Exception {
        JsonNode pods = JSON.readTree(get("/api/pods?namespace=default").body());
        assertThat(pods).hasSize(1);
        JsonNode pod = pods.get(0);
        assertThat(pod.path("name").asText()).isEqualTo("webserver-abc");
        assertThat(pod.path("status").asText()).isEqualTo("Running");
        assertThat(pod.path("ready").asText()).isEqualTo("1/1");
        assertThat(pod.path("restarts").asInt()).isEqualTo(2);
        assertThat(pod.path("age").asText()).as("created 5 minutes before the dashboard's clock").isEqualTo("5m");
        assertThat(JSON.readTree(get("/api/pods?namespace=kube-system").body())).isEmpty();
        assertThat(JSON.readTree(get("/api/pods").body())).as("all namespaces").hasSize(1);
    }

    @Test
    void listsDeploymentsAndServicesWithTheirNodePorts() throws Exception {
        JsonNode deployments = JSON.readTree(get("/api/deployments").body());
        assertThat(deployments.get(0).path("name").asText()).isEqualTo("webserver");
        assertThat(deployments.get(0).path("replicas").asInt()).isEqualTo(1);
        assertThat(deployments.get(0).path("images").get(0).asText()).isEqualTo("jminikube.local/busybox-httpd:1");
        JsonNode services = JSON.readTree(get("/api/services?namespace=default").body());
        assertThat(services.get(0).path("type").asText()).isEqualTo("NodePort");
        assertThat(services.get(0).path("ports").get(0).path("nodePort").asInt()).isEqualTo(31080);
    }

    @Test
    void scalingChangesTheDeploymentsReplicas() throws Exception {
        HttpResponse<String> r = send("POST", "/api/deployments/default/webserver/scale", "{\"replicas\":3}", true);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(client.apps().deployments().inNamespace("default").withName("webserver").get().getSpec().getReplicas())
                .isEqualTo(3);
        assertThat(send("POST", "/api/deployments/default/ghost/scale", "{\"replicas\":1}", true).statusCode()).isEqualTo(404);
        assertThat(send("POST", "/api/deployments/default/webserver/scale", "{\"replicas\":-1}", true).statusCode())
                .isEqualTo(400);
    }

    @Test
    void changesWithoutTheActionHeaderAreRefused() throws Exception {
        HttpResponse<String> r = send("POST", "/api/deployments/default/webserver/scale", "{\"replicas\":3}", false);
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).contains(DashboardServer.ACTION_HEADER);
        assertThat(send("DELETE", "/api/pods/default/webserver-abc", null, false).statusCode()).isEqualTo(403);
        assertThat(client.apps().deployments().inNamespace("default").withName("webserver").get().getSpec().getReplicas())
                .isEqualTo(1);
        assertThat(client.pods().inNamespace("default").withName("webserver-abc").get()).isNotNull();
    }

    @Test
    void deletingAPodRemovesIt() throws Exception {
        assertThat(send("DELETE", "/api/pods/default/webserver-abc", null, true).statusCode()).isEqualTo(200);
        assertThat(client.pods().inNamespace("default").withName("webserver-abc").get()).isNull();
        assertThat(send("DELETE", "/api/pods/default/webserver-abc", null, true).statusCode()).isEqualTo(404);
    }

    @Test
    void openingAServiceMakesItsHostForwardAndAnswersItsUrl() throws Exception {
        HttpResponse<String> r = send("POST", "/api/services/default/webserver/open", null, true);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(r.body()).path("url").asText()).isEqualTo("http://127.0.0.1:45678");
        assertThat(opened).containsExactly("default/webserver");
        HttpResponse<String> internal = send("POST", "/api/services/default/internal/open", null, true);
        assertThat(internal.statusCode()).isEqualTo(409);
        assertThat(internal.body()).contains("has no NodePort");
    }

    @Test
    void openingAServiceWithoutTheActionHeaderMakesNoForward() throws Exception {
        assertThat(send("POST", "/api/services/default/webserver/open", null, false).statusCode()).isEqualTo(403);
        assertThat(get("/open/service/default/webserver").statusCode()).as("no GET that changes things").isEqualTo(404);
        assertThat(opened).isEmpty();
    }

    @Test
    void aChangeRequestedByAnotherSiteIsRefusedEvenWithTheActionHeader() throws Exception {
        String scale = "/api/deployments/default/webserver/scale";
        for (String[] crossSite : List.of(new String[] {"Origin", "http://evil.example"},
                new String[] {"Origin", "http://127.0.0.1:" + (dashboard.url().getPort() + 1)},
                new String[] {"Origin", "null"}, // a sandboxed frame, a file:// page
                new String[] {"Origin", ownOrigin(), "Sec-Fetch-Site", "cross-site"},
                new String[] {"Sec-Fetch-Site", "same-site"})) {
            HttpResponse<String> r = send("POST", scale, "{\"replicas\":3}", true, crossSite);
            assertThat(r.statusCode()).as(String.join(" ", crossSite)).isEqualTo(403);
            assertThat(JSON.readTree(r.body()).path("error").asText()).contains("another site");
        }
        assertThat(send("DELETE", "/api/pods/default/webserver-abc", null, true, "Origin", "http://evil.example")
                .statusCode()).isEqualTo(403);
        assertThat(send("POST", "/api/services/default/webserver/open", null, true, "Origin", "http://evil.example")
                .statusCode()).isEqualTo(403);
        assertThat(replicas()).isEqualTo(1);
        assertThat(client.pods().inNamespace("default").withName("webserver-abc").get()).isNotNull();
        assertThat(opened).isEmpty();
    }

    @Test
    void aChangeFromTheDashboardsOwnPageIsAccepted() throws Exception {
        // What the browser sends with the page's fetch: its own origin, same-origin.
        assertThat(send("POST", "/api/deployments/default/webserver/scale", "{\"replicas\":2}", true,
                "Origin", ownOrigin(), "Sec-Fetch-Site", "same-origin").statusCode()).isEqualTo(200);
        assertThat(send("POST", "/api/deployments/default/webserver/scale", "{\"replicas\":3}", true,
                "Origin", "http://localhost:" + dashboard.url().getPort()).statusCode()).isEqualTo(200);
        assertThat(replicas()).isEqualTo(3);
    }

    @Test
    void aBodyThatIsNotTheJsonAskedForIsA400WithAShortJsonError() throws Exception {
        for (String body : List.of("{", "not json", "", "null", "[1]", "{}", "{\"replicas\":\"3\"}",
                "{\"replicas\":2.5}", "{\"replicas\":true}", "{\"replicas\":null}", "{\"replicas\":99999999999}")) {
            HttpResponse<String> r = send("POST", "/api/deployments/default/webserver/scale", body, true);
            assertThat(r.statusCode()).as(body).isEqualTo(400);
            assertThat(r.headers().firstValue("Content-Type")).as(body).hasValue("application/json");
            String error = JSON.readTree(r.body()).path("error").asText();
            assertThat(error).as(body).isNotBlank();
            assertThat(error.length()).as(body + ": short").isLessThan(200);
        }
        assertThat(replicas()).isEqualTo(1);
    }

    @Test
    void anOversizedBodyIsRefusedUnread() throws Exception {
        String huge = "{\"replicas\":1,\"pad\":\"" + "x".repeat(DashboardServer.MAX_BODY_BYTES) + "\"}";
        HttpResponse<String> r = send("POST", "/api/deployments/default/webserver/scale", huge, true);
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(JSON.readTree(r.body()).path("error").asText()).contains("larger than");
    }

    @Test
    void aKnownPathWithAnotherMethodIsA405NamingTheAllowedOne() throws Exception {
        record Case(String method, String path, String allowed) {
        }
        for (Case c : List.of(new Case("POST", "/api/pods", "GET"), new Case("DELETE", "/", "GET"),
                new Case("GET", "/api/deployments/default/webserver/scale", "POST"),
                new Case("PUT", "/api/pods/default/webserver-abc", "DELETE"),
                new Case("GET", "/api/services/default/webserver/open", "POST"),
                // A CORS preflight gets no grant: no Access-Control-Allow-* header at all.
                new Case("OPTIONS", "/api/deployments/default/webserver/scale", "POST"))) {
            HttpResponse<String> r = send(c.method(), c.path(), null, true, "Origin", "http://evil.example",
                    "Access-Control-Request-Method", "POST");
            assertThat(r.statusCode()).as(c.toString()).isEqualTo(405);
            assertThat(r.headers().firstValue("Allow")).as(c.toString()).hasValue(c.allowed());
            assertThat(JSON.readTree(r.body()).path("error").asText()).as(c.toString()).contains("not allowed");
            assertThat(r.headers().map().keySet()).as(c.toString())
                    .noneMatch(h -> h.toLowerCase().startsWith("access-control-"));
        }
        HttpResponse<String> head = send("HEAD", "/", null, false);
        assertThat(head.statusCode()).isEqualTo(405);
        assertThat(head.body()).isEmpty();
        assertThat(client.pods().inNamespace("default").withName("webserver-abc").get()).isNotNull();
        assertThat(opened).isEmpty();
    }

    @Test
    void everyAnswerForbidsFramingAndSniffing() throws Exception {
        List<HttpResponse<String>> answers = List.of(get("/"), get("/app.js"), get("/app.css"), get("/api/pods"),
                get("/nope"), send("POST", "/api/pods", null, false),
                send("POST", "/api/deployments/default/webserver/scale", "{", true),
                send("POST", "/api/deployments/default/webserver/scale", "{\"replicas\":1}", false));
        for (HttpResponse<String> r : answers) {
            String what = r.request().method() + " " + r.uri().getPath() + " -> " + r.statusCode();
            assertThat(r.headers().firstValue("X-Frame-Options")).as(what).hasValue("DENY");
            assertThat(r.headers().firstValue("Content-Security-Policy")).as(what).get(InstanceOfAssertFactories.STRING)
                    .contains("frame-ancestors 'none'", "script-src 'self'", "default-src 'none'");
            assertThat(r.headers().firstValue("X-Content-Type-Options")).as(what).hasValue("nosniff");
        }
    }

    @Test
    void thePageNeedsNothingItsContentSecurityPolicyForbids() throws Exception {
        // The policy allows scripts and styles from files of this origin only: no inline script, style or handler.
        String page = get("/").body();
        assertThat(page).doesNotContainPattern("<script(?![^>]*\\bsrc=)").doesNotContain("<style")
                .doesNotContainPattern("\\sstyle=").doesNotContainPattern("\\son[a-z]+=");
        String script = get("/app.js").body();
        assertThat(script).doesNotContain("eval(", "new Function", ".style", "cssText", "innerHTML");
    }

    @Test
    void aRequestForAnotherHostNameIsForbidden() throws Exception {
        // A page on evil.example resolving its name to 127.0.0.1 (DNS rebinding) sends its own Host header.
        try (Socket s = new Socket("127.0.0.1", dashboard.url().getPort())) {
            OutputStream out = s.getOutputStream();
            out.write(("GET /api/pods HTTP/1.1\r\nHost: evil.example:" + dashboard.url().getPort()
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String status = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII)).readLine();
            assertThat(status).isEqualTo("HTTP/1.1 403 Forbidden");
        }
    }

    @Test
    void aTakenPortIsAClearError() {
        int taken = dashboard.url().getPort();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> DashboardServer.start(taken, "minikube",
                        new DashboardApi(client, CLOCK), (a, b) -> ""))
                .isInstanceOfSatisfying(JmkException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NETWORK_PORT_IN_USE))
                .hasMessageContaining("port " + taken);
    }

    @Test
    void summaryNamesTheProfile() throws Exception {
        JsonNode summary = JSON.readTree(get("/api/summary").body());
        assertThat(summary.path("profile").asText()).isEqualTo("minikube");
        assertThat(summary.has("nodes")).isTrue();
    }
}
