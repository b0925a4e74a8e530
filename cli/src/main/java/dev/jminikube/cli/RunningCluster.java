package dev.jminikube.cli;

import dev.jminikube.addons.AddonCatalog;
import dev.jminikube.addons.AddonContext;
import dev.jminikube.addons.AddonImage;
import dev.jminikube.addons.AddonManager;
import dev.jminikube.addons.AddonStateFile;
import dev.jminikube.addons.ClusterClients;
import dev.jminikube.addons.NodeImageSupply;
import dev.jminikube.addons.images.LocalImageBuilder;
import dev.jminikube.bootstrap.ClusterConfig;
import dev.jminikube.bootstrap.ClusterStateFile.ClusterState;
import dev.jminikube.bootstrap.ImageLoader;
import dev.jminikube.bootstrap.NodeConfiguration;
import dev.jminikube.bootstrap.pki.ClusterPki;
import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import dev.jminikube.core.exec.CommandRunner;
import dev.jminikube.core.exec.LocalCommandRunner;
import dev.jminikube.drivers.DriverState;
import dev.jminikube.drivers.MachineManager;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * A profile whose Kubernetes cluster runs: what the commands that talk to it (addons, service, dashboard)
 * need, looked up once with one clear error when the cluster does not exist or is stopped.
 */
record RunningCluster(String name, MachineManager machines, ClusterState state, Path machineDir, URI apiServer) {

    static RunningCluster of(CliContext ctx, MachineManager machines, String name) {
        Path machineDir = Clusters.machineDir(ctx.env(), name);
        ClusterState state = Clusters.state(ctx.env(), name).filter(s -> Files.isDirectory(NodeConfiguration.pkiDir(machineDir)))
                .orElseThrow(() -> new JmkException(Reason.GUEST_NOT_FOUND, "profile \"" + name + "\" has no Kubernetes cluster")
                        .withAdvice("Create it with 'jminikube start -p " + name + "'."));
        if (machines.status(name).host() != DriverState.RUNNING) {
            throw new JmkException(Reason.GUEST_NOT_RUNNING, "the \"" + name + "\" cluster is not running")
                    .withAdvice("Start it with 'jminikube start -p " + name + "'.");
        }
        URI api = machines.hostEndpoint(name, ClusterConfig.DEFAULT_APISERVER_PORT).uri("https");
        return new RunningCluster(name, machines, state, machineDir, api);
    }

    /** A fabric8 client authenticating as the cluster's admin; the caller closes it. */
    KubernetesClient client() {
        return ClusterClients.admin(apiServer, ClusterPki.readAdmin(NodeConfiguration.pkiDir(machineDir)));
    }

    /** A runner for commands in the node; the caller closes it. */
    CommandRunner guest() {
        return machines.guestRunner(name);
    }

    /** The add-ons' view of the cluster; the host's address as the node sees it comes from {@code guest}. */
    AddonContext addonContext(CommandRunner guest) {
        return new AddonContext(state.version(), ClusterConfig.DEFAULT_CLUSTER_DNS_IP, ClusterConfig.DEFAULT_DNS_DOMAIN,
                hostIpFromNode(guest));
    }

    /** The node's default gateway (the host for NAT and switched drivers); the node itself for none. */
    private String hostIpFromNode(CommandRunner guest) {
        if (!machines.hasSsh(name)) {
            return machines.ip(name);
        }
        return AddonContext.defaultGateway(guest.run("ip", "-4", "route", "show", "default").stdout())
                .orElse(AddonContext.NAT_HOST_IP);
    }

    /**
     * The add-on manager for this cluster: locally built images are built (or taken from the cache) on this
     * host and loaded into the node over {@code guest} unless the node has them already.
     */
    AddonManager addons(CliContext ctx, KubernetesClient client, CommandRunner guest, Consumer<String> notes) {
        LocalImageBuilder builder = LocalImageBuilder.of(new LocalCommandRunner(), ctx.env());
        ImageLoader loader = new ImageLoader(guest, state.runtime());
        NodeImageSupply images = image -> {
            if (image.origin() == AddonImage.Origin.BUILT_LOCALLY) {
                Path tar = builder.imageTar(image, notes);
                if (loader.loadIfMissing(tar, image.reference())) {
                    notes.accept("loaded " + image.reference() + " into the node");
                }
            }
        };
        return new AddonManager(AddonCatalog.builtin(), client, images, AddonStateFile.in(machineDir), addonContext(guest),
                notes);
    }
}
