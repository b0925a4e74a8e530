package dev.jminikube.api;

/**
 * The entry point of the Java API: a real single-node Kubernetes cluster in a VM, for tests and tools.
 *
 * <pre>{@code
 * try (Cluster c = Jminikube.cluster("it").kubernetesVersion("v1.37.2").addons("coredns").start()) {
 *     KubernetesClient k = c.client();
 *     c.loadImage(Path.of("target/app.tar"));
 *     URI u = c.serviceUrl("default", "app");
 * }
 * }</pre>
 */
public final class Jminikube {
    private Jminikube() {
    }

    /**
     * A cluster of the profile {@code profile} to configure, then {@link ClusterBuilder#start() start} (or
     * {@link ClusterBuilder#connect() connect} to when it runs already). Nothing happens until then.
     */
    public static ClusterBuilder cluster(String profile) {
        return new ClusterBuilder(profile);
    }
}
