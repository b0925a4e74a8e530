package dev.jminikube.addons;

import dev.jminikube.addons.AddonImage.Origin;
import dev.jminikube.bootstrap.KubernetesVersion;
import java.util.List;

/**
 * Every image an add-on runs, pinned in one place. The {@code jminikube.local/} ones are built on this host
 * (from the Go module proxy) and loaded into the node, so DNS and storage work offline; the others are
 * pulled by the node from their registry and need internet access.
 */
public final class AddonImages {
    /** CoreDNS for clusters that serve EndpointSlices as discovery.k8s.io/v1 (Kubernetes 1.21 and later). */
    public static final AddonImage COREDNS = new AddonImage("jminikube.local/coredns:v1.15.0", Origin.BUILT_LOCALLY);
    /**
     * CoreDNS for Kubernetes 1.20: releases from 1.9 on list EndpointSlices only as discovery.k8s.io/v1,
     * which 1.20 does not serve; 1.8.7 falls back to v1beta1.
     */
    public static final AddonImage COREDNS_LEGACY = new AddonImage("jminikube.local/coredns:v1.8.7", Origin.BUILT_LOCALLY);
    public static final AddonImage STORAGE_PROVISIONER = new AddonImage("jminikube.local/storage-provisioner:v1.0.0",
            Origin.BUILT_LOCALLY);
    public static final AddonImage DASHBOARD = new AddonImage("docker.io/kubernetesui/dashboard:v2.7.0", Origin.PULLED);
    public static final AddonImage METRICS_SCRAPER = new AddonImage("docker.io/kubernetesui/metrics-scraper:v1.0.8",
            Origin.PULLED);

    private AddonImages() {
    }

    public static AddonImage coreDnsFor(KubernetesVersion version) {
        return version.atLeastMinor(21) ? COREDNS : COREDNS_LEGACY;
    }

    /** All pinned images, for the README table and the tests that check each has a recipe. */
    public static List<AddonImage> all() {
        return List.of(COREDNS, COREDNS_LEGACY, STORAGE_PROVISIONER, DASHBOARD, METRICS_SCRAPER);
    }
}
