package dev.jminikube.cli;

import dev.jminikube.cluster.ClusterPause;
import dev.jminikube.cluster.ProfileStore;
import dev.jminikube.core.exec.CommandRunner;
import dev.jminikube.bootstrap.ClusterConfig;
import dev.jminikube.bootstrap.NodeConfiguration;
import dev.jminikube.bootstrap.kubeconfig.KubeconfigMerger;
import dev.jminikube.core.JmkException;
import dev.jminikube.drivers.DriverState;
import dev.jminikube.drivers.MachineManager;
import dev.jminikube.drivers.MachineStatus;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code status}: the host's state and, when it runs a cluster, whether the kubelet and the API server run
 * and whether the user's kubeconfig points at it.
 *
 * <p>The exit code is minikube's, so scripts can branch on it: {@value #EXIT_NONEXISTENT} when the profile has no
 * machine, else a bitmask of what is not right, 0 when everything is:
 * <ul>
 *   <li>{@value #HOST_NOT_RUNNING} (minikube's "minikube NOK"): the host is not Running (Stopped, Suspended, Error).
 *       Then nothing else runs and every bit is set: {@value #EXIT_HOST_NOT_RUNNING}.</li>
 *   <li>{@value #CLUSTER_NOT_RUNNING} ("cluster NOK"): the kubelet or the API server is not Running; a paused
 *       cluster (API server {@value #PAUSED}, kubelet Stopped) is this, 2, as in minikube's exitCode.</li>
 *   <li>{@value #KUBECONFIG_NOT_CONFIGURED} ("Kubernetes NOK"): the kubeconfig is not Configured (no context
 *       named after the profile, or its cluster's server is not where the API server is reached).</li>
 * </ul>
 * A running machine made with {@code --no-kubernetes} has no components to ask: they print "Irrelevant"
 * (minikube's word for fields that do not apply) and set no bits, so such a machine exits 0 when it runs.
 */
@Command(name = "status", mixinStandardHelpOptions = true, description = "Show the state of a cluster.")
final class StatusCommand implements Callable<Integer> {
    static final int HOST_NOT_RUNNING = 1;
    static final int CLUSTER_NOT_RUNNING = 2;
    static final int KUBECONFIG_NOT_CONFIGURED = 4;
    static final int EXIT_HOST_NOT_RUNNING = HOST_NOT_RUNNING | CLUSTER_NOT_RUNNING | KUBECONFIG_NOT_CONFIGURED;
    static final int EXIT_NONEXISTENT = 85;

    static final String RUNNING = "Running";
    /** minikube's word for an API server that 'pause' froze. */
    static final String PAUSED = "Paused";
    private static final java.time.Duration PAUSE_RECORD_TIMEOUT = java.time.Duration.ofSeconds(3);
    static final String STOPPED = "Stopped";
    static final String CONFIGURED = "Configured";
    static final String MISCONFIGURED = "Misconfigured";
    static final String IRRELEVANT = "Irrelevant";
    static final String NONEXISTENT = "Nonexistent";

    private final CliContext ctx;
    private final ClusterReach reach;

    @Mixin
    ProfileOption profile;

    @Option(names = {"-o", "--output"}, defaultValue = "text", description = "text or json.")
    String output;
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    StatusCommand(CliContext ctx, ClusterReach reach) {
        this.ctx = ctx;
        this.reach = reach;
    }

    @Override
    public Integer call() {
        OutputFormats.check(spec, output, "text", "json");
        String name = profile.validated();
        MachineManager machines = profile.machines(ctx);
        MachineStatus status = withComponents(machines, machines.status(name));
        // Workers (issue 18) as minikube shows them: their host and kubelet; the API server and kubeconfig are node 1's.
        List<MachineStatus> nodes = new java.util.ArrayList<>(List.of(status));
        for (String worker : machines.workerMachines(name)) {
            nodes.add(workerStatus(machines, machines.status(worker)));
        }
        if (output.equals("json")) {
            List<String> objects = nodes.stream().map(n -> json(n, nodes.size() > 1 ? n != status : null)).toList();
            ctx.out().println(nodes.size() == 1 ? objects.get(0) : "[" + String.join(",", objects) + "]");
        } else {
            for (MachineStatus node : nodes) {
                if (node != status) {
                    ctx.out().println();
                }
                ctx.out().println(node.profile());
                if (nodes.size() > 1) {
                    ctx.out().println("type: " + (node == status ? "Control Plane" : "Worker"));
                }
                ctx.out().println("host: " + node.host().display());
                ctx.out().println("kubelet: " + node.kubelet());
                if (node == status) {
                    ctx.out().println("apiserver: " + node.apiServer());
                    ctx.out().println("kubeconfig: " + node.kubeconfig());
                }
            }
        }
        ctx.out().flush();
        return nodes.stream().mapToInt(StatusCommand::exitCode).reduce(0, (a, b) -> a | b);
    }

    /** One node's JSON object; {@code worker} is null for a one-node profile (its object has no such field). */
    private static String json(MachineStatus status, Boolean worker) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("Name", status.profile());
        fields.put("Host", status.host().display());
        fields.put("Kubelet", status.kubelet());
        fields.put("APIServer", status.apiServer());
        fields.put("Kubeconfig", status.kubeconfig());
        if (worker != null) {
            fields.put("Worker", worker);
        }
        return fields.entrySet().stream().map(e -> "\"" + e.getKey() + "\":" + (e.getValue() instanceof Boolean b
                        ? b.toString() : "\"" + e.getValue().toString().replace("\"", "\\\"") + "\""))
                .collect(Collectors.joining(",", "{", "}"));
    }

    /** A worker: its host, and its kubelet's unit asked in the node; nothing else of the cluster runs there. */
    private MachineStatus workerStatus(MachineManager machines, MachineStatus worker) {
        if (worker.host() != DriverState.RUNNING) {
            return worker.withComponents(STOPPED, IRRELEVANT, IRRELEVANT);
        }
        String kubelet;
        try (CommandRunner guest = reach.guest(machines, worker.profile())) {
            kubelet = guest.run("systemctl", "is-active", "--quiet", dev.jminikube.bootstrap.Component.KUBELET.unitName())
                    .exitCode() == 0 ? RUNNING : STOPPED;
        } catch (RuntimeException e) {
            kubelet = STOPPED; // a node that cannot be asked runs no kubelet we can see
        }
        return worker.withComponents(kubelet, IRRELEVANT, IRRELEVANT);
    }

    /** Fills kubelet, API server and kubeconfig: asked of the cluster only when the host runs one. */
    private MachineStatus withComponents(MachineManager machines, MachineStatus status) {
        DriverState host = status.host();
        if (host == DriverState.NONEXISTENT) {
            return status.withComponents(NONEXISTENT, NONEXISTENT, NONEXISTENT);
        }
        if (host != DriverState.RUNNING) {
            // minikube's words for a host that is not running: nothing on it runs.
            return status.withComponents(STOPPED, STOPPED, STOPPED);
        }
        String name = status.profile();
        Path machineDir = ProfileStore.of(ctx.env(), name).dir();
        if (ProfileStore.of(ctx.env(), name).cluster().isEmpty()) {
            return status.withComponents(IRRELEVANT, IRRELEVANT, IRRELEVANT);
        }
        ClusterComponents components = ClusterComponents.probe(() -> reach.apiServer(machines, name),
                NodeConfiguration.pkiDir(machineDir), ClusterConfig.nodeNameFor(name), () -> reach.guest(machines, name),
                ClusterComponents.BUDGET);
        String apiServer = components.apiServerRunning() ? RUNNING
                : pausedControlPlane(machines, name) ? PAUSED : STOPPED;
        return status.withComponents(components.kubeletRunning() ? RUNNING : STOPPED, apiServer,
                kubeconfig(name, components.apiServer()));
    }

    /**
     * Asked only when the API server did not answer: whether 'jminikube pause' froze it (its record in the node says
     * so). A running cluster's status costs nothing more.
     */
    private boolean pausedControlPlane(MachineManager machines, String name) {
        try (CommandRunner guest = reach.guest(machines, name)) {
            return ClusterPause.readRecord(guest, PAUSE_RECORD_TIMEOUT).map(ClusterPause.Record::controlPlanePaused)
                    .orElse(false);
        } catch (RuntimeException e) {
            // A node that cannot be asked: the API server is not running, which is what Stopped says.
            return false;
        }
    }

    /** Configured when the user's kubeconfig has the profile's context and its cluster's server is {@code apiServer}. */
    private String kubeconfig(String name, Optional<URI> apiServer) {
        if (apiServer.isEmpty() || !Files.isRegularFile(ctx.env().kubeconfig())) {
            return MISCONFIGURED;
        }
        try {
            Optional<String> server = new KubeconfigMerger(ctx.env().kubeconfig()).serverOf(name);
            return server.map(StatusCommand::withoutTrailingSlash)
                    .filter(s -> s.equals(withoutTrailingSlash(apiServer.get().toString())))
                    .map(s -> CONFIGURED).orElse(MISCONFIGURED);
        } catch (JmkException e) {
            // A file kubectl cannot read either: the profile is not configured in it.
            return MISCONFIGURED;
        }
    }

    private static String withoutTrailingSlash(String uri) {
        return uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
    }

    /** See the class comment. Suspended is not running here, like Stopped. */
    static int exitCode(MachineStatus status) {
        if (status.host() == DriverState.NONEXISTENT) {
            return EXIT_NONEXISTENT;
        }
        int code = 0;
        if (status.host() != DriverState.RUNNING) {
            code |= HOST_NOT_RUNNING;
        }
        if (!isRunningOrIrrelevant(status.kubelet()) || !isRunningOrIrrelevant(status.apiServer())) {
            code |= CLUSTER_NOT_RUNNING;
        }
        if (!status.kubeconfig().equals(CONFIGURED) && !status.kubeconfig().equals(IRRELEVANT)) {
            code |= KUBECONFIG_NOT_CONFIGURED;
        }
        return code;
    }

    private static boolean isRunningOrIrrelevant(String component) {
        return component.equals(RUNNING) || component.equals(IRRELEVANT);
    }
}
