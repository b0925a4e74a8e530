package dev.jminikube.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.jminikube.addons.services.ServicePorts;
import dev.jminikube.cluster.ServiceUrls;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shapes of the {@code -o json} documents of {@code get-k8s-versions} and {@code service list} (README lists them). */
class JsonDocumentsTest {
    @TempDir
    Path home;

    /** A Go module proxy on loopback serving a list of releases, so the document's proxy rows are known. */
    @Test
    void getK8sVersionsJsonListsEachVersionWithHowItCanBeHad() throws Exception {
        HttpServer proxy = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        proxy.createContext("/k8s.io/kubernetes/@v/list", exchange -> {
            byte[] body = "v1.30.1\nv1.30.4\nv1.31.0-rc.1\nv1.31.2\n".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        proxy.start();
        try {
            String url = "http://127.0.0.1:" + proxy.getAddress().getPort();
            CliHarness cli = new CliHarness(home, Map.of("PATH", "/usr/bin:/bin", "GOPROXY", url + ",direct"), false);
            CliHarness.Run r = cli.run("get-k8s-versions", "-o", "json");

            assertThat(r.code()).as(r.err()).isZero();
            JsonNode doc = new ObjectMapper().readTree(r.out());
            assertThat(doc.get("oldest").asText()).isEqualTo("v1.20.0");
            assertThat(doc.get("newestMinor").asText()).isEqualTo("v1.37");
            assertThat(doc.get("default").asText()).isEqualTo("v1.37.2");
            assertThat(doc.get("goModuleProxy").get("url").asText()).isEqualTo(url);
            assertThat(doc.get("goModuleProxy").get("reachable").asBoolean()).isTrue();
            List<String> rows = doc.get("versions").findValuesAsText("version");
            assertThat(rows).as("newest first; only the newest patch of each minor; no pre-release")
                    .containsExactly("v1.31.2", "v1.30.4", "v1.20.2");
            JsonNode first = doc.get("versions").get(0);
            assertThat(fieldNames(first)).containsExactly("version", "availability", "source", "default");
            assertThat(first.get("availability").asText()).isEqualTo("go-module-proxy");
            assertThat(first.get("source").isNull()).isTrue();
            assertThat(first.get("default").asBoolean()).isFalse();
            assertThat(doc.get("versions").get(2).get("availability").asText()).isEqualTo("debian-source");
        } finally {
            proxy.stop(0);
        }
    }

    /** An unreachable proxy still gives a whole document on stdout; the warning goes to stderr. */
    @Test
    void getK8sVersionsJsonWithoutTheProxyIsStillOneDocument() throws Exception {
        CliHarness cli = new CliHarness(home, Map.of("PATH", "/usr/bin:/bin", "GOPROXY", "http://127.0.0.1:9"), false);
        CliHarness.Run r = cli.run("get-k8s-versions", "-o", "json");

        assertThat(r.code()).isZero();
        JsonNode doc = new ObjectMapper().readTree(r.out());
        assertThat(doc.get("goModuleProxy").get("reachable").asBoolean()).isFalse();
        assertThat(doc.get("versions").findValuesAsText("version")).containsExactly("v1.20.2");
        assertThat(r.err()).contains("Go module proxy not reachable");
    }

    @Test
    void serviceListJsonHasOneObjectPerServiceWithItsUrls() throws Exception {
        ServicePorts web = new ServicePorts("shop", "web", "NodePort", "10.96.0.20",
                List.of(new ServicePorts.Port("http", 80, "8080", 30080)));
        ServicePorts api = new ServicePorts("default", "kubernetes", "ClusterIP", "10.96.0.1",
                List.of(new ServicePorts.Port("https", 443, "6443", 0)));
        List<ServiceUrls.Service> services = List.of(
                new ServiceUrls.Service(web, List.of(new ServiceUrls.Url(web.ports().get(0),
                        URI.create("http://127.0.0.1:41234")))),
                new ServiceUrls.Service(api, List.of()));

        JsonNode doc = new ObjectMapper().readTree(new ObjectMapper().writeValueAsString(
                ServiceCommand.ListCommand.json(services)));

        assertThat(doc.isArray()).isTrue();
        assertThat(fieldNames(doc.get(0))).containsExactly("namespace", "name", "type", "urls");
        assertThat(doc.get(0).get("namespace").asText()).isEqualTo("shop");
        assertThat(doc.get(0).get("type").asText()).isEqualTo("NodePort");
        JsonNode url = doc.get(0).get("urls").get(0);
        assertThat(fieldNames(url)).containsExactly("portName", "port", "targetPort", "nodePort", "url");
        assertThat(url.get("port").asInt()).isEqualTo(80);
        assertThat(url.get("targetPort").asText()).isEqualTo("8080");
        assertThat(url.get("nodePort").asInt()).isEqualTo(30080);
        assertThat(url.get("url").asText()).isEqualTo("http://127.0.0.1:41234");
        assertThat(doc.get(1).get("urls").size()).as("a service without a node port has no URL").isZero();
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
