package dev.jminikube.addons.dashboard;

import dev.jminikube.addons.services.NodePortServices;
import dev.jminikube.addons.services.ServicePorts;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the host-side dashboard shows and does, read and written through fabric8: plain records the HTTP
 * layer turns into JSON. {@code namespace} null means all namespaces.
 */
public final class DashboardApi {
    static final int MAX_EVENTS = 200;

    public record NodeRow(String name, boolean ready, String roles, String version, String internalIp, String cpu,
                          String memory, String age) {
    }

    public record DeploymentRow(String namespace, String name, int replicas, int ready, int available, List<String> images,
                                String age) {
    }

    public record PodRow(String namespace, String name, String status, String ready, int restarts, String node,
                         String ip, List<String> containers, String age) {
    }

    public record ServiceRow(String namespace, String name, String type, String clusterIp, List<ServicePorts.Port> ports) {
    }

    public record EventRow(String namespace, String type, String reason, String object, String message, int count,
                           String lastSeen, long lastSeenEpoch) {
    }

    private final KubernetesClient client;
    private final Clock clock;

    public DashboardApi(KubernetesClient client, Clock clock) {
        this.client = client;
        this.clock = clock;
    }

    public String kubernetesVersion() {
        var version = client.getKubernetesVersion();
        return version == null || version.getGitVersion() == null ? "unknown" : version.getGitVersion();
    }

    public List<NodeRow> nodes() {
        return client.nodes().list().getItems().stream().map(this::node)
                .sorted(Comparator.comparing(NodeRow::name)).toList();
    }

    public List<String> namespaces() {
        return client.namespaces().list().getItems().stream().map(n -> n.getMetadata().getName()).sorted().toList();
    }

    public List<DeploymentRow> deployments(String namespace) {
        List<Deployment> items = namespace == null ? client.apps().deployments().inAnyNamespace().list().getItems()
                : client.apps().deployments().inNamespace(namespace).list().getItems();
        return items.stream().map(d -> new DeploymentRow(d.getMetadata().getNamespace(), d.getMetadata().getName(),
                        orZero(d.getSpec().getReplicas()),
                        d.getStatus() == null ? 0 : orZero(d.getStatus().getReadyReplicas()),
                        d.getStatus() == null ? 0 : orZero(d.getStatus().getAvailableReplicas()),
                        d.getSpec().getTemplate().getSpec().getContainers().stream().map(c -> c.getImage()).toList(),
                        age(d)))
                .sorted(Comparator.comparing(DeploymentRow::namespace).thenComparing(DeploymentRow::name)).toList();
    }

    public List<PodRow> pods(String namespace) {
        List<Pod> items = namespace == null ? client.pods().inAnyNamespace().list().getItems()
                : client.pods().inNamespace(namespace).list().getItems();
        return items.stream().map(this::pod)
                .sorted(Comparator.comparing(PodRow::namespace).thenComparing(PodRow::name)).toList();
    }

    public List<ServiceRow> services(String namespace) {
        return new NodePortServices(client).list(namespace).stream()
                .map(s -> new ServiceRow(s.namespace(), s.name(), s.type(), s.clusterIp(), s.ports())).toList();
    }

    public List<EventRow> events(String namespace) {
        List<Event> items = namespace == null ? client.v1().events().inAnyNamespace().list().getItems()
                : client.v1().events().inNamespace(namespace).list().getItems();
        return items.stream().map(e -> {
            Instant last = lastSeen(e);
            return new EventRow(e.getMetadata().getNamespace(), Objects.toString(e.getType(), ""),
                    Objects.toString(e.getReason(), ""),
                    e.getInvolvedObject() == null ? "" : e.getInvolvedObject().getKind() + "/" + e.getInvolvedObject().getName(),
                    Objects.toString(e.getMessage(), "").strip(), e.getCount() == null ? 1 : e.getCount(),
                    last == null ? "" : ago(last), last == null ? 0 : last.getEpochSecond());
        }).sorted(Comparator.comparingLong(EventRow::lastSeenEpoch).reversed()).limit(MAX_EVENTS).toList();
    }

    /** The last {@code tailLines} lines of a container's log ({@code container} null: the pod's only or first one). */
    public String log(String namespace, String pod, String container, int tailLines) {
        var resource = client.pods().inNamespace(namespace).withName(pod);
        return container == null || container.isBlank() ? resource.tailingLines(tailLines).getLog()
                : resource.inContainer(container).tailingLines(tailLines).getLog();
    }

    /** Scales a deployment through its scale subresource (what {@code kubectl scale} does); false if it does not exist. */
    public boolean scale(String namespace, String name, int replicas) {
        var resource = client.apps().deployments().inNamespace(namespace).withName(name);
        if (resource.get() == null) {
            return false;
        }
        resource.scale(replicas);
        return true;
    }

    /** Deletes a pod (its controller, if any, makes a new one); false if it did not exist. */
    public boolean deletePod(String namespace, String name) {
        return !client.pods().inNamespace(namespace).withName(name).delete().isEmpty();
    }

    private NodeRow node(Node n) {
        boolean ready = Optional.ofNullable(n.getStatus().getConditions()).orElse(List.of()).stream()
                .filter(c -> "Ready".equals(c.getType())).map(NodeCondition::getStatus).anyMatch("True"::equals);
        String roles = String.join(",", Optional.ofNullable(n.getMetadata().getLabels()).orElse(java.util.Map.of())
                .keySet().stream().filter(k -> k.startsWith("node-role.kubernetes.io/"))
                .map(k -> k.substring("node-role.kubernetes.io/".length())).sorted().toList());
        String ip = Optional.ofNullable(n.getStatus().getAddresses()).orElse(List.of()).stream()
                .filter(a -> "InternalIP".equals(a.getType())).map(NodeAddress::getAddress).findFirst().orElse("");
        var capacity = Optional.ofNullable(n.getStatus().getCapacity()).orElse(java.util.Map.of());
        String version = n.getStatus().getNodeInfo() == null ? "" : n.getStatus().getNodeInfo().getKubeletVersion();
        return new NodeRow(n.getMetadata().getName(), ready, roles.isEmpty() ? "<none>" : roles, version, ip,
                capacity.containsKey("cpu") ? capacity.get("cpu").toString() : "",
                capacity.containsKey("memory") ? capacity.get("memory").toString() : "", age(n));
    }

    private PodRow pod(Pod p) {
        List<ContainerStatus> statuses = p.getStatus() == null || p.getStatus().getContainerStatuses() == null
                ? List.of() : p.getStatus().getContainerStatuses();
        int containers = p.getSpec().getContainers().size();
        long ready = statuses.stream().filter(s -> Boolean.TRUE.equals(s.getReady())).count();
        int restarts = statuses.stream().mapToInt(s -> orZero(s.getRestartCount())).sum();
        return new PodRow(p.getMetadata().getNamespace(), p.getMetadata().getName(), podStatus(p, statuses),
                ready + "/" + containers, restarts, p.getSpec().getNodeName() == null ? "" : p.getSpec().getNodeName(),
                p.getStatus() == null || p.getStatus().getPodIP() == null ? "" : p.getStatus().getPodIP(),
                p.getSpec().getContainers().stream().map(c -> c.getName()).toList(), age(p));
    }

    /** Like kubectl's STATUS column: a waiting or terminated container's reason wins over the phase. */
    static String podStatus(Pod p, List<ContainerStatus> statuses) {
        if (p.getMetadata().getDeletionTimestamp() != null) {
            return "Terminating";
        }
        for (ContainerStatus s : statuses) {
            if (s.getState() != null && s.getState().getWaiting() != null && s.getState().getWaiting().getReason() != null) {
                return s.getState().getWaiting().getReason();
            }
            if (s.getState() != null && s.getState().getTerminated() != null
                    && s.getState().getTerminated().getReason() != null) {
                return s.getState().getTerminated().getReason();
            }
        }
        return p.getStatus() == null || p.getStatus().getPhase() == null ? "Unknown" : p.getStatus().getPhase();
    }

    private String age(HasMetadata o) {
        Instant created = parse(o.getMetadata().getCreationTimestamp());
        return created == null ? "" : ago(created);
    }

    private static Instant lastSeen(Event e) {
        for (String t : new String[] {e.getLastTimestamp(), e.getEventTime() == null ? null : e.getEventTime().getTime(),
                e.getFirstTimestamp(), e.getMetadata().getCreationTimestamp()}) {
            Instant i = parse(t);
            if (i != null) {
                return i;
            }
        }
        return null;
    }

    /** kubectl-style ages: 45s, 12m, 3h, 2d. */
    String ago(Instant then) {
        Duration d = Duration.between(then, clock.instant());
        long s = Math.max(0, d.getSeconds());
        if (s < 120) {
            return s + "s";
        }
        if (s < 2 * 3600) {
            return s / 60 + "m";
        }
        if (s < 48 * 3600) {
            return s / 3600 + "h";
        }
        return s / 86400 + "d";
    }

    private static Instant parse(String timestamp) {
        if (timestamp == null || timestamp.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(timestamp);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static int orZero(Integer i) {
        return i == null ? 0 : i;
    }
}
