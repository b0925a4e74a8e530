package dev.jminikube.cli;

import dev.jminikube.cluster.NodePortForwards;
import dev.jminikube.cluster.RunningCluster;
import dev.jminikube.addons.dashboard.DashboardApi;
import dev.jminikube.addons.dashboard.DashboardServer;
import dev.jminikube.addons.services.NodePortServices;
import dev.jminikube.addons.services.ServicePorts;
import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import dev.jminikube.core.exec.LocalCommandRunner;
import dev.jminikube.drivers.MachineManager;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code jminikube dashboard}: serves the host-side dashboard on 127.0.0.1 until interrupted (Ctrl-C), like
 * {@code minikube dashboard}. It needs no image in the cluster, so it works offline; the upstream Kubernetes
 * Dashboard is the {@code dashboard} add-on ({@code addons enable dashboard}, NodePort 30000).
 */
@Command(name = "dashboard", mixinStandardHelpOptions = true,
        description = "Serve a web dashboard of the cluster on 127.0.0.1 and open it (Ctrl-C stops it).")
final class DashboardCommand implements Callable<Integer> {
    private final CliContext ctx;

    @Mixin
    ProfileOption profile;

    @Option(names = "--url", description = "Print the URL only (do not open a browser).")
    boolean urlOnly;

    @Option(names = "--port", defaultValue = "0", description = "Port on 127.0.0.1 (default: any free one).")
    int port;

    DashboardCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        if (port < 0 || port > 65535) {
            throw new JmkException(Reason.USAGE, "--port must be between 0 and 65535, not " + port);
        }
        String name = profile.validated();
        RunningCluster cluster = RunningCluster.of(ctx.env(), profile.machines(ctx), name);
        try (KubernetesClient client = cluster.client()) {
            NodePortForwards forwards = new NodePortForwards(cluster.machines(), name);
            DashboardServer.ServiceOpener opener = (namespace, service) -> {
                ServicePorts found = new NodePortServices(client).getWithNodePorts(namespace, service);
                return forwards.url(found.nodePorts().get(0).nodePort());
            };
            try (DashboardServer server = DashboardServer.start(port, name, new DashboardApi(client, Clock.systemUTC()),
                    opener)) {
                String url = server.url().toString();
                if (urlOnly) {
                    ctx.out().println(url);
                    ctx.out().flush();
                } else {
                    ctx.info("Dashboard of \"" + name + "\" at " + url + " (Ctrl-C stops it)");
                    if (!new BrowserOpener(ctx.env(), new LocalCommandRunner()).open(url)) {
                        ctx.info("No browser to open here; open " + url + " yourself.");
                    }
                }
                awaitInterrupt();
            }
        }
        return 0;
    }

    /** Serves until the thread is interrupted; Ctrl-C ends the JVM, and with it the daemon server threads. */
    private static void awaitInterrupt() {
        try {
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
