package dev.jminikube.bootstrap.units;

import dev.jminikube.bootstrap.ClusterConfig;
import dev.jminikube.bootstrap.GuestPaths;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The default pod network: a Linux bridge with host-local addresses from the whole pod CIDR and
 * port mappings (hostPort). One node, so no routes to other nodes are needed.
 */
public final class BridgeCniFile {
    public static final String PATH = GuestPaths.CNI_CONF_DIR + "/10-jminikube-bridge.conflist";
    public static final String BRIDGE = "cni0";
    /**
     * 0.4.0: the newest the CNI library in kubelet 1.20's dockershim understands (libcni 0.8);
     * containerd 1.6 and Debian's plugins 1.1 accept it too.
     */
    public static final String CNI_VERSION = "0.4.0";

    private BridgeCniFile() {
    }

    /**
     * The subnet is the whole pod CIDR rather than the node's /24 from the controller-manager: the
     * file is written before the node exists, and a re-registered node may get another /24.
     */
    public static GuestFile file(ClusterConfig config) {
        Map<String, Object> ipam = new LinkedHashMap<>();
        ipam.put("type", "host-local");
        ipam.put("ranges", List.of(List.of(Map.of("subnet", config.podCidr()))));
        ipam.put("routes", List.of(Map.of("dst", "0.0.0.0/0")));
        Map<String, Object> bridge = new LinkedHashMap<>();
        bridge.put("type", "bridge");
        bridge.put("bridge", BRIDGE);
        bridge.put("isGateway", true);
        bridge.put("ipMasq", true);
        // Lets a pod reach itself through its own Service IP.
        bridge.put("hairpinMode", true);
        bridge.put("ipam", ipam);
        Map<String, Object> portmap = new LinkedHashMap<>();
        portmap.put("type", "portmap");
        portmap.put("capabilities", Map.of("portMappings", true));
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("cniVersion", CNI_VERSION);
        root.put("name", "jminikube-bridge");
        root.put("plugins", List.of(bridge, portmap));
        return GuestFile.readable(PATH, StructuredFiles.json(root));
    }
}
