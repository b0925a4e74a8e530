package dev.jminikube.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jminikube.bootstrap.Component;
import dev.jminikube.bootstrap.ContainerRuntime;
import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import dev.jminikube.core.exec.CommandFailedException;
import dev.jminikube.core.exec.CommandRunner;
import dev.jminikube.core.exec.RunOptions;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * {@code pause} and {@code unpause}, as minikube's: pause stops the kubelet (so it does not restart or kill what is
 * frozen) and freezes the running containers of the chosen Kubernetes namespaces; unpause thaws exactly what the
 * pause froze, then starts the kubelet again.
 *
 * <p>Here the control plane (etcd, the API server, controller-manager, scheduler, kube-proxy) runs as systemd units,
 * not as kube-system containers as in minikube, so a pause that covers kube-system also freezes those units
 * ({@code systemctl freeze}, the cgroup freezer): what minikube's users see, an API server that does not answer.
 *
 * <p>What was frozen is recorded in the node at {@link #RECORD}. {@code /run} is a tmpfs, so the record lives exactly
 * as long as the frozen processes: a suspend and resume keeps both, a reboot drops both.
 */
public final class ClusterPause implements AutoCloseable {
    /** The record of a pause in the node: present exactly while something is paused. */
    public static final String RECORD = "/run/jminikube/paused.json";
    static final String KUBE_SYSTEM = "kube-system";
    static final String NAMESPACE_LABEL = "io.kubernetes.pod.namespace";
    /** The control-plane units; frozen with kube-system, whose pods they are in minikube. */
    static final List<String> CONTROL_PLANE_UNITS = Stream.of(Component.ETCD, Component.APISERVER,
            Component.CONTROLLER_MANAGER, Component.SCHEDULER, Component.PROXY).map(Component::unitName).toList();
    private static final String KUBELET = Component.KUBELET.unitName();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final CommandRunner node;
    private final ContainerRuntime runtime;

    /** @param node a runner in a running cluster's node (see {@link RunningCluster#of}); closed with this */
    public ClusterPause(CommandRunner node, ContainerRuntime runtime) {
        this.node = node;
        this.runtime = runtime;
    }

    /** Closes the runner in the node. */
    @Override
    public void close() {
        node.close();
    }

    /** Which namespaces: all of them, or these. */
    public record Selection(Optional<Set<String>> namespaces) {
        public static final Selection ALL = new Selection(Optional.empty());

        public static Selection of(List<String> namespaces) {
            return new Selection(Optional.of(new TreeSet<>(namespaces)));
        }

        boolean covers(String namespace) {
            return namespaces.map(n -> n.contains(namespace)).orElse(true);
        }
    }

    /** One frozen container and its pod's namespace. */
    public record PausedContainer(String id, String namespace) {
    }

    /** The record's content; {@code units} are the frozen systemd units. */
    public record Record(String runtime, List<PausedContainer> containers, List<String> units) {
        public Record {
            containers = List.copyOf(containers);
            units = List.copyOf(units);
        }

        boolean isEmpty() {
            return containers.isEmpty() && units.isEmpty();
        }

        /** The namespaces of the frozen containers, sorted; kube-system when the control plane is frozen. */
        public Set<String> namespaces() {
            Set<String> ns = new TreeSet<>();
            containers.forEach(c -> ns.add(c.namespace()));
            if (!units.isEmpty()) {
                ns.add(KUBE_SYSTEM);
            }
            return ns;
        }

        /** The API server is frozen. */
        public boolean controlPlanePaused() {
            return units.contains(Component.APISERVER.unitName());
        }
    }

    /**
     * What a pause or unpause did.
     *
     * @param containers how many containers it froze or thawed now
     * @param namespaces their namespaces (and kube-system for the control plane)
     * @param nothingToDo nothing of the selection was left to freeze (pause: paused already, or nothing runs there)
     *                    or to thaw (unpause: not paused)
     * @param stillPaused what stays paused after a partial unpause (empty when nothing is)
     * @param controlPlane it froze or thawed the control-plane units now
     */
    public record Outcome(int containers, Set<String> namespaces, boolean nothingToDo, Optional<Record> stillPaused,
                          boolean controlPlane) {
    }

    /** The record in the node, if a pause is in force. */
    public Optional<Record> record() {
        return readRecord(node);
    }

    /** Reads {@link #RECORD} through {@code node}; empty when there is none. */
    public static Optional<Record> readRecord(CommandRunner node) {
        byte[] text;
        try {
            text = node.readFile(RECORD);
        } catch (CommandFailedException e) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(text, Record.class));
        } catch (java.io.IOException e) {
            throw new JmkException(Reason.GUEST_COMMAND_FAILED, "the pause record " + RECORD + " in the node cannot be read: "
                    + e.getMessage()).withAdvice("Remove it with 'jminikube ssh -- sudo rm " + RECORD
                    + "', then 'jminikube unpause' or 'jminikube start'.");
        }
    }

    /**
     * The record, asked with a {@code cat} bounded by {@code timeout} (status must not hang on a busy node); empty
     * when there is none or the node did not answer in time.
     */
    public static Optional<Record> readRecord(CommandRunner node, java.time.Duration timeout) {
        var r = node.run(List.of("cat", RECORD), RunOptions.DEFAULTS.withTimeout(timeout));
        if (!r.succeeded()) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(r.stdout(), Record.class));
        } catch (java.io.IOException e) {
            return Optional.empty();
        }
    }

    public Outcome pause(Selection selection) {
        Optional<Record> before = record();
        // The kubelet first: it would restart or kill (failed probes) the containers we freeze.
        node.check("systemctl", "stop", KUBELET);
        List<PausedContainer> toFreeze = runningContainers().stream().filter(c -> selection.covers(c.namespace())).toList();
        List<String> alreadyFrozenUnits = before.map(Record::units).orElse(List.of());
        List<String> unitsToFreeze = selection.covers(KUBE_SYSTEM) && alreadyFrozenUnits.isEmpty()
                ? CONTROL_PLANE_UNITS : List.of();
        List<PausedContainer> all = new ArrayList<>(before.map(Record::containers).orElse(List.of()));
        if (toFreeze.isEmpty() && unitsToFreeze.isEmpty()) {
            if (before.isEmpty()) {
                // Nothing was paused and nothing is to be: the kubelet runs again, as before this call.
                node.check("systemctl", "start", KUBELET);
            }
            return new Outcome(0, Set.of(), true, before, false);
        }
        // Recorded before freezing: an interrupted pause leaves a record that unpause can act on (thawing what
        // is not frozen is harmless), never frozen containers nobody knows of.
        all.addAll(toFreeze);
        List<String> units = new ArrayList<>(alreadyFrozenUnits);
        units.addAll(unitsToFreeze);
        Record record = new Record(runtime.flagValue(), all, units);
        writeRecord(record);
        freeze(toFreeze);
        if (!unitsToFreeze.isEmpty()) {
            node.check(concat(List.of("systemctl", "freeze"), unitsToFreeze), RunOptions.DEFAULTS);
        }
        Set<String> namespaces = new Record(record.runtime(), toFreeze, unitsToFreeze).namespaces();
        return new Outcome(toFreeze.size(), namespaces, false, Optional.of(record), !unitsToFreeze.isEmpty());
    }

    public Outcome unpause(Selection selection) {
        Optional<Record> before = record();
        if (before.isEmpty()) {
            return new Outcome(0, Set.of(), true, Optional.empty(), false);
        }
        Record record = before.get();
        List<PausedContainer> toThaw = record.containers().stream().filter(c -> selection.covers(c.namespace())).toList();
        List<String> unitsToThaw = selection.covers(KUBE_SYSTEM) ? record.units() : List.of();
        if (toThaw.isEmpty() && unitsToThaw.isEmpty()) {
            return new Outcome(0, Set.of(), true, before, false);
        }
        // The control plane first (etcd before the API server, as they were listed), then the containers, which
        // may talk to it as soon as they run again.
        if (!unitsToThaw.isEmpty()) {
            node.check(concat(List.of("systemctl", "thaw"), unitsToThaw), RunOptions.DEFAULTS);
        }
        thaw(toThaw);
        Record rest = new Record(record.runtime(),
                record.containers().stream().filter(c -> !toThaw.contains(c)).toList(),
                record.units().stream().filter(u -> !unitsToThaw.contains(u)).toList());
        Set<String> namespaces = new Record(record.runtime(), toThaw, unitsToThaw).namespaces();
        if (rest.isEmpty()) {
            node.check("rm", "-f", RECORD);
            // Last, as minikube: started while containers were frozen it would restart them.
            node.check("systemctl", "start", KUBELET);
            return new Outcome(toThaw.size(), namespaces, false, Optional.empty(), !unitsToThaw.isEmpty());
        }
        // Something stays frozen: the kubelet stays stopped, for the same reason it was stopped.
        writeRecord(rest);
        return new Outcome(toThaw.size(), namespaces, false, Optional.of(rest), !unitsToThaw.isEmpty());
    }

    /** The Kubernetes containers (not pod sandboxes) that run now, with their pods' namespaces. */
    List<PausedContainer> runningContainers() {
        return switch (runtime) {
            case CONTAINERD -> containerdRunning();
            case DOCKER -> dockerRunning();
        };
    }

    /**
     * {@code ctr task ls} says which tasks run (a frozen one says PAUSED); {@code ctr containers info} of those, in
     * one shell call, gives their labels. Sandboxes (pause containers) are left alone, as minikube's crictl listing
     * leaves them out.
     */
    private List<PausedContainer> containerdRunning() {
        List<String> running = node.check("ctr", "-n", "k8s.io", "task", "ls").stdout().lines().skip(1)
                .map(l -> l.trim().split("\\s+")).filter(f -> f.length >= 3 && f[2].equals("RUNNING"))
                .map(f -> f[0]).toList();
        if (running.isEmpty()) {
            return List.of();
        }
        String infos = node.check(concat(List.of("sh", "-c",
                "for id in \"$@\"; do ctr -n k8s.io containers info \"$id\"; done", "sh"), running), RunOptions.DEFAULTS).stdout();
        List<PausedContainer> found = new ArrayList<>();
        try (MappingIterator<JsonNode> it = JSON.readerFor(JsonNode.class).readValues(infos)) {
            while (it.hasNext()) {
                JsonNode info = it.next();
                JsonNode labels = info.path("Labels");
                String namespace = labels.path(NAMESPACE_LABEL).asText("");
                if (!namespace.isEmpty() && labels.path("io.cri-containerd.kind").asText("").equals("container")) {
                    found.add(new PausedContainer(info.path("ID").asText(), namespace));
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            throw new JmkException(Reason.GUEST_COMMAND_FAILED, "cannot read the node's container list: " + e.getMessage());
        }
        return found;
    }

    /** Running, not paused, Kubernetes containers (dockershim labels its sandboxes "podsandbox"). */
    private List<PausedContainer> dockerRunning() {
        return node.check("docker", "ps", "--filter", "status=running", "--filter",
                        "label=io.kubernetes.docker.type=container", "--format",
                        "{{.ID}} {{.Label \"" + NAMESPACE_LABEL + "\"}}").stdout().lines()
                .map(l -> l.trim().split("\\s+")).filter(f -> f.length == 2)
                .map(f -> new PausedContainer(f[0], f[1])).toList();
    }

    private void freeze(List<PausedContainer> containers) {
        tell(containers, "pause", "pause");
    }

    private void thaw(List<PausedContainer> containers) {
        tell(containers, "resume", "unpause");
    }

    /** {@code ctr task <ctrVerb>} each container, or one {@code docker <dockerVerb>} of them all. */
    private void tell(List<PausedContainer> containers, String ctrVerb, String dockerVerb) {
        if (containers.isEmpty()) {
            return;
        }
        switch (runtime) {
            case CONTAINERD -> containers.forEach(c -> node.check("ctr", "-n", "k8s.io", "task", ctrVerb, c.id()));
            case DOCKER -> node.check(concat(List.of("docker", dockerVerb), ids(containers)), RunOptions.DEFAULTS);
        }
    }

    private void writeRecord(Record record) {
        node.check("mkdir", "-p", "/run/jminikube");
        try {
            node.write(JSON.writeValueAsString(record).getBytes(StandardCharsets.UTF_8), RECORD, 0644);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> ids(List<PausedContainer> containers) {
        return containers.stream().map(PausedContainer::id).toList();
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static final java.util.regex.Pattern NAMESPACE = java.util.regex.Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

    /** A Kubernetes namespace name (a DNS-1123 label): what {@code -n} takes. */
    public static boolean isNamespaceName(String name) {
        return NAMESPACE.matcher(name).matches();
    }
}
