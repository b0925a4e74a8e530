package dev.jminikube.cluster;

import dev.jminikube.bootstrap.ClusterConfig;
import dev.jminikube.bootstrap.kubeconfig.KubeconfigMerger;
import dev.jminikube.core.Environment;
import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import dev.jminikube.drivers.MachineManager;
import java.net.URI;
import java.util.function.BiFunction;

/**
 * {@code update-context}: points the profile's cluster in the user's kubeconfig at where this host reaches the API
 * server now. A NAT driver's forwarded port or a bridged guest's IP can change between starts while the kubeconfig
 * keeps the old one (minikube's reason for the verb); only the server field changes, credentials stay.
 */
public final class KubeconfigEndpoint {
    private final Environment env;
    private final MachineManager machines;
    /** Where the host reaches a running profile's API server (the driver's endpoint; tests give a fake). */
    private final BiFunction<MachineManager, String, URI> apiServer;

    public KubeconfigEndpoint(Environment env, MachineManager machines) {
        this(env, machines, (m, profile) -> m.hostEndpoint(profile, ClusterConfig.DEFAULT_APISERVER_PORT).uri("https"));
    }

    public KubeconfigEndpoint(Environment env, MachineManager machines, BiFunction<MachineManager, String, URI> apiServer) {
        this.env = env;
        this.machines = machines;
        this.apiServer = apiServer;
    }

    /** What {@link #update} did: the server the kubeconfig had and the one it has now. */
    public record Update(String previous, String current) {
        public boolean changed() {
            return !trimmed(previous).equals(trimmed(current));
        }
    }

    /**
     * Re-points the profile's kubeconfig entry; the machine must run a cluster ({@link Reason#GUEST_NOT_RUNNING},
     * {@code GUEST_NOT_FOUND}, or {@link Reason#USAGE} for a machine without Kubernetes), and the kubeconfig must
     * have the profile's context ({@link Reason#KUBECONFIG_NO_CONTEXT}).
     */
    public Update update(String profile) {
        machines.machine(profile); // throws unless the machine exists and runs
        if (ProfileStore.of(env, profile).cluster().isEmpty()) {
            throw new JmkException(Reason.USAGE, "profile \"" + profile + "\" runs no Kubernetes (started with "
                    + "--no-kubernetes), so there is no API server to point the kubeconfig at",
                    "Start it with Kubernetes: 'jminikube delete -p " + profile + "', then 'jminikube start -p "
                            + profile + "'.", null, null);
        }
        String server = trimmed(apiServer.apply(machines, profile).toString());
        KubeconfigMerger kubeconfig = new KubeconfigMerger(env.kubeconfig());
        String now = kubeconfig.serverOf(profile).orElse("");
        if (trimmed(now).equals(server)) {
            return new Update(now, now); // already right: the file is not touched
        }
        return new Update(kubeconfig.repoint(profile, server), server);
    }

    private static String trimmed(String uri) {
        return uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
    }
}
