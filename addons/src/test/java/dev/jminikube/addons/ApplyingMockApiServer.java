package dev.jminikube.addons;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.HashMap;

/**
 * fabric8's CRUD mock API server, made to answer server-side apply (which its stock CRUD dispatcher refuses):
 * an apply-patch for an object that does not exist creates it, as a real API server does; for an existing
 * object it is merged in as a JSON merge patch, which is what an apply by the object's only field manager
 * amounts to. Everything else is the stock dispatcher's.
 */
public final class ApplyingMockApiServer implements AutoCloseable {
    private final KubernetesMockServer server;
    private final ApplyDispatcher dispatcher = new ApplyDispatcher();

    public ApplyingMockApiServer() {
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
        server.init();
    }

    /**
     * From now on every write to {@code objectPath} (e.g. {@code /api/v1/namespaces/kube-system/configmaps/coredns})
     * is refused with 422 Invalid, as an API server refuses an object its validation or an admission webhook rejects.
     */
    public void refuseWritesTo(String objectPath) {
        dispatcher.refused.add(objectPath);
    }

    /**
     * A client on the JDK HTTP client, as jminikube uses, that never retries: a retried create would answer
     * 409 on a slow machine and hide what the code under test did.
     */
    public KubernetesClient client() {
        Config config;
        try (KubernetesClient probe = server.createClient()) {
            config = probe.getConfiguration();
        }
        return ClusterClients.forConfig(new ConfigBuilder(config).withRequestTimeout(60_000)
                .withRequestRetryBackoffLimit(0).build());
    }

    @Override
    public void close() {
        server.destroy();
    }

    private static final class ApplyDispatcher extends KubernetesCrudDispatcher {
        final java.util.Set<String> refused = java.util.concurrent.ConcurrentHashMap.newKeySet();

        @Override
        public MockResponse handlePatch(RecordedRequest request) {
            if (refused.contains(request.getPath().split("\\?", 2)[0])) {
                return new MockResponse().setResponseCode(422).setBody("{\"kind\":\"Status\",\"apiVersion\":\"v1\","
                        + "\"status\":\"Failure\",\"reason\":\"Invalid\",\"code\":422,"
                        + "\"message\":\"refused by the test's API server\"}");
            }
            String contentType = request.getHeader("Content-Type");
            if (contentType != null && contentType.startsWith("application/apply-patch")) {
                String objectPath = request.getPath().split("\\?", 2)[0];
                if (handleGet(objectPath).code() == 404) {
                    String collection = objectPath.substring(0, objectPath.lastIndexOf('/'));
                    return handleCreate(new RecordedRequest(request.getHttpVersion(), HttpMethod.POST, collection,
                            request.getHeaders(), request.getBody()));
                }
                Headers asMergePatch = request.getHeaders().newBuilder()
                        .set("Content-Type", "application/merge-patch+json").build();
                return super.handlePatch(new RecordedRequest(request.getHttpVersion(), HttpMethod.PATCH,
                        request.getPath(), asMergePatch, request.getBody()));
            }
            return super.handlePatch(request);
        }
    }
}
