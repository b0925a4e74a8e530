package dev.jminikube.addons;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jminikube.bootstrap.KubernetesVersion;
import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Enable/disable bookkeeping against fabric8's CRUD mock API server (a real HTTP server that stores objects). */
class AddonManagerTest {
    static final AddonContext CONTEXT = new AddonContext(KubernetesVersion.of(1, 37, 2), "10.96.0.10", "cluster.local",
            AddonContext.NAT_HOST_IP);

    ApplyingMockApiServer server;
    KubernetesClient client;
    @TempDir
    Path machineDir;
    final List<String> imagesEnsured = new ArrayList<>();
    final List<String> notes = new ArrayList<>();
    AddonStateFile state;

    @BeforeEach
    void setUp() {
        server = new ApplyingMockApiServer();
        client = server.client();
        state = AddonStateFile.in(machineDir);
    }

    @AfterEach
    void tearDown() {
        client.close();
        server.close();
    }

    AddonManager manager(AddonCatalog catalog) {
        return new AddonManager(catalog, client, image -> imagesEnsured.add(image.reference()), state, CONTEXT, notes::add);
    }

    @Test
    void enableAppliesTheManifestsAfterTheImagesAndRecordsTheChoice() {
        AddonCatalog catalog = AddonCatalog.builtin();
        manager(catalog).enable(catalog.lookup("coredns"));

        assertThat(imagesEnsured).containsExactly(AddonImages.COREDNS.reference());
        Service dns = client.services().inNamespace("kube-system").withName("kube-dns").get();
        assertThat(dns.getSpec().getClusterIP()).isEqualTo("10.96.0.10");
        assertThat(dns.getMetadata().getLabels()).containsEntry(AddonManifests.ADDON_LABEL, "coredns");
        Deployment coredns = client.apps().deployments().inNamespace("kube-system").withName("coredns").get();
        assertThat(coredns.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .isEqualTo(AddonImages.COREDNS.reference());
        ConfigMap corefile = client.configMaps().inNamespace("kube-system").withName("coredns").get();
        assertThat(corefile.getData().get("Corefile")).contains("kubernetes cluster.local in-addr.arpa ip6.arpa")
                .contains("10.0.2.2 host.minikube.internal");
        assertThat(client.rbac().clusterRoles().withName("system:coredns").get()).isNotNull();
        assertThat(state.choices()).containsEntry("coredns", true);
    }

    @Test
    void enablingTwiceReappliesWithoutDuplicates() {
        AddonCatalog catalog = AddonCatalog.builtin();
        AddonManager manager = manager(catalog);
        manager.enable(catalog.lookup("storage-provisioner"));
        manager.enable(catalog.lookup("storage-provisioner"));
        assertThat(client.apps().deployments().inNamespace("kube-system").list().getItems()).hasSize(1);
    }

    @Test
    void disableDeletesTheObjectsAndRecordsTheChoice() {
        AddonCatalog catalog = AddonCatalog.builtin();
        AddonManager manager = manager(catalog);
        manager.enable(catalog.lookup("default-storageclass"));
        assertThat(client.storage().v1().storageClasses().withName("standard").get().getMetadata().getAnnotations())
                .containsEntry("storageclass.kubernetes.io/is-default-class", "true");

        manager.disable(catalog.lookup("default-storageclass"));
        assertThat(client.storage().v1().storageClasses().withName("standard").get()).isNull();
        assertThat(state.choices()).containsEntry("default-storageclass", false);
        manager.disable(catalog.lookup("default-storageclass")); // already gone: fine
    }

    @Test
    void aStartWantsTheDefaultsAndTheChoicesButNotWhatWasDisabled() {
        AddonCatalog catalog = AddonCatalog.builtin();
        assertThat(manager(catalog).wanted(List.of())).extracting(Addon::name)
                .containsExactly("coredns", "storage-provisioner", "default-storageclass");
        state.record("storage-provisioner", false);
        state.record("dashboard", true);
        assertThat(manager(catalog).wanted(List.of())).extracting(Addon::name)
                .containsExactly("coredns", "default-storageclass", "dashboard");
        assertThat(manager(catalog).wanted(List.of(catalog.lookup("storage-provisioner")))).extracting(Addon::name)
                .as("--addons brings back a disabled one").containsExactly("coredns", "storage-provisioner",
                        "default-storageclass", "dashboard");
    }

    @Test
    void statusesTellEnabledFromDisabledAndReadyFromPending() {
        AddonCatalog catalog = AddonCatalog.builtin();
        AddonManager manager = manager(catalog);
        manager.enable(catalog.lookup("coredns"));
        manager.enable(catalog.lookup("default-storageclass"));
        Map<String, AddonStatus> rows = new java.util.LinkedHashMap<>();
        manager.statuses().forEach(r -> rows.put(r.name(), r));

        assertThat(rows.keySet()).containsExactly("coredns", "storage-provisioner", "default-storageclass", "dashboard");
        assertThat(rows.get("coredns").status()).isEqualTo("Pending (0/1 ready)");
        assertThat(rows.get("default-storageclass").status()).isEqualTo("Applied");
        // Never chosen, on by default, but not applied: its objects are missing.
        assertThat(rows.get("storage-provisioner").status()).startsWith("Missing");
        assertThat(rows.get("dashboard").enabled()).isFalse();
        assertThat(rows.get("dashboard").status()).isEqualTo("-");
        assertThat(rows.get("dashboard").images()).extracting(AddonImage::origin).containsOnly(AddonImage.Origin.PULLED);

        Deployment d = client.apps().deployments().inNamespace("kube-system").withName("coredns").get();
        d.setStatus(new io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder().withReadyReplicas(1).build());
        client.apps().deployments().resource(d).updateStatus();
        assertThat(manager.statuses().get(0).status()).isEqualTo("Running");
    }

    @Test
    void aFailedEnableRemovesWhatItCreatedAndRecordsNothing() {
        AddonCatalog catalog = AddonCatalog.builtin();
        // The third object of coredns.yaml (after the ServiceAccount and ClusterRole...) is refused.
        server.refuseWritesTo("/api/v1/namespaces/kube-system/configmaps/coredns");
        assertThatThrownBy(() -> manager(catalog).enable(catalog.lookup("coredns")))
                .isInstanceOf(JmkException.class)
                .hasMessageContaining("enabling coredns failed at ConfigMap kube-system/coredns")
                .hasMessageContaining("refused by the test's API server");
        assertThat(client.serviceAccounts().inNamespace("kube-system").withName("coredns").get()).isNull();
        assertThat(client.rbac().clusterRoles().withName("system:coredns").get()).isNull();
        assertThat(client.rbac().clusterRoleBindings().withName("system:coredns").get()).isNull();
        assertThat(state.choices()).isEmpty();
    }

    @Test
    void aFailedEnableLeavesWhatExistedBefore() {
        AddonCatalog catalog = AddonCatalog.builtin();
        AddonManager manager = manager(catalog);
        manager.enable(catalog.lookup("coredns"));
        server.refuseWritesTo("/apis/apps/v1/namespaces/kube-system/deployments/coredns");
        assertThatThrownBy(() -> manager.enable(catalog.lookup("coredns"))).isInstanceOf(JmkException.class);
        assertThat(client.serviceAccounts().inNamespace("kube-system").withName("coredns").get())
                .as("objects of the earlier enable are not rolled back").isNotNull();
        assertThat(state.choices()).containsEntry("coredns", true);
    }

    @Test
    void enableWaitsForItsNamespaceToFinishTerminating() {
        Addon own = new Addon("own", "a test add-on with its own namespace", false, "own-namespace.yaml",
                v -> Map.of(), Optional.empty());
        AddonCatalog catalog = new AddonCatalog(List.of(own));
        // A namespace still being deleted (as after a disable moments ago): a finalizer holds it, marked for deletion.
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata()
                .withName("own-namespace").withFinalizers("jminikube.dev/test").endMetadata().build()).create();
        client.namespaces().withName("own-namespace").delete();
        assertThat(client.namespaces().withName("own-namespace").get().getMetadata().getDeletionTimestamp()).isNotNull();
        List<Duration> slept = new ArrayList<>();
        AddonManager manager = new AddonManager(catalog, client, image -> { }, state, CONTEXT, notes::add, d -> {
            slept.add(d);
            // The namespace controller finishes: the finalizer goes, and with it the namespace.
            client.namespaces().withName("own-namespace").edit(n -> {
                n.getMetadata().setFinalizers(List.of());
                return n;
            });
        });
        manager.enable(own);
        assertThat(slept).hasSize(1);
        assertThat(notes).contains("waiting for namespace own-namespace to finish terminating");
        assertThat(client.namespaces().withName("own-namespace").get().getMetadata().getDeletionTimestamp()).isNull();
        assertThat(client.configMaps().inNamespace("own-namespace").withName("settings").get()).isNotNull();
    }

    @Test
    void theDashboardLivesInKubeSystemWhereClusterInfoListsItsService() {
        AddonCatalog catalog = AddonCatalog.builtin();
        manager(catalog).enable(catalog.lookup("dashboard"));
        Service service = client.services().inNamespace("kube-system").withName("kubernetes-dashboard").get();
        assertThat(service.getMetadata().getLabels()).as("what 'kubectl cluster-info' lists")
                .containsEntry("kubernetes.io/cluster-service", "true");
        assertThat(service.getSpec().getPorts()).singleElement()
                .satisfies(p -> assertThat(p.getNodePort()).isEqualTo(AddonCatalog.DASHBOARD_NODE_PORT));
        assertThat(catalog.lookup("dashboard").openService()).contains(new Addon.ServiceRef("kube-system",
                "kubernetes-dashboard"));
        assertThat(client.apps().deployments().inNamespace("kube-system").withName("kubernetes-dashboard").get()
                .getSpec().getTemplate().getSpec().getContainers().get(0).getArgs()).contains("--namespace=kube-system");
    }

    @Test
    void theDashboardsFormerObjectsGoButItsFormerNamespaceAndTheUsersObjectsStay() {
        AddonCatalog catalog = AddonCatalog.builtin();
        Addon dashboard = catalog.lookup("dashboard");
        // What the add-on left before it moved to kube-system (labelled), and the user's own object beside it.
        Map<String, String> label = Map.of(AddonManifests.ADDON_LABEL, "dashboard");
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("kubernetes-dashboard")
                .withLabels(label).endMetadata().build()).create();
        client.apps().deployments().inNamespace("kubernetes-dashboard").resource(new DeploymentBuilder().withNewMetadata()
                .withName("kubernetes-dashboard").withLabels(label).endMetadata().withNewSpec().endSpec().build()).create();
        client.serviceAccounts().inNamespace("kubernetes-dashboard").resource(new io.fabric8.kubernetes.api.model
                .ServiceAccountBuilder().withNewMetadata().withName("admin-user").endMetadata().build()).create();
        // A deployment of the old name without the label is not the add-on's: it stays.
        client.apps().deployments().inNamespace("kubernetes-dashboard").resource(new DeploymentBuilder().withNewMetadata()
                .withName("dashboard-metrics-scraper").endMetadata().withNewSpec().endSpec().build()).create();

        manager(catalog).enable(dashboard);

        assertThat(client.apps().deployments().inNamespace("kubernetes-dashboard").withName("kubernetes-dashboard").get())
                .isNull();
        assertThat(notes).contains("dashboard: removed Deployment kubernetes-dashboard/kubernetes-dashboard of an earlier "
                + "version of the add-on");
        assertThat(client.apps().deployments().inNamespace("kubernetes-dashboard").withName("dashboard-metrics-scraper")
                .get()).isNotNull();
        assertThat(notes).anyMatch(n -> n.contains("left Deployment kubernetes-dashboard/dashboard-metrics-scraper alone"));
        assertThat(client.namespaces().withName("kubernetes-dashboard").get()).isNotNull();
        assertThat(client.serviceAccounts().inNamespace("kubernetes-dashboard").withName("admin-user").get()).isNotNull();
        assertThat(notes).anyMatch(n -> n.contains("Namespace kubernetes-dashboard of an earlier version of the add-on is left"));
        assertThat(client.services().inNamespace("kube-system").withName("kubernetes-dashboard").get()).isNotNull();

        manager(catalog).disable(dashboard);
        assertThat(client.services().inNamespace("kube-system").withName("kubernetes-dashboard").get()).isNull();
        assertThat(client.serviceAccounts().inNamespace("kubernetes-dashboard").withName("admin-user").get()).isNotNull();
        assertThat(state.choices()).containsEntry("dashboard", false);
    }

    @Test
    void unknownAddonListsTheValidOnes() {
        assertThatThrownBy(() -> AddonCatalog.builtin().lookup("ingress-dns"))
                .isInstanceOf(JmkException.class)
                .hasMessageContaining("unknown add-on \"ingress-dns\"")
                .hasMessageContaining("coredns, storage-provisioner, default-storageclass, dashboard")
                .extracting(e -> ((JmkException) e).reason()).isEqualTo(Reason.ADDON_UNKNOWN);
    }
}
