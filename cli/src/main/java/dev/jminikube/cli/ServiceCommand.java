package dev.jminikube.cli;

import dev.jminikube.bootstrap.NodeConfiguration;
import dev.jminikube.bootstrap.api.ApiServerClient;
import dev.jminikube.bootstrap.api.NodePorts;
import dev.jminikube.bootstrap.pki.ClientCredentials;
import dev.jminikube.bootstrap.pki.ClientIdentity;
import dev.jminikube.bootstrap.pki.ClusterPki;
import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import dev.jminikube.bootstrap.ClusterConfig;
import dev.jminikube.drivers.HostEndpoint;
import dev.jminikube.drivers.MachineManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "service", mixinStandardHelpOptions = true,
        description = "Give a URL on this host for a NodePort service (a 127.0.0.1 forward for NAT drivers, the node's IP for bridged ones).")
final class ServiceCommand implements Callable<Integer> {
    private final CliContext ctx;

    @Mixin
    ProfileOption profile;

    @Parameters(index = "0", paramLabel = "NAME", description = "The service.")
    String service;

    @Option(names = {"-n", "--namespace"}, defaultValue = "default", description = "Its namespace (default: ${DEFAULT-VALUE}).")
    String namespace;

    @Option(names = "--url", description = "Print the URL only (do not open a browser).")
    boolean urlOnly;

    ServiceCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() throws Exception {
        String name = profile.validated();
        MachineManager machines = new MachineManager(ctx.env(), ctx::warn);
        ApiServerClient api = adminClient(ctx, machines, name);
        List<NodePorts.Port> ports;
        try {
            ports = NodePorts.of(api, namespace, service);
        } catch (java.io.IOException e) {
            throw new JmkException(Reason.K8S_COMPONENT_FAILED, "cannot reach the API server of \"" + name + "\" at "
                    + api.base() + ": " + e.getMessage())
                    .withAdvice("Check 'jminikube status -p " + name + "'; 'jminikube start -p " + name + "' brings it back.");
        }
        for (NodePorts.Port port : ports) {
            // NAT drivers keep one forward per NodePort in the machine's config; a second call reuses it.
            String url = machines.hostEndpoint(name, port.nodePort()).uri("http").toString();
            if (urlOnly) {
                ctx.out().println(url);
            } else {
                ctx.info(namespace + "/" + service + (port.name().isEmpty() ? "" : " (" + port.name() + ")")
                        + " port " + port.port() + " -> " + url);
            }
        }
        ctx.out().flush();
        return 0;
    }

    /** The API server client of a running profile, with the admin certificate from its PKI directory. */
    static ApiServerClient adminClient(CliContext ctx, MachineManager machines, String name) {
        Path machineDir = Clusters.machineDir(ctx.env(), name);
        Path pki = NodeConfiguration.pkiDir(machineDir);
        if (!Files.isDirectory(pki)) {
            throw new JmkException(Reason.GUEST_NOT_FOUND, "profile \"" + name + "\" has no Kubernetes cluster");
        }
        if (machines.status(name).host() != dev.jminikube.drivers.DriverState.RUNNING) {
            throw new JmkException(Reason.GUEST_NOT_RUNNING, "the \"" + name + "\" cluster is not running")
                    .withAdvice("Start it with 'jminikube start -p " + name + "'.");
        }
        HostEndpoint apiServer = machines.hostEndpoint(name, ClusterConfig.DEFAULT_APISERVER_PORT);
        ClusterPki.Credentials creds = ClusterPki.readAdmin(pki);
        return new ApiServerClient(apiServer.uri("https"), creds.caPem(), creds.admin().certificatePem(),
                creds.admin().privateKeyPem());
    }
}
