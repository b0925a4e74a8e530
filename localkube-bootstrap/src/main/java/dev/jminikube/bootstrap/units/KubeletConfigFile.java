package dev.jminikube.bootstrap.units;

import dev.jminikube.bootstrap.ClusterConfig;
import dev.jminikube.bootstrap.ContainerRuntime;
import dev.jminikube.bootstrap.GuestPaths;
import dev.jminikube.bootstrap.KubernetesVersion;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * kubelet's KubeletConfiguration (kubelet.config.k8s.io/v1beta1, read through {@code --config}).
 * No staticPodPath: the control plane runs as systemd units, not static pods.
 */
public final class KubeletConfigFile {
    public static final String PATH = GuestPaths.CONFIG_DIR + "/kubelet-config.yaml";
    /**
     * The image uses systemd-networkd without systemd-resolved, so /etc/resolv.conf names the real
     * upstream resolver (QEMU's 10.0.2.3). With resolved it would name 127.0.0.53, which pods
     * cannot reach (CoreDNS would loop), and this would have to be /run/systemd/resolve/resolv.conf.
     */
    public static final String RESOLV_CONF = "/etc/resolv.conf";

    private KubeletConfigFile() {
    }

    /** The containerRuntimeEndpoint field exists from 1.27; older kubelets take it as a flag. */
    public static boolean hasRuntimeEndpointField(KubernetesVersion version) {
        return version.atLeastMinor(27);
    }

    public static GuestFile file(ClusterConfig config) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("apiVersion", "kubelet.config.k8s.io/v1beta1");
        root.put("kind", "KubeletConfiguration");
        // Map.of for one key only: its iteration order changes between JVM runs.
        Map<String, Object> authentication = new LinkedHashMap<>();
        authentication.put("anonymous", Map.of("enabled", false));
        authentication.put("webhook", Map.of("enabled", true));
        authentication.put("x509", Map.of("clientCAFile", PkiPaths.CA_CERT));
        root.put("authentication", authentication);
        root.put("authorization", Map.of("mode", "Webhook"));
        // containerd (SystemdCgroup = true) and docker (native.cgroupdriver=systemd) use the same driver.
        root.put("cgroupDriver", "systemd");
        root.put("clusterDNS", List.of(config.clusterDnsIp()));
        root.put("clusterDomain", config.dnsDomain());
        if (config.runtime() == ContainerRuntime.CONTAINERD && hasRuntimeEndpointField(config.version())) {
            root.put("containerRuntimeEndpoint", config.runtime().criEndpoint());
        }
        // As minikube: no disk-pressure evictions on a small data disk (a dev cluster would rather
        // fill up than lose its pods); memory keeps kubelet's usual threshold.
        Map<String, String> evictionHard = new LinkedHashMap<>();
        evictionHard.put("memory.available", "100Mi");
        evictionHard.put("nodefs.available", "0%");
        evictionHard.put("nodefs.inodesFree", "0%");
        evictionHard.put("imagefs.available", "0%");
        root.put("evictionHard", evictionHard);
        root.put("failSwapOn", false);
        // Never garbage-collect images: the pause image and preloaded images are built or loaded
        // locally and could not be pulled back.
        root.put("imageGCHighThresholdPercent", 100);
        root.put("resolvConf", RESOLV_CONF);
        root.put("rotateCertificates", false);
        root.put("tlsCertFile", PkiPaths.KUBELET_CERT);
        root.put("tlsPrivateKeyFile", PkiPaths.KUBELET_KEY);
        return GuestFile.readable(PATH, StructuredFiles.yaml(root));
    }
}
