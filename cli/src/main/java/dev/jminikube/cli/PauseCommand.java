package dev.jminikube.cli;

import dev.jminikube.cluster.ClusterPause;
import dev.jminikube.cluster.RunningCluster;
import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import dev.jminikube.core.input.ControlCharacters;
import dev.jminikube.drivers.MachineManager;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code pause} and {@code unpause} (two verbs on one base class: the same flags and checks). minikube requires -A or -n and
 * defaults -n to its own namespaces; here no flag means every namespace, as -A.
 */
abstract class PauseCommand implements Callable<Integer> {
    private final CliContext ctx;
    private final ClusterReach reach;
    private final boolean unpause;

    @Mixin
    ProfileOption profile;

    @Option(names = {"-n", "--namespaces"}, split = ",", paramLabel = "NS",
            description = "Only these namespaces (comma-separated, repeatable).")
    List<String> namespaces = new ArrayList<>();

    @Option(names = {"-A", "--all-namespaces"}, description = "Every namespace (the default).")
    boolean allNamespaces;

    PauseCommand(CliContext ctx, ClusterReach reach, boolean unpause) {
        this.ctx = ctx;
        this.reach = reach;
        this.unpause = unpause;
    }

    @Command(name = "pause", mixinStandardHelpOptions = true, description = {
            "Pause Kubernetes: stop the kubelet and freeze the running containers (all namespaces, or those of -n).",
            "With kube-system the control plane (etcd, API server, ...) is frozen too, so the API server does not "
                    + "answer until 'jminikube unpause'."})
    static final class Pause extends PauseCommand {
        Pause(CliContext ctx, ClusterReach reach) {
            super(ctx, reach, false);
        }
    }

    @Command(name = "unpause", mixinStandardHelpOptions = true, description = {
            "Unpause Kubernetes: thaw what 'jminikube pause' froze (all of it, or that of -n), then start the kubelet."})
    static final class Unpause extends PauseCommand {
        Unpause(CliContext ctx, ClusterReach reach) {
            super(ctx, reach, true);
        }
    }

    @Override
    public Integer call() {
        String name = profile.validated();
        ClusterPause.Selection selection = selection();
        MachineManager machines = profile.machines(ctx);
        RunningCluster cluster = RunningCluster.of(ctx.env(), machines, name);
        String where = selection.namespaces().map(n -> " in: " + String.join(", ", n)).orElse("");
        try (ClusterPause pause = new ClusterPause(reach.guest(machines, name), cluster.state().runtime())) {
            if (unpause) {
                ClusterPause.Outcome o = pause.unpause(selection);
                if (o.nothingToDo()) {
                    ctx.info("\"" + name + "\" is not paused" + where + ": nothing to unpause.");
                } else {
                    ctx.info("Unpaused " + what(o) + " in: " + String.join(", ", o.namespaces()));
                }
                o.stillPaused().ifPresent(r -> ctx.info("Still paused: " + String.join(", ", r.namespaces())
                        + " (the kubelet stays stopped until 'jminikube unpause -p " + name + "' thaws them)."));
            } else {
                ClusterPause.Outcome o = pause.pause(selection);
                if (o.nothingToDo()) {
                    ctx.info(o.stillPaused().isPresent()
                            ? "\"" + name + "\" is paused already" + where + ": nothing to pause."
                            : "No running containers to pause" + where + ".");
                } else {
                    ctx.info("Paused " + what(o) + " in: " + String.join(", ", o.namespaces()));
                }
            }
        }
        return 0;
    }

    /** minikube's "N containers"; the control plane, which is no container here, named when it was part of it. */
    private static String what(ClusterPause.Outcome o) {
        return o.containers() + " containers" + (o.controlPlane() ? " and the control plane" : "");
    }

    private ClusterPause.Selection selection() {
        if (allNamespaces && !namespaces.isEmpty()) {
            throw new JmkException(Reason.USAGE, "--all-namespaces and --namespaces exclude each other",
                    "Use one: 'jminikube " + verb() + " -A' or 'jminikube " + verb() + " -n kube-system'.", null, null);
        }
        if (allNamespaces || namespaces.isEmpty()) {
            return ClusterPause.Selection.ALL;
        }
        for (String ns : namespaces) {
            if (!ClusterPause.isNamespaceName(ns)) {
                throw new JmkException(Reason.USAGE, "--namespaces: \"" + ControlCharacters.escape(ns)
                        + "\" is not a namespace name (lower-case letters, digits and '-', at most 63)",
                        "e.g. 'jminikube " + verb() + " -n kube-system,default'.", null, null);
            }
        }
        return ClusterPause.Selection.of(namespaces);
    }

    private String verb() {
        return unpause ? "unpause" : "pause";
    }
}
