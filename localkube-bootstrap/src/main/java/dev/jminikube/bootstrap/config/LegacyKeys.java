package dev.jminikube.bootstrap.config;

import dev.jminikube.bootstrap.Component;
import dev.jminikube.bootstrap.GuestPaths;
import java.util.List;

/**
 * The table of {@code --extra-config} keys that old minikube guides (and the seed-era localkube)
 * used and that later Kubernetes versions removed. Only flags whose removal version is certain are
 * listed; anything else passes through and the component itself reports an unknown flag.
 */
public final class LegacyKeys {
    public static final List<LegacyKey> ALL = List.of(
            new LegacyKey(Component.KUBELET, "enable-cri", 0,
                    "CRI is always on in every Kubernetes version jminikube runs; ignored"),
            new LegacyKey(Component.KUBELET, "cadvisor-port", 0,
                    "kubelet's cAdvisor port was removed in v1.12 (metrics are on the kubelet's /metrics/cadvisor); ignored"),
            new LegacyKey(Component.KUBELET, "allow-privileged", 0,
                    "kubelet no longer has --allow-privileged; privileged pods are allowed by the API server's "
                            + "--allow-privileged=true, which jminikube sets; ignored"),
            new LegacyKey(Component.KUBELET, "network-plugin", 24,
                    "kubelet's network flags went away with dockershim in v1.24; containerd reads the CNI config in "
                            + GuestPaths.CNI_CONF_DIR + " itself; ignored"),
            new LegacyKey(Component.KUBELET, "cni-bin-dir", 24,
                    "kubelet's CNI flags went away with dockershim in v1.24; containerd is configured with "
                            + GuestPaths.CNI_BIN_DIR + "; ignored"),
            new LegacyKey(Component.KUBELET, "cni-conf-dir", 24,
                    "kubelet's CNI flags went away with dockershim in v1.24; containerd is configured with "
                            + GuestPaths.CNI_CONF_DIR + "; ignored"),
            new LegacyKey(Component.KUBELET, "container-runtime", 27,
                    "kubelet's --container-runtime was removed in v1.27 (remote CRI is the only kind since v1.24); ignored"),
            new LegacyKey(Component.KUBELET, "pod-infra-container-image", 35,
                    "kubelet's --pod-infra-container-image was removed in v1.35; containerd's sandbox_image "
                            + "decides the pause image; ignored"),
            new LegacyKey(Component.APISERVER, "insecure-port", 24,
                    "the API server's insecure port was removed in v1.24 (it serves HTTPS only); ignored"),
            new LegacyKey(Component.APISERVER, "insecure-bind-address", 24,
                    "the API server's insecure port was removed in v1.24 (it serves HTTPS only); ignored"),
            new LegacyKey(Component.APISERVER, "kubelet-https", 22,
                    "the API server always talks HTTPS to kubelets; --kubelet-https was removed in v1.22; ignored"));

    private LegacyKeys() {
    }
}
