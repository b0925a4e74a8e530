package dev.jminikube.addons;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@EnableKubernetesMockClient(crud = true)
class ClusterClientsTest {
    KubernetesMockServer server;
    KubernetesClient mockClient;

    @Test
    void jdkClientTalksToTheCrudServer() {
        // No retries: a retried create answers 409 on a slow machine.
        try (KubernetesClient client = ClusterClients.forConfig(new io.fabric8.kubernetes.client.ConfigBuilder(
                mockClient.getConfiguration()).withRequestTimeout(60_000).withRequestRetryBackoffLimit(0).build())) {
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("jmk").endMetadata().build())
                    .create();
            assertThat(client.namespaces().withName("jmk").get()).isNotNull();
            assertThat(client.getHttpClient().getClass().getName()).contains("jdkhttp");
        }
    }
}
