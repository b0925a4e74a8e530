package dev.jminikube.bootstrap.units;

import dev.jminikube.bootstrap.ClusterNodes;
import dev.jminikube.core.nodes.NodeSlot;

/**
 * A node's NIC on the profile's node network (issue 18), as a systemd-networkd file: matched by the MAC the machine
 * layer gave it ({@link NodeSlot#segmentMac}), its fixed address, and one route per other node to that node's pods.
 * It sorts before the image's {@code 20-wired.network} (DHCP on every wired NIC), which would otherwise ask for an
 * address on a segment no DHCP server is on. The routes are networkd's, so they come back with the NIC after a reboot.
 */
public final class NodeNetworkFile {
    public static final String DIR = "/etc/systemd/network";
    public static final String PATH = DIR + "/10-jminikube-nodes.network";

    private NodeNetworkFile() {
    }

    public static GuestFile file(ClusterNodes nodes, NodeSlot self) {
        StringBuilder text = new StringBuilder()
                .append("# jminikube: node ").append(self.index()).append(" of ").append(nodes.cluster().profile())
                .append(" on the node network\n")
                .append("[Match]\nMACAddress=").append(self.segmentMac()).append("\n\n")
                .append("[Network]\nAddress=").append(self.segmentAddress()).append('/')
                .append(NodeSlot.SEGMENT_PREFIX_LENGTH).append("\nLinkLocalAddressing=no\n");
        for (NodeSlot other : nodes.slots()) {
            if (!other.equals(self)) {
                text.append("\n[Route]\nDestination=").append(nodes.podSubnet(other)).append("\nGateway=")
                        .append(other.segmentAddress()).append('\n');
            }
        }
        return GuestFile.readable(PATH, text.toString());
    }
}
