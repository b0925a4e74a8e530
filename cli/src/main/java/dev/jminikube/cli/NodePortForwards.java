package dev.jminikube.cli;

import dev.jminikube.drivers.MachineManager;
import dev.jminikube.drivers.PortForward;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The host's way to a NodePort: a 127.0.0.1 forward to the node, made on first use and kept in the
 * machine's config (one per NodePort, shared by every command), and removed once no service uses the port.
 */
final class NodePortForwards {
    private static final String PREFIX = "nodeport-";
    private final MachineManager machines;
    private final String profile;

    NodePortForwards(MachineManager machines, String profile) {
        this.machines = machines;
        this.profile = profile;
    }

    /** {@code http://127.0.0.1:H} where H forwards to {@code nodePort} on the node. */
    String url(int nodePort) {
        Optional<PortForward> existing = machines.portForwards(profile).stream()
                .filter(f -> f.guestPort() == nodePort).findFirst();
        PortForward forward = existing.orElseGet(() -> machines.addPortForward(profile, nodePort));
        return "http://127.0.0.1:" + forward.hostPort();
    }

    /** Removes the NodePort forwards whose port no service has any more; returns the ports removed. */
    List<Integer> pruneExcept(Set<Integer> liveNodePorts) {
        List<PortForward> stale = machines.portForwards(profile).stream()
                .filter(f -> f.name().startsWith(PREFIX) && !liveNodePorts.contains(f.guestPort())).toList();
        stale.forEach(f -> machines.removePortForward(profile, f.hostPort()));
        return stale.stream().map(PortForward::guestPort).toList();
    }
}
