package dev.jminikube.addons.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jminikube.addons.ApplyingMockApiServer;
import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What {@code service} reads of services, against fabric8's CRUD mock API server. */
class NodePortServicesTest {
    ApplyingMockApiServer server;
    KubernetesClient client;

    @BeforeEach
    void setUp() {
        server = new ApplyingMockApiServer();
        client = server.client();
        service("default", "web", "NodePort", 31080);
        service("kube-system", "kube-dns", "ClusterIP", 0);
        service("apps", "api", "LoadBalancer", 32443);
    }

    @AfterEach
    void tearDown() {
        client.close();
        server.close();
    }

    void service(String ns, String name, String type, int nodePort) {
        var port = new io.fabric8.kubernetes.api.model.ServicePortBuilder().withName("http").withPort(80)
                .withProtocol("TCP");
        if (nodePort > 0) {
            port.withNodePort(nodePort);
        }
        client.services().inNamespace(ns).resource(new ServiceBuilder().withNewMetadata().withName(name).withNamespace(ns)
                .endMetadata().withNewSpec().withType(type).withClusterIP("10.96.0." + (10 + nodePort % 100))
                .addToPorts(port.build()).endSpec().build()).create();
    }

    @Test
    void aNodePortServiceGivesItsPorts() {
        ServicePorts web = new NodePortServices(client).getWithNodePorts("default", "web");
        assertThat(web.nodePorts()).extracting(ServicePorts.Port::nodePort).containsExactly(31080);
        assertThat(web.type()).isEqualTo("NodePort");
        assertThat(web.clusterIp()).startsWith("10.96.0.");
        assertThat(new NodePortServices(client).getWithNodePorts("apps", "api").nodePorts())
                .as("a LoadBalancer has NodePorts too").hasSize(1);
    }

    @Test
    void aClusterIpServiceSaysHowToExposeIt() {
        assertThatThrownBy(() -> new NodePortServices(client).getWithNodePorts("kube-system", "kube-dns"))
                .isInstanceOfSatisfying(JmkException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.SERVICE_NOT_NODEPORT);
                    assertThat(e.getMessage()).isEqualTo("service kube-system/kube-dns is of type ClusterIP and has no NodePort");
                    assertThat(e.advice()).contains("kubectl -- patch service kube-dns -n kube-system")
                            .contains("\"type\":\"NodePort\"");
                });
    }

    @Test
    void aMissingServiceNamesItsNamespace() {
        assertThatThrownBy(() -> new NodePortServices(client).get("default", "ghost"))
                .isInstanceOfSatisfying(JmkException.class, e -> assertThat(e.reason()).isEqualTo(Reason.SERVICE_NOT_FOUND))
                .hasMessage("service 'ghost' not found in namespace 'default'");
    }

    @Test
    void listsEveryNamespaceSortedAndCollectsTheNodePortsInUse() {
        var services = new NodePortServices(client);
        assertThat(services.list(null)).extracting(ServicePorts::qualifiedName)
                .containsExactly("apps/api", "default/web", "kube-system/kube-dns");
        assertThat(services.list("default")).extracting(ServicePorts::qualifiedName).containsExactly("default/web");
        assertThat(services.allNodePorts()).containsExactly(31080, 32443);
    }
}
