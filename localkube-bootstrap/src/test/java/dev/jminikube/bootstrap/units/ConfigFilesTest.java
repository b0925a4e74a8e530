package dev.jminikube.bootstrap.units;

import static dev.jminikube.bootstrap.units.Clusters.containerd;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.junit.jupiter.api.Test;

class ConfigFilesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final YAMLMapper YAML = new YAMLMapper();

    @Test
    void conflistIsValidJsonWithThePodCidr() throws Exception {
        JsonNode conflist = JSON.readTree(BridgeCniFile.file(containerd("v1.28.15")).content());
        assertThat(conflist.path("cniVersion").asText()).isEqualTo("0.4.0");
        JsonNode bridge = conflist.path("plugins").get(0);
        assertThat(bridge.path("type").asText()).isEqualTo("bridge");
        assertThat(bridge.path("isGateway").asBoolean()).isTrue();
        assertThat(bridge.path("ipMasq").asBoolean()).isTrue();
        assertThat(bridge.path("hairpinMode").asBoolean()).isTrue();
        assertThat(bridge.at("/ipam/type").asText()).isEqualTo("host-local");
        assertThat(bridge.at("/ipam/ranges/0/0/subnet").asText()).isEqualTo("10.244.0.0/16");
        assertThat(conflist.path("plugins").get(1).path("type").asText()).isEqualTo("portmap");
    }

    @Test
    void containerdConfigSetsSandboxImageSystemdCgroupAndCniDirs() {
        String toml = ContainerdConfigFile.file().content();
        assertThat(toml).startsWith("# Written by jminikube").contains("version = 2\n")
                .contains("[plugins.\"io.containerd.grpc.v1.cri\"]\n")
                .contains("sandbox_image = \"registry.k8s.io/pause:3.9\"\n")
                .contains("[plugins.\"io.containerd.grpc.v1.cri\".containerd.runtimes.runc.options]\n")
                .contains("SystemdCgroup = true\n")
                .contains("bin_dir = \"/usr/lib/cni\"\n", "conf_dir = \"/etc/cni/net.d\"\n");
    }

    @Test
    void dockerDaemonUsesTheSystemdCgroupDriver() throws Exception {
        JsonNode daemon = JSON.readTree(DockerDaemonFile.file().content());
        assertThat(daemon.path("exec-opts").get(0).asText()).isEqualTo("native.cgroupdriver=systemd");
        assertThat(daemon.has("registry-mirrors")).isFalse();
    }

    /** dockerd's TLS port checks clients against the docker CA, which signs no cluster client. */
    @Test
    void dockerdsTlsPortTrustsOnlyTheDockerCa() {
        String options = DockerDaemonFile.options().content();
        assertThat(options).contains("--tlsverify --tlscacert=/etc/kubernetes/pki/docker/ca.crt ")
                .contains("--tlscert=/etc/kubernetes/pki/docker-server.crt").doesNotContain("pki/ca.crt");
    }

    @Test
    void kubeletConfigParsesWithTheClusterSettings() throws Exception {
        JsonNode config = YAML.readTree(KubeletConfigFile.file(containerd("v1.37.2")).content());
        assertThat(config.path("apiVersion").asText()).isEqualTo("kubelet.config.k8s.io/v1beta1");
        assertThat(config.path("kind").asText()).isEqualTo("KubeletConfiguration");
        assertThat(config.at("/authentication/x509/clientCAFile").asText()).isEqualTo("/etc/kubernetes/pki/ca.crt");
        assertThat(config.at("/authentication/anonymous/enabled").isBoolean()).isTrue();
        assertThat(config.at("/authentication/anonymous/enabled").asBoolean()).isFalse();
        assertThat(config.at("/authentication/webhook/enabled").asBoolean()).isTrue();
        assertThat(config.at("/authorization/mode").asText()).isEqualTo("Webhook");
        assertThat(config.path("cgroupDriver").asText()).isEqualTo("systemd");
        assertThat(config.path("clusterDNS").get(0).asText()).isEqualTo("10.96.0.10");
        assertThat(config.path("clusterDomain").asText()).isEqualTo("cluster.local");
        assertThat(config.path("failSwapOn").isBoolean()).isTrue();
        assertThat(config.path("imageGCHighThresholdPercent").isInt()).isTrue();
        assertThat(config.path("resolvConf").asText()).isEqualTo("/etc/resolv.conf");
        assertThat(config.path("tlsCertFile").asText()).isEqualTo("/etc/kubernetes/pki/kubelet.crt");
        assertThat(config.path("evictionHard").path("nodefs.available").asText()).isEqualTo("0%");
        assertThat(config.has("staticPodPath")).isFalse();
    }

    @Test
    void kubeProxyConfigParses() throws Exception {
        JsonNode config = YAML.readTree(KubeProxyConfigFile.file(containerd("v1.20.2")).content());
        assertThat(config.path("apiVersion").asText()).isEqualTo("kubeproxy.config.k8s.io/v1alpha1");
        assertThat(config.at("/clientConnection/kubeconfig").asText()).isEqualTo("/etc/kubernetes/kube-proxy.conf");
        assertThat(config.path("mode").asText()).isEqualTo("iptables");
        assertThat(config.path("clusterCIDR").asText()).isEqualTo("10.244.0.0/16");
        assertThat(config.at("/conntrack/maxPerCore").isInt()).isTrue();
        assertThat(config.at("/conntrack/maxPerCore").asInt()).isZero();
        assertThat(config.path("hostnameOverride").asText()).isEqualTo("minikube");
    }

    @Test
    void generationIsDeterministic() {
        assertThat(Golden.render(LocalkubeFiles.forCluster(containerd("v1.37.2"))))
                .isEqualTo(Golden.render(LocalkubeFiles.forCluster(containerd("v1.37.2"))));
    }
}
