package dev.jminikube.bootstrap.units;

import dev.jminikube.bootstrap.ClusterConfig;
import dev.jminikube.bootstrap.ClusterNodes;
import dev.jminikube.core.nodes.NodeSlot;
import dev.jminikube.bootstrap.GuestPaths;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The default pod network: a Linux bridge with host-local addresses and port mappings (hostPort). On one node the
 * addresses come from the whole pod CIDR and no routes to other nodes are needed; with workers each node takes its
 * own /24 ({@link ClusterNodes#podSubnet}), which the other nodes route to it ({@link NodeNetworkFile}).
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
        return file(config.podCidr(), true);
    }

    /**
     * Node {@code self}'s bridge. With workers the bridge does not masquerade: it would hide a pod's address from pods
     * on other nodes (its rule exempts only the node's own /24); {@link #podTrafficScript} masquerades what leaves
     * the pod CIDR instead.
     */
    public static GuestFile file(ClusterNodes nodes, NodeSlot self) {
        return !nodes.multiNode() ? file(nodes.cluster()) : file(nodes.podSubnet(self), false);
    }

    /**
     * The shell command that makes pods' traffic to anywhere but another pod leave with the node's address (what the
     * bridge's own ipMasq does on one node), and lets pod traffic through the FORWARD chain whatever its policy (a
     * dockerd that found forwarding off sets it to DROP). Idempotent (each rule checked before it is added), so every
     * start runs it.
     */
    public static String podTrafficScript(ClusterConfig config) {
        String pods = config.podCidr();
        String tag = " -m comment --comment jminikube-pods";
        return String.join("; ",
                ensureRule("nat", "POSTROUTING -s " + pods + " ! -d " + pods + tag + " -j MASQUERADE"),
                ensureRule("filter", "FORWARD -s " + pods + tag + " -j ACCEPT"),
                ensureRule("filter", "FORWARD -d " + pods + tag + " -j ACCEPT"));
    }

    private static String ensureRule(String table, String rule) {
        return "{ iptables -t " + table + " -C " + rule + " 2>/dev/null || iptables -t " + table + " -A " + rule + "; }";
    }

    private static GuestFile file(String subnet, boolean ipMasq) {
        Map<String, Object> ipam = new LinkedHashMap<>();
        ipam.put("type", "host-local");
        ipam.put("ranges", List.of(List.of(Map.of("subnet", subnet))));
        ipam.put("routes", List.of(Map.of("dst", "0.0.0.0/0")));
        Map<String, Object> bridge = new LinkedHashMap<>();
        bridge.put("type", "bridge");
        bridge.put("bridge", BRIDGE);
        bridge.put("isGateway", true);
        bridge.put("ipMasq", ipMasq);
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
