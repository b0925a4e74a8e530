package dev.jminikube.cluster;

import dev.jminikube.addons.AddonCatalog;
import dev.jminikube.addons.AddonContext;
import dev.jminikube.addons.AddonImage;
import dev.jminikube.addons.AddonManager;
import dev.jminikube.addons.ClusterClients;
import dev.jminikube.addons.NodeImageSupply;
import dev.jminikube.addons.images.LocalImageBuilder;
import dev.jminikube.bootstrap.ClusterConfig;
import dev.jminikube.bootstrap.ClusterStateFile.ClusterState;
import dev.jminikube.bootstrap.ImageLoader;
import dev.jminikube.bootstrap.pki.ClusterPki;
import dev.jminikube.core.Environment;
import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import dev.jminikube.core.exec.CommandRunner;
import dev.jminikube.core.exec.LocalCommandRunner;
import dev.jminikube.drivers.DriverState;
import dev.jminikube.drivers.Machine;
import dev.jminikube.drivers.MachineManager;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * A profile whose Kubernetes cluster runs: what the commands that talk to it (addons, service, dashboard, the Java
 * API) need, looked up once with one clear error when the cluster does not exist or is stopped.
 */
public record RunningCluster(ProfileStore store, MachineManager machines, Machine machine, ClusterState state,
                             URI apiServer) {

    public static RunningCluster of(Environment env, MachineManager machines, String name) {
        ProfileStore store = ProfileStore.of(env, name);
        ClusterState state = store.cluster().filter(s -> store.hasPki())
                .orElseThrow(() -> new JmkException(Reason.GUEST_NOT_FOUND, "profile \"" + name + "\" has no Kubernetes cluster")
                        .withAdvice("Create it with 'jminikube start -p " + name + "'."));
        if (machines.status(name).host() != DriverState.RUNNING) {
            throw new JmkException(Reason.GUEST_NOT_RUNNING, "the \"" + name + "\" cluster is not running")
                    .withAdvice("Start it with 'jminikube start -p " + name + "'.");
        }
        return of(store, machines, machines.machine(name), state);
    }

    /** The cluster on a machine a start has just brought up. */
    public static RunningCluster of(ProfileStore store, MachineManager machines, Machine machine, ClusterState state) {
        URI api = machine.hostEndpoint(ClusterConfig.DEFAULT_APISERVER_PORT).uri("https");
        return new RunningCluster(store, machines, machine, state, api);
    }

    public String name() {
        return store.profile();
    }

    public Path machineDir() {
        return store.dir();
    }

    /** A fabric8 client authenticating as the cluster's admin; the caller closes it. */
    public KubernetesClient client() {
        return ClusterClients.admin(apiServer, ClusterPki.readAdmin(store.pkiDir()));
    }

    /** A runner for commands in the node; the caller closes it. */
    public CommandRunner guest() {
        return machine.guestRunner();
    }

    /** The add-ons' view of the cluster; the host's address as the node sees it comes from {@code guest}. */
    public AddonContext addonContext(CommandRunner guest) {
        return new AddonContext(state.version(), ClusterConfig.DEFAULT_CLUSTER_DNS_IP, ClusterConfig.DEFAULT_DNS_DOMAIN,
                hostIpFromNode(guest));
    }

    /** The node's default gateway (the host for NAT and switched drivers); the node itself for none. */
    private String hostIpFromNode(CommandRunner guest) {
        if (!machine.hasSsh()) {
            return machine.ip();
        }
        return AddonContext.defaultGateway(guest.run("ip", "-4", "route", "show", "default").stdout())
                .orElse(AddonContext.NAT_HOST_IP);
    }

    /**
     * The add-on manager for this cluster: locally built images are built (or taken from the cache) on this
     * host and loaded into the node over {@code guest} unless the node has them already.
     */
    public AddonManager addons(Environment env, KubernetesClient client, CommandRunner guest, Consumer<String> notes) {
        return addons(LocalImageBuilder.of(new LocalCommandRunner(), env)::imageTar, client, guest, notes);
    }

    /** As {@link #addons(Environment, KubernetesClient, CommandRunner, Consumer)}, with the images from {@code images}. */
    public AddonManager addons(AddonImageSource images, KubernetesClient client, CommandRunner guest, Consumer<String> notes) {
        ImageLoader loader = new ImageLoader(guest, state.runtime());
        NodeImageSupply supply = image -> {
            if (image.origin() == AddonImage.Origin.BUILT_LOCALLY) {
                Path tar = images.imageTar(image, notes);
                if (loader.loadIfMissing(tar, image.reference())) {
                    notes.accept("loaded " + image.reference() + " into the node");
                }
            }
        };
        return new AddonManager(AddonCatalog.builtin(), client, supply, store.addons(), addonContext(guest), notes);
    }
}
