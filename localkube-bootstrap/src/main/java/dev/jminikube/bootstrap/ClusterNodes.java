package dev.jminikube.bootstrap;

import dev.jminikube.bootstrap.config.Ipv4Cidr;
import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import dev.jminikube.core.nodes.NodeSlot;
import java.util.List;
import java.util.Objects;

/**
 * The nodes of a cluster (issue 18) and how each node's configuration differs from the cluster's.
 * <p>
 * One node keeps the one-node layout exactly: its node IP is the one its driver gives, and its pod bridge takes the
 * whole pod CIDR. With workers, every node is addressed on the profile's node network ({@link NodeSlot#segmentAddress}):
 * kubelet registers that address, the API server advertises node 1's (the {@code kubernetes} Service's endpoint must
 * be reachable from every node, and each VM's NAT address is the same 10.0.2.15), and each node's pods take their own
 * /24 of the pod CIDR, routed to its node over the node network.
 *
 * @param cluster the control plane's configuration as its machine gave it ({@link ClusterConfig#onMachine})
 * @param slots   the nodes, node 1 (the control plane) among them; a deleted worker leaves a gap
 */
public record ClusterNodes(ClusterConfig cluster, List<NodeSlot> slots) {
    /** Each node's share of the pod CIDR. */
    public static final int NODE_POD_PREFIX = 24;

    public ClusterNodes {
        Objects.requireNonNull(cluster, "cluster");
        slots = slots.stream().distinct().sorted(java.util.Comparator.comparingInt(NodeSlot::index)).toList();
        if (slots.isEmpty() || !slots.get(0).isControlPlane()) {
            throw new IllegalArgumentException("a cluster's nodes start with the control plane: " + slots);
        }
        if (slots.size() > 1) {
            if (cluster.networkPlugin() == NetworkPlugin.KUBENET) {
                throw new JmkException(Reason.USAGE, "--network-plugin=kubenet runs one node only: it routes pods by the "
                        + "node's pod CIDR from the controller manager, which the other nodes' routes cannot follow")
                        .withAdvice("Use --network-plugin=cni (the default bridge network) for more than one node.");
            }
            NodeSlot last = slots.get(slots.size() - 1);
            // (the compact constructor's fields are not assigned yet: the parameter is read)
            if (Ipv4Cidr.parse(cluster.podCidr(), "pod CIDR").subnet(NODE_POD_PREFIX, last.index() - 1).isEmpty()) {
                throw new JmkException(Reason.USAGE, "the pod CIDR " + cluster.podCidr() + " has no /" + NODE_POD_PREFIX
                        + " left for node " + last.index());
            }
        }
    }

    /** The one-node cluster. */
    public static ClusterNodes single(ClusterConfig cluster) {
        return new ClusterNodes(cluster, List.of(NodeSlot.CONTROL_PLANE));
    }

    public boolean multiNode() {
        return slots.size() > 1;
    }

    /** The workers, in order. */
    public List<NodeSlot> workers() {
        return slots.subList(1, slots.size());
    }

    /** The control plane's configuration: the cluster's own, on the node network when there are workers. */
    public ClusterConfig controlPlane() {
        return node(NodeSlot.CONTROL_PLANE);
    }

    /** Node {@code slot}'s configuration: its name and node IP, the cluster's everything else. */
    public ClusterConfig node(NodeSlot slot) {
        requireMember(slot);
        return multiNode() ? cluster.forNode(slot) : cluster;
    }

    /** The address every node reaches the API server at ({@link ClusterConfig#CONTROL_PLANE_HOSTNAME} resolves to it). */
    public String controlPlaneIp() {
        return controlPlane().nodeIp();
    }

    /** The range node {@code slot}'s pods take their addresses from: the whole pod CIDR on one node, else its /24. */
    public String podSubnet(NodeSlot slot) {
        requireMember(slot);
        return !multiNode() ? cluster.podCidr()
                : podRanges().subnet(NODE_POD_PREFIX, slot.index() - 1).orElseThrow().text();
    }

    private Ipv4Cidr podRanges() {
        return Ipv4Cidr.parse(cluster.podCidr(), "pod CIDR");
    }

    private void requireMember(NodeSlot slot) {
        if (!slots.contains(slot)) {
            throw new IllegalArgumentException("node " + slot.index() + " is not one of " + slots);
        }
    }
}
