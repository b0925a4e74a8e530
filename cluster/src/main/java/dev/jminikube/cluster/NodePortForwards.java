package dev.jminikube.cluster;

import dev.jminikube.drivers.MachineManager;
import dev.jminikube.drivers.PortForward;
import java.util.List;
import java.util.Set;

/**
 * The host's way to a NodePort: for NAT drivers a 127.0.0.1 forward to the node, made on first use and kept in
 * the machine's config (one per NodePort, shared by every command) and removed once no service uses the port;
 * for bridged drivers the node's own address.
 */
public final class NodePortForwards {
    private final MachineManager machines;
    private final String profile;

    public NodePortForwards(MachineManager machines, String profile) {
        this.machines = machines;
        this.profile = profile;
    }

    /** Where this host reaches {@code nodePort}, e.g. {@code http://127.0.0.1:H} with H forwarded to it. */
    public String url(int nodePort) {
        return machines.hostEndpoint(profile, nodePort).uri("http").toString();
    }

    /** Removes the NodePort forwards whose port no service has any more; returns the ports removed. */
    public List<Integer> pruneExcept(Set<Integer> liveNodePorts) {
        List<PortForward> stale = machines.portForwards(profile).stream()
                .filter(f -> f.servesNodePort() && !liveNodePorts.contains(f.guestPort())).toList();
        stale.forEach(f -> machines.removePortForward(profile, f.hostPort()));
        return stale.stream().map(PortForward::guestPort).toList();
    }
}
