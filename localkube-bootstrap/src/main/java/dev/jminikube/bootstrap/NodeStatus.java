package dev.jminikube.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jminikube.bootstrap.api.ApiServerClient;
import java.util.Optional;

/** Reads a node's Ready condition from the API server. */
public final class NodeStatus {
    private static final ObjectMapper JSON = new ObjectMapper();

    private NodeStatus() {
    }

    /** Empty when the node is Ready; else why not ("not registered yet", "KubeletNotReady: ..."). */
    public static Optional<String> notReadyReason(ApiServerClient api, String node) throws Exception {
        ApiServerClient.Response r = api.get("/api/v1/nodes/" + node);
        if (r.status() == 404) {
            return Optional.of("node " + node + " not registered yet");
        }
        if (!r.ok()) {
            return Optional.of("HTTP " + r.status() + " " + r.body());
        }
        return readyCondition(r.body());
    }

    static Optional<String> readyCondition(String nodeJson) throws Exception {
        for (JsonNode c : JSON.readTree(nodeJson).path("status").path("conditions")) {
            if (c.path("type").asText().equals("Ready")) {
                return c.path("status").asText().equals("True") ? Optional.empty()
                        : Optional.of(c.path("reason").asText() + ": " + c.path("message").asText());
            }
        }
        return Optional.of("no Ready condition yet");
    }
}
