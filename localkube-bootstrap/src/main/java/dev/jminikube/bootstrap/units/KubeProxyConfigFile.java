package dev.jminikube.bootstrap.units;

import dev.jminikube.bootstrap.ClusterConfig;
import dev.jminikube.bootstrap.GuestPaths;
import java.util.LinkedHashMap;
import java.util.Map;

/** kube-proxy's KubeProxyConfiguration (kubeproxy.config.k8s.io/v1alpha1, the only version up to 1.37). */
public final class KubeProxyConfigFile {
    public static final String PATH = GuestPaths.CONFIG_DIR + "/kube-proxy-config.yaml";

    private KubeProxyConfigFile() {
    }

    public static GuestFile file(ClusterConfig config) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("apiVersion", "kubeproxy.config.k8s.io/v1alpha1");
        root.put("kind", "KubeProxyConfiguration");
        root.put("clientConnection", Map.of("kubeconfig", KubeconfigPaths.KUBE_PROXY));
        root.put("clusterCIDR", config.podCidr());
        // maxPerCore 0 leaves the kernel's conntrack limit alone: otherwise kube-proxy raises
        // nf_conntrack_max and writes /sys/module/nf_conntrack/parameters/hashsize, which fails when
        // that is not writable (as in kind); the kernel default is ample for one node.
        root.put("conntrack", Map.of("maxPerCore", 0));
        root.put("hostnameOverride", config.nodeName());
        root.put("mode", "iptables");
        return GuestFile.readable(PATH, StructuredFiles.yaml(root));
    }
}
