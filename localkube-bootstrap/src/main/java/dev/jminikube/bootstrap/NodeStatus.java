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

    /**
     * Empty once the node's kubelet renewed its lease at or after {@code since}; else why not. After a resume the
     * stored Ready condition is the one from before the suspend, so only a fresh renewal shows the kubelet is back.
     */
    public static Optional<String> leaseNotRenewedSince(ApiServerClient api, String node, java.time.Instant since)
            throws Exception {
        ApiServerClient.Response r = api.get("/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/" + node);
        if (!r.ok()) {
            return Optional.of("lease of node " + node + ": HTTP " + r.status() + " " + r.body());
        }
        return renewedSince(r.body(), since);
    }

    static Optional<String> renewedSince(String leaseJson, java.time.Instant since) throws Exception {
        String renew = JSON.readTree(leaseJson).path("spec").path("renewTime").asText("");
        if (renew.isEmpty()) {
            return Optional.of("the kubelet has not renewed its lease yet");
        }
        java.time.Instant at = java.time.OffsetDateTime.parse(renew).toInstant();
        return at.isBefore(since) ? Optional.of("the kubelet last renewed its lease at " + renew + ", before the resume")
                : Optional.empty();
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
