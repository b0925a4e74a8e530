package dev.jminikube.core.nodes;

/**
 * A node's number in its profile (issue 18, multi-node) and what follows from it alone: minikube's node name, and
 * the node's fixed MAC and address on the profile's node network. The machine layer (which wires the VMs' second
 * NICs) and the bootstrap (which configures that NIC, kubelet's node IP and the routes between nodes) both derive
 * them from here, so they cannot disagree.
 *
 * @param index 1 for the control plane, 2 for {@code <profile>-m02}, and so on
 */
public record NodeSlot(int index) {
    /** Up to {@code <profile>-m99}, minikube's naming (two digits). */
    public static final int MAX_NODES = 99;
    /** The node network: no QEMU user network (10.0.2.0/24), pod (10.244/16) or service (10.96/12) range. */
    public static final String SEGMENT_SUBNET = "10.0.3.0/24";
    public static final int SEGMENT_PREFIX_LENGTH = 24;

    public NodeSlot {
        if (index < 1 || index > MAX_NODES) {
            throw new IllegalArgumentException("node index " + index + " is not within 1.." + MAX_NODES);
        }
    }

    public static final NodeSlot CONTROL_PLANE = new NodeSlot(1);

    public boolean isControlPlane() {
        return index == 1;
    }

    /** minikube's node names: the profile for node 1, {@code <profile>-m02} for node 2, and so on. */
    public String nodeName(String profile) {
        return index == 1 ? profile : String.format("%s-m%02d", profile, index);
    }

    /** The node's address on the node network: 10.0.3.2 for node 1, 10.0.3.3 for node 2, ... (10.0.3.1 stays free). */
    public String segmentAddress() {
        return "10.0.3." + (index + 1);
    }

    /** A locally administered MAC under QEMU's 52:54:00 prefix, fixed by the index. */
    public String segmentMac() {
        return String.format("52:54:00:6a:00:%02x", index);
    }
}
