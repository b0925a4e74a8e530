package dev.jminikube.bootstrap.kubeconfig;

import dev.jminikube.bootstrap.ClusterConfig;
import dev.jminikube.bootstrap.GuestPaths;
import dev.jminikube.bootstrap.pki.ClientIdentity;
import dev.jminikube.bootstrap.pki.ClusterPki;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The kubeconfig files of the components in the guest ({@code admin.conf}, {@code kubelet.conf}...),
 * each with its client certificate embedded. They hold private keys: mode 0600 in the guest.
 */
public final class ComponentKubeconfigs {
    private ComponentKubeconfigs() {
    }

    /** kubeadm's file name for each client's kubeconfig; kube-proxy's is ours (kubeadm gives it a token). */
    public static String fileName(ClientIdentity identity) {
        return switch (identity) {
            case ADMIN -> "admin.conf";
            case CONTROLLER_MANAGER -> "controller-manager.conf";
            case SCHEDULER -> "scheduler.conf";
            case KUBELET -> "kubelet.conf";
            case KUBE_PROXY -> "kube-proxy.conf";
        };
    }

    /**
     * Guest path to file content for every component kubeconfig.
     *
     * @param server the API server URL as the guest reaches it, e.g.
     *               {@code https://control-plane.minikube.internal:8443}
     */
    public static Map<String, byte[]> guestFiles(ClusterPki pki, ClusterConfig config, String server) {
        return files(pki, config, server, List.of(ClientIdentity.values()));
    }

    /**
     * A worker's kubeconfigs (issue 18): kubelet's, as the worker ({@code system:node:<worker>}), and kube-proxy's.
     * No admin, controller-manager or scheduler credentials reach a worker.
     *
     * @param pki the worker's view of the PKI ({@link ClusterPki#loadForWorker})
     */
    public static Map<String, byte[]> workerFiles(ClusterPki pki, ClusterConfig worker, String server) {
        return files(pki, worker, server, List.of(ClientIdentity.KUBELET, ClientIdentity.KUBE_PROXY));
    }

    private static Map<String, byte[]> files(ClusterPki pki, ClusterConfig config, String server,
                                             List<ClientIdentity> identities) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (ClientIdentity identity : identities) {
            String yaml = KubeconfigRenderer.render(
                    ClusterAccess.forComponent(identity, config.nodeName(), server, pki));
            files.put(GuestPaths.KUBECONFIG_DIR + "/" + fileName(identity), yaml.getBytes(StandardCharsets.UTF_8));
        }
        return files;
    }

    /** {@code https://control-plane.minikube.internal:<apiServerPort>}: the server URL components in the guest use. */
    public static String guestServer(ClusterConfig config) {
        return "https://" + ClusterConfig.CONTROL_PLANE_HOSTNAME + ":" + config.apiServerPort();
    }
}
