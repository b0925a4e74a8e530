package dev.jminikube.bootstrap.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import java.util.ArrayList;
import java.util.List;

/** Reads the NodePorts of a service (for {@code service NAME --url}). */
public final class NodePorts {
    private static final ObjectMapper JSON = new ObjectMapper();

    public record Port(String name, int port, int nodePort) {
    }

    private NodePorts() {
    }

    public static List<Port> of(ApiServerClient api, String namespace, String service) throws Exception {
        ApiServerClient.Response r = api.get("/api/v1/namespaces/" + namespace + "/services/" + service);
        if (r.status() == 404) {
            throw new JmkException(Reason.SERVICE_NOT_FOUND, "service '" + service + "' not found in namespace '"
                    + namespace + "'");
        }
        if (!r.ok()) {
            throw new JmkException(Reason.K8S_COMPONENT_FAILED, "the API server answered " + r.status()
                    + " for service " + namespace + "/" + service + ": " + r.body().strip());
        }
        return parse(r.body(), namespace + "/" + service);
    }

    static List<Port> parse(String json, String what) throws Exception {
        JsonNode spec = JSON.readTree(json).path("spec");
        String type = spec.path("type").asText("ClusterIP");
        List<Port> ports = new ArrayList<>();
        for (JsonNode p : spec.path("ports")) {
            if (p.path("nodePort").asInt(0) > 0) {
                ports.add(new Port(p.path("name").asText(""), p.path("port").asInt(), p.path("nodePort").asInt()));
            }
        }
        if (ports.isEmpty()) {
            throw new JmkException(Reason.SERVICE_NOT_NODEPORT, "service " + what + " is of type " + type
                    + " and has no NodePort");
        }
        return ports;
    }
}
