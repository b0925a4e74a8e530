package dev.jminikube.addons;

import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import dev.jminikube.core.input.ControlCharacters;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The add-ons jminikube knows, in the order they are applied and listed. */
public final class AddonCatalog {
    /** The NodePort the dashboard add-on's service gets, as in minikube. */
    public static final int DASHBOARD_NODE_PORT = 30000;

    private final Map<String, Addon> addons = new LinkedHashMap<>();

    public AddonCatalog(List<Addon> list) {
        for (Addon a : list) {
            if (addons.putIfAbsent(a.name(), a) != null) {
                throw new IllegalArgumentException("add-on listed twice: " + a.name());
            }
        }
    }

    public static AddonCatalog builtin() {
        return new AddonCatalog(List.of(
                new Addon("coredns", "cluster DNS (kube-dns service), CoreDNS built here", true, "coredns.yaml",
                        v -> Map.of("coredns", AddonImages.coreDnsFor(v)), Optional.empty()),
                new Addon("storage-provisioner", "hostPath volumes for claims (k8s.io/minikube-hostpath), built here",
                        true, "storage-provisioner.yaml",
                        v -> Map.of("storage-provisioner", AddonImages.STORAGE_PROVISIONER), Optional.empty()),
                new Addon("default-storageclass", "the default StorageClass \"standard\"", true,
                        "default-storageclass.yaml", v -> Map.of(), Optional.empty()),
                new Addon("dashboard", "upstream Kubernetes Dashboard on NodePort " + DASHBOARD_NODE_PORT
                        + " (images pulled: needs internet)", false, "dashboard.yaml",
                        v -> Map.of("dashboard", AddonImages.DASHBOARD, "metrics-scraper", AddonImages.METRICS_SCRAPER),
                        Optional.of(new Addon.ServiceRef("kube-system", "kubernetes-dashboard")),
                        // The add-on used to have a namespace of its own, where 'kubectl cluster-info' does not look:
                        // its objects there go; the namespace itself stays, as it may hold the user's own.
                        formerDashboardObjects())));
    }

    private static List<Addon.ObjectRef> formerDashboardObjects() {
        String ns = "kubernetes-dashboard";
        return List.of(new Addon.ObjectRef("apps/v1", "Deployment", ns, "kubernetes-dashboard"),
                new Addon.ObjectRef("apps/v1", "Deployment", ns, "dashboard-metrics-scraper"),
                new Addon.ObjectRef("v1", "Service", ns, "kubernetes-dashboard"),
                new Addon.ObjectRef("v1", "Service", ns, "dashboard-metrics-scraper"),
                new Addon.ObjectRef("v1", "ConfigMap", ns, "kubernetes-dashboard-settings"),
                new Addon.ObjectRef("v1", "Secret", ns, "kubernetes-dashboard-csrf"),
                new Addon.ObjectRef("v1", "Secret", ns, "kubernetes-dashboard-key-holder"),
                new Addon.ObjectRef("v1", "ServiceAccount", ns, "kubernetes-dashboard"),
                new Addon.ObjectRef("v1", "Namespace", null, ns));
    }

    public List<Addon> all() {
        return List.copyOf(addons.values());
    }

    public List<String> names() {
        return List.copyOf(addons.keySet());
    }

    public Optional<Addon> find(String name) {
        return Optional.ofNullable(addons.get(name));
    }

    /** The add-on, or {@link Reason#ADDON_UNKNOWN} listing the valid names. */
    public Addon lookup(String name) {
        return find(name).orElseThrow(() -> new JmkException(Reason.ADDON_UNKNOWN, "unknown add-on \"" + ControlCharacters.escape(name)
                + "\"; valid add-ons are: " + String.join(", ", names())));
    }

    /** What a start applies: enabled by the profile's choice or by default, plus {@code extra}, in catalogue order. */
    public List<Addon> wanted(AddonStateFile state, List<Addon> extra) {
        return addons.values().stream().filter(a -> state.enabled(a) || extra.contains(a)).toList();
    }
}
