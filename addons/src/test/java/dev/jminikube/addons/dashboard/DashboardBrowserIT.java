package dev.jminikube.addons.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.sun.net.httpserver.HttpServer;
import dev.jminikube.addons.ApplyingMockApiServer;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The dashboard page in a real headless Chromium (Debian's, which scripts/install-prereqs installs), over
 * fabric8's CRUD mock API server: the page's own JavaScript lists the pod and scales the deployment. The real
 * cluster's run of the same is in the CLI's ClusterE2EIT. Screenshots go to target/it-output/.
 */
class DashboardBrowserIT {
    static final Path OUTPUT = Path.of("target", "it-output");

    ApplyingMockApiServer apiServer;
    KubernetesClient client;
    DashboardServer dashboard;

    @BeforeEach
    void setUp() {
        if (!Files.isExecutable(HeadlessChromium.BINARY)) {
            fail(HeadlessChromium.BINARY + " is missing: scripts/install-prereqs installs Debian's chromium");
        }
        apiServer = new ApplyingMockApiServer();
        client = apiServer.client();
        client.apps().deployments().inNamespace("default").resource(new DeploymentBuilder()
                .withNewMetadata().withName("webserver").withNamespace("default").endMetadata()
                .withNewSpec().withReplicas(1).withNewSelector().addToMatchLabels("app", "webserver").endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", "webserver").endMetadata()
                .withNewSpec().addNewContainer().withName("httpd").withImage("jminikube.local/busybox-httpd:1").endContainer()
                .endSpec().endTemplate().endSpec().build()).create();
        client.pods().inNamespace("default").resource(new PodBuilder()
                .withNewMetadata().withName("webserver-7d4b9").withNamespace("default").endMetadata()
                .withNewSpec().addNewContainer().withName("httpd").withImage("jminikube.local/busybox-httpd:1").endContainer()
                .endSpec().withNewStatus().withPhase("Running").endStatus().build()).create();
        dashboard = DashboardServer.start(0, "minikube", new DashboardApi(client, Clock.systemUTC()),
                (ns, name) -> "http://127.0.0.1:1");
    }

    @AfterEach
    void tearDown() {
        dashboard.close();
        client.close();
        apiServer.close();
    }

    @Test
    void thePodListShowsThePodAndTheScaleButtonScalesTheDeployment() throws Exception {
        try (HeadlessChromium chromium = HeadlessChromium.launch(Files.createTempDirectory("jmk-chromium-"))) {
            chromium.navigate(dashboard.url().toString());
            chromium.waitFor("the nodes tab", "document.body.getAttribute('data-loaded') === 'nodes'", Duration.ofSeconds(30));

            chromium.evaluate("document.querySelector('button[data-tab=pods]').click()");
            chromium.waitFor("the webserver pod", "!!document.querySelector('tr[data-pod=\"default/webserver-7d4b9\"]')",
                    Duration.ofSeconds(30));
            assertThat(chromium.evaluate("document.querySelector('tr[data-pod=\"default/webserver-7d4b9\"]').innerText")
                    .asText()).contains("Running");
            chromium.screenshot(OUTPUT.resolve("dashboard-pods.png"));

            chromium.evaluate("document.querySelector('button[data-tab=deployments]').click()");
            chromium.waitFor("the scale input", "!!document.querySelector('input[data-scale-input=\"default/webserver\"]')",
                    Duration.ofSeconds(30));
            chromium.evaluate("document.querySelector('input[data-scale-input=\"default/webserver\"]').value = '3';"
                    + "document.querySelector('button[data-scale=\"default/webserver\"]').click()");
            HeadlessChromium.waitUntil("replicas 3", () -> Integer.valueOf(3).equals(client.apps().deployments()
                    .inNamespace("default").withName("webserver").get().getSpec().getReplicas()), Duration.ofSeconds(30));
            chromium.waitFor("the message", "document.querySelector('#message').innerText.includes('Scaled default/webserver to 3')",
                    Duration.ofSeconds(30));
            chromium.screenshot(OUTPUT.resolve("dashboard-scaled.png"));
        }
        assertThat(OUTPUT.resolve("dashboard-scaled.png")).isNotEmptyFile();
    }

    @Test
    void anotherPageCannotFrameTheDashboard() throws Exception {
        // The framing page: on another loopback port, like a service opened through a NodePort forward, as a
        // clickjacking page would lay decoys over the Scale and Delete buttons.
        HttpServer framer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
        byte[] page = ("<!DOCTYPE html><html><body><iframe id=\"victim\" src=\"" + dashboard.url()
                + "\"></iframe></body></html>").getBytes(StandardCharsets.UTF_8);
        framer.createContext("/", x -> {
            x.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            x.sendResponseHeaders(200, page.length);
            try (x; var out = x.getResponseBody()) {
                out.write(page);
            }
        });
        framer.start();
        try (HeadlessChromium chromium = HeadlessChromium.launch(Files.createTempDirectory("jmk-chromium-"))) {
            chromium.navigate("http://127.0.0.1:" + framer.getAddress().getPort() + "/");
            chromium.waitFor("the framing page", "document.readyState === 'complete'", Duration.ofSeconds(30));

            assertThat(chromium.childFrameUrls()).singleElement(InstanceOfAssertFactories.STRING)
                    .as("the browser shows its error page in the frame, not the dashboard")
                    .startsWith("chrome-error:");
            chromium.screenshot(OUTPUT.resolve("dashboard-framing-refused.png"));
        } finally {
            framer.stop(0);
        }
    }
}
