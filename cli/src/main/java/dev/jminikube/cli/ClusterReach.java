package dev.jminikube.cli;

import dev.jminikube.bootstrap.ClusterConfig;
import dev.jminikube.core.exec.CommandRunner;
import dev.jminikube.drivers.MachineManager;
import java.net.URI;

/**
 * Where the host reaches a running profile's API server and node. The live one asks the profile's driver; tests
 * point both at fakes (a local HTTPS server, a recording runner) without a VM.
 */
interface ClusterReach {
    ClusterReach LIVE = new ClusterReach() {
        @Override
        public URI apiServer(MachineManager machines, String profile) {
            return machines.hostEndpoint(profile, ClusterConfig.DEFAULT_APISERVER_PORT).uri("https");
        }

        @Override
        public CommandRunner guest(MachineManager machines, String profile) {
            return machines.guestRunner(profile);
        }
    };

    /** The API server's base URI as this host reaches it. */
    URI apiServer(MachineManager machines, String profile);

    /** A runner for commands in the node; the caller closes it. */
    CommandRunner guest(MachineManager machines, String profile);
}
