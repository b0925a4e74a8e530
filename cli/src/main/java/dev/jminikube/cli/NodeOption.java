package dev.jminikube.cli;

import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import dev.jminikube.drivers.MachineManager;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * -n/--node, minikube's, for the commands that work in one node of a profile (issue 18): the profile's name (or its
 * node's, lower-cased) is node 1, {@code <profile>-m02} or just {@code m02} a worker. Left out, node 1.
 */
final class NodeOption {
    @Option(names = {"-n", "--node"}, paramLabel = "NAME",
            description = "The node to work in: <profile>-m02 (or m02) for a worker, as 'jminikube node list' names them. "
                    + "Default: the control plane.")
    String name;

    /** The machine of the node asked for, one of {@code profile}'s; USAGE naming the nodes it has otherwise. */
    String machine(MachineManager machines, String profile) {
        if (name == null) {
            return profile;
        }
        List<String> nodes = machines.nodeMachines(profile);
        for (String node : nodes) {
            String lower = node.toLowerCase(Locale.ROOT);
            if (name.equals(node) || name.equals(lower) || (!node.equals(profile) && name.equalsIgnoreCase(
                    node.substring(profile.length() + 1)))) {
                return node;
            }
        }
        throw new JmkException(Reason.USAGE, "profile \"" + profile + "\" has no node \"" + name + "\" (it has "
                + String.join(", ", nodes) + ")")
                .withAdvice("'jminikube node list -p " + profile + "' lists its nodes.");
    }
}
