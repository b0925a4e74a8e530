package dev.jminikube.drivers.virtualbox;

import dev.jminikube.drivers.PortForward;
import java.util.Optional;

/**
 * One NAT port-forwarding rule as VBoxManage writes it, {@code name,proto,hostip,hostport,guestip,guestport}
 * (e.g. {@code ssh,tcp,127.0.0.1,40022,,22}; an empty guest IP means the guest's NAT address).
 */
record NatRule(String name, String protocol, String hostIp, int hostPort, String guestIp, int guestPort) {

    /** The host end is always 127.0.0.1: nothing else on the network may reach the node. */
    static NatRule of(PortForward forward) {
        return new NatRule(forward.name(), "tcp", "127.0.0.1", forward.hostPort(), "", forward.guestPort());
    }

    /** The rule from {@code --natpf1} syntax or a {@code Forwarding(n)} value; empty if it is not one. */
    static Optional<NatRule> parse(String text) {
        String[] f = text.split(",", -1);
        if (f.length != 6 || f[0].isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new NatRule(f[0], f[1], f[2], Integer.parseInt(f[3]), f[4], Integer.parseInt(f[5])));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The {@code --natpf1} argument. */
    String spec() {
        return String.join(",", name, protocol, hostIp, Integer.toString(hostPort), guestIp, Integer.toString(guestPort));
    }
}
