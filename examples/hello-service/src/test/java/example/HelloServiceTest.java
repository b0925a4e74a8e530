package example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.jminikube.api.Cluster;
import dev.jminikube.api.ImageArchive;
import dev.jminikube.junit5.JminikubeTest;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * hello-service in a real cluster: its image is built here (no docker, no registry), loaded into the node, deployed
 * with a NodePort service in the test's own namespace, and called from this host.
 */
@JminikubeTest(profile = "hello-service", reuse = true)
class HelloServiceTest {
    static final String IMAGE = "example.local/hello-service:1";
    /** Debian's busybox-static: one static binary that is the shell, the web server and the tools the CGI uses. */
    static final Path BUSYBOX = Path.of("/bin/busybox");

    /** The service's image: busybox as /bin/sh, httpd, sed and hostname, and the pages under /www. */
    static Path buildImage() {
        return ImageArchive.named(IMAGE)
                .staticBinary(BUSYBOX, "/bin/busybox", "/bin/sh", "/bin/httpd", "/bin/sed", "/bin/hostname")
                .directory(Path.of("src/main/www"), "/www")
                .command("/bin/httpd", "-f", "-v", "-p", "8080", "-h", "/www")
                .exposedPort(8080)
                .writeTo(Path.of("target/hello-service.tar"));
    }

    @Test
    void greetsThroughItsNodePort(Cluster cluster, KubernetesClient client) throws Exception {
        cluster.loadImage(buildImage());

        Map<String, String> labels = Map.of("app", "hello");
        Deployment deployment = new DeploymentBuilder()
                .withNewMetadata().withName("hello").endMetadata()
                .withNewSpec().withReplicas(1).withNewSelector().withMatchLabels(labels).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(labels).endMetadata()
                .withNewSpec().addNewContainer().withName("hello").withImage(IMAGE)
                // Loaded into the node, not in any registry: never pull it.
                .withImagePullPolicy("Never").addNewPort().withContainerPort(8080).endPort()
                .withNewReadinessProbe().withNewHttpGet().withPath("/").withPort(new IntOrString(8080)).endHttpGet()
                .endReadinessProbe().endContainer().endSpec().endTemplate().endSpec().build();
        client.apps().deployments().resource(deployment).create();
        Service service = new ServiceBuilder()
                .withNewMetadata().withName("hello").endMetadata()
                .withNewSpec().withType("NodePort").withSelector(labels)
                .addNewPort().withPort(80).withTargetPort(new IntOrString(8080)).endPort().endSpec().build();
        client.services().resource(service).create();
        client.apps().deployments().withName("hello").waitUntilReady(3, TimeUnit.MINUTES);

        URI url = cluster.serviceUrl(client.getNamespace(), "hello").resolve("/cgi-bin/hello?name=jminikube");
        String body = getWithRetries(url, Duration.ofSeconds(60));
        assertTrue(body.startsWith("Hello, jminikube! (from hello-"), "the service's answer was: " + body);
    }

    /** A @Nested class shares the enclosing class's cluster, and its test methods get namespaces of their own. */
    @Nested
    class InItsOwnNamespace {
        @Test
        void seesTheSameCluster(Cluster cluster, KubernetesClient client) {
            assertTrue(client.getNamespace().startsWith("test-seesthesamecluster-"), client.getNamespace());
            assertEquals("hello-service", cluster.profile());
            assertTrue(client.namespaces().withName(client.getNamespace()).get() != null, "its namespace exists");
        }
    }

    /**
     * The body of the first 200 answer from {@code url}; the NodePort's forward can take a moment after the pod is
     * ready. Fails with the last answer (or error) when none came in time.
     */
    static String getWithRetries(URI url, Duration patience) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + patience.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return r.body();
                }
                last = "HTTP " + r.statusCode() + ": " + r.body();
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(1000);
        }
        return fail("no answer from " + url + " within " + patience + "; last: " + last);
    }
}
