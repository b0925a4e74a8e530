package dev.jminikube.addons;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jminikube.bootstrap.KubernetesVersion;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The manifests as rendered for each supported line of Kubernetes: pure functions of (add-on, context). */
class AddonManifestsTest {
    static AddonContext context(String version) {
        return new AddonContext(KubernetesVersion.parse(version), "10.96.0.10", "cluster.local", AddonContext.NAT_HOST_IP);
    }

    @ParameterizedTest
    @ValueSource(strings = {"v1.20.2", "v1.37.2"})
    void everyAddonRendersWithAllPlaceholdersFilledAndItsLabel(String version) {
        for (Addon addon : AddonCatalog.builtin().all()) {
            String text = AddonManifests.renderText(addon, context(version));
            assertThat(text).as(addon.name()).doesNotContain("{{");
            List<HasMetadata> objects = AddonManifests.render(addon, context(version));
            assertThat(objects).as(addon.name()).isNotEmpty();
            for (HasMetadata o : objects) {
                assertThat(o.getMetadata().getLabels()).as(AddonManager.describe(o))
                        .containsEntry(AddonManifests.ADDON_LABEL, addon.name());
                if (o instanceof Namespaced) {
                    assertThat(o.getMetadata().getNamespace()).as(AddonManager.describe(o) + " names its namespace")
                            .isNotBlank();
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"v1.20.2", "v1.37.2"})
    void everyPortNamesItsProtocolForServerSideApplyOnOldApiServers(String version) {
        for (Addon addon : AddonCatalog.builtin().all()) {
            for (HasMetadata o : AddonManifests.render(addon, context(version))) {
                if (o instanceof Service s) {
                    s.getSpec().getPorts().forEach(p -> assertThat(p.getProtocol()).as(AddonManager.describe(o) + " port "
                            + p.getPort()).isNotBlank());
                }
                if (o instanceof Deployment d) {
                    for (Container c : d.getSpec().getTemplate().getSpec().getContainers()) {
                        c.getPorts().forEach(p -> assertThat(p.getProtocol()).as(AddonManager.describe(o) + " container port "
                                + p.getContainerPort()).isNotBlank());
                    }
                }
            }
        }
    }

    @Test
    void coreDnsServesTheClusterDnsAddressWithTheImageForTheVersion() {
        Addon coredns = AddonCatalog.builtin().lookup("coredns");
        for (String version : List.of("v1.20.2", "v1.37.2")) {
            List<HasMetadata> objects = AddonManifests.render(coredns, context(version));
            Service dns = (Service) objects.stream().filter(o -> o instanceof Service).findFirst().orElseThrow();
            assertThat(dns.getMetadata().getName()).isEqualTo("kube-dns");
            assertThat(dns.getSpec().getClusterIP()).isEqualTo("10.96.0.10");
            assertThat(dns.getMetadata().getLabels()).as("what 'kubectl cluster-info' lists")
                    .containsEntry("kubernetes.io/cluster-service", "true").containsEntry("kubernetes.io/name", "KubeDNS");
            Deployment d = (Deployment) objects.stream().filter(o -> o instanceof Deployment).findFirst().orElseThrow();
            assertThat(d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                    .isEqualTo(version.equals("v1.20.2") ? AddonImages.COREDNS_LEGACY.reference() : AddonImages.COREDNS.reference());
            assertThat(d.getSpec().getTemplate().getMetadata().getLabels()).containsEntry("k8s-app", "kube-dns");
        }
    }

    @Test
    void theProvisionerKeepsVolumesOnTheDataDiskAtTheSamePathInsideAndOut() {
        Deployment d = (Deployment) AddonManifests.render(AddonCatalog.builtin().lookup("storage-provisioner"),
                context("v1.37.2")).stream().filter(o -> o instanceof Deployment).findFirst().orElseThrow();
        var spec = d.getSpec().getTemplate().getSpec();
        assertThat(spec.getVolumes().get(0).getHostPath().getPath()).isEqualTo(AddonContext.HOSTPATH_ROOT)
                .startsWith("/var/lib/jminikube-node/");
        assertThat(spec.getContainers().get(0).getVolumeMounts().get(0).getMountPath()).isEqualTo(AddonContext.HOSTPATH_ROOT);
        assertThat(spec.getContainers().get(0).getArgs()).contains("--root=" + AddonContext.HOSTPATH_ROOT,
                "--provisioner=k8s.io/minikube-hostpath");
    }

    @Test
    void theHostAddressIsTheNodesDefaultGateway() {
        assertThat(AddonContext.defaultGateway("default via 10.0.2.2 dev eth0 proto dhcp src 10.0.2.15 metric 1024\n"))
                .hasValue("10.0.2.2");
        assertThat(AddonContext.defaultGateway("10.244.0.0/16 dev cni0 scope link\ndefault via 172.25.80.1 dev eth0\n"))
                .hasValue("172.25.80.1");
        assertThat(AddonContext.defaultGateway("10.244.0.0/16 dev cni0 scope link\n")).isEmpty();
        assertThat(AddonContext.defaultGateway("default dev tun0 scope link\n")).isEmpty();
    }

    @Test
    void aPlaceholderWithoutAValueIsABugNotAnEmptyString() {
        Addon broken = new Addon("broken", "names an image it does not have", false, "coredns.yaml", v -> Map.of(),
                Optional.empty());
        assertThatThrownBy(() -> AddonManifests.renderText(broken, context("v1.37.2")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("{{image.coredns}}");
    }
}
