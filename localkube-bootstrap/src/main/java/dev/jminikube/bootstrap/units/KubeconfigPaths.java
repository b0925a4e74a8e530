package dev.jminikube.bootstrap.units;

import dev.jminikube.bootstrap.GuestPaths;

/** The component kubeconfigs (written by the PKI step, read by the units). */
public final class KubeconfigPaths {
    public static final String ADMIN = GuestPaths.KUBECONFIG_DIR + "/admin.conf";
    public static final String CONTROLLER_MANAGER = GuestPaths.KUBECONFIG_DIR + "/controller-manager.conf";
    public static final String SCHEDULER = GuestPaths.KUBECONFIG_DIR + "/scheduler.conf";
    public static final String KUBELET = GuestPaths.KUBECONFIG_DIR + "/kubelet.conf";
    public static final String KUBE_PROXY = GuestPaths.KUBECONFIG_DIR + "/kube-proxy.conf";

    private KubeconfigPaths() {
    }
}
