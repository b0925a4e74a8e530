package dev.jminikube.bootstrap.kubeconfig;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jminikube.bootstrap.ClusterConfig;
import dev.jminikube.bootstrap.pki.ClientIdentity;
import dev.jminikube.bootstrap.pki.ClusterPki;
import dev.jminikube.bootstrap.pki.SharedTestPki;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ComponentKubeconfigsTest {
    private static final ClusterConfig CONFIG = SharedTestPki.CONFIG;
    private static ClusterPki pki;

    @BeforeAll
    static void createPki() {
        pki = SharedTestPki.pki();
    }

    @Test
    void everyComponentGetsAKubeconfigWithItsOwnCertificate() throws Exception {
        Map<String, byte[]> files = ComponentKubeconfigs.guestFiles(pki, CONFIG, ComponentKubeconfigs.guestServer(CONFIG));

        assertThat(files.keySet()).containsExactly("/etc/kubernetes/admin.conf",
                "/etc/kubernetes/controller-manager.conf", "/etc/kubernetes/scheduler.conf",
                "/etc/kubernetes/kubelet.conf", "/etc/kubernetes/kube-proxy.conf");
        JsonNode kubelet = KubeconfigYaml.MAPPER.readTree(files.get("/etc/kubernetes/kubelet.conf"));
        assertThat(kubelet.path("current-context").asText()).isEqualTo("system:node:dev@kubernetes");
        assertThat(kubelet.path("clusters").get(0).path("name").asText()).isEqualTo("kubernetes");
        assertThat(kubelet.path("clusters").get(0).path("cluster").path("server").asText())
                .isEqualTo("https://control-plane.minikube.internal:8443");
        assertThat(kubelet.path("users").get(0).path("name").asText()).isEqualTo("system:node:dev");
        X509Certificate client = certificate(kubelet.path("users").get(0).path("user").path("client-certificate-data"));
        assertThat(client.getSubjectX500Principal().getName()).isEqualTo("CN=system:node:dev,O=system:nodes");
        X509Certificate ca = certificate(kubelet.path("clusters").get(0).path("cluster")
                .path("certificate-authority-data"));
        client.verify(ca.getPublicKey());
    }

    @Test
    void renderedKubeconfigIsPlainKubectlStyleYaml() {
        String yaml = KubeconfigRenderer.render(ClusterAccess.forComponent(ClientIdentity.ADMIN, "dev",
                "https://127.0.0.1:8443", pki));

        assertThat(yaml).startsWith("apiVersion: v1\nclusters:\n- cluster:\n    certificate-authority-data: ")
                .contains("\n    server: https://127.0.0.1:8443\n  name: kubernetes\n")
                .contains("\ncurrent-context: kubernetes-admin@kubernetes\nkind: Config\n")
                .doesNotContain("---");
        // Base64 data stays on one line.
        assertThat(yaml.lines().filter(l -> l.contains("client-key-data: ")).findFirst().orElseThrow())
                .hasSizeGreaterThan(1000);
    }

    @Test
    void profileEntryIsNamedAfterTheProfileAndUsesTheForwardedPort() {
        ClusterAccess access = ClusterAccess.forProfile("dev", 40123, pki);

        assertThat(access.clusterName()).isEqualTo("dev");
        assertThat(access.userName()).isEqualTo("dev");
        assertThat(access.contextName()).isEqualTo("dev");
        assertThat(access.server()).isEqualTo("https://127.0.0.1:40123");
        assertThat(access.credentials()).isEqualTo(pki.client(ClientIdentity.ADMIN));
    }

    @Test
    void profileEntryOfABridgedGuestNamesItsOwnAddress() {
        ClusterAccess access = ClusterAccess.forProfile("dev", "https://172.25.84.17:8443", pki);

        assertThat(access.server()).isEqualTo("https://172.25.84.17:8443");
        assertThat(access.contextName()).isEqualTo("dev");
    }

    private static X509Certificate certificate(JsonNode base64) throws Exception {
        byte[] pem = Base64.getDecoder().decode(base64.asText());
        assertThat(new String(pem, StandardCharsets.US_ASCII)).startsWith("-----BEGIN CERTIFICATE-----");
        return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(pem));
    }
}
