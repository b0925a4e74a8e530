package dev.jminikube.addons.dashboard;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.jminikube.addons.KubernetesErrors;
import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The host-side dashboard: a page and a small JSON API on 127.0.0.1, talking to the cluster through
 * {@link DashboardApi}. Nothing runs in the cluster for it, so it works offline.
 *
 * <p>What protects it from other pages in the user's browser:
 * <ul>
 *   <li>only requests whose Host is this loopback address and port are served (no DNS rebinding);</li>
 *   <li>changes (scale, delete, open) need the header {@value #ACTION_HEADER}, which a page of another origin cannot
 *       send without a CORS preflight this server never grants (an OPTIONS request gets 405, without any
 *       Access-Control-Allow-* header); a change whose Origin (sent by browsers with every POST and DELETE) or
 *       Sec-Fetch-Site says it comes from another site is refused as well, so the defence does not rest on the
 *       preflight rules alone. No token is needed: nothing secret has to reach the page;</li>
 *   <li>every answer forbids framing ({@code X-Frame-Options: DENY}, CSP {@code frame-ancestors 'none'}), so no
 *       page can overlay the Scale and Delete buttons and trick clicks onto them, and its CSP allows scripts,
 *       styles and connections from this origin only (the page has no inline script or style).</li>
 * </ul>
 * A malformed request gets a short JSON error: 400 for a body that is not the JSON asked for, 405 (with Allow) for
 * a known path with another method, 413 for an oversized body; a failure of the server itself a 500 saying what
 * failed, never a connection closed without an answer.
 */
public final class DashboardServer implements AutoCloseable {
    public static final String ACTION_HEADER = "X-Jminikube-Dashboard";
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    /** Far more than {"replicas": N}; a bigger body is refused rather than read into memory. */
    static final int MAX_BODY_BYTES = 16 * 1024;
    private static final String RESOURCES = "/dev/jminikube/addons/dashboard/";
    private static final Map<String, String> PAGES = Map.of("/", "index.html", "/index.html", "index.html",
            "/app.js", "app.js", "/app.css", "app.css");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Makes the host's way to a NodePort service (a 127.0.0.1 forward) and returns its URL. */
    @FunctionalInterface
    public interface ServiceOpener {
        String url(String namespace, String name);
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final DashboardApi api;
    private final ServiceOpener opener;
    private final String profile;
    private final Set<String> allowedHosts;
    private final Set<String> allowedOrigins;

    private DashboardServer(HttpServer server, DashboardApi api, ServiceOpener opener, String profile) {
        this.server = server;
        this.api = api;
        this.opener = opener;
        this.profile = profile;
        int port = server.getAddress().getPort();
        this.allowedHosts = Set.of("127.0.0.1:" + port, "localhost:" + port);
        this.allowedOrigins = Set.of("http://127.0.0.1:" + port, "http://localhost:" + port);
        this.executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "dashboard-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
    }

    /**
     * Serves on 127.0.0.1:{@code port} (0: a free port).
     *
     * @throws JmkException {@link Reason#NETWORK_PORT_IN_USE} when the port is taken
     */
    public static DashboardServer start(int port, String profile, DashboardApi api, ServiceOpener opener) {
        HttpServer http;
        try {
            http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
        } catch (BindException e) {
            throw new JmkException(Reason.NETWORK_PORT_IN_USE, "port " + port + " on 127.0.0.1 is in use; the dashboard "
                    + "cannot listen there").withAdvice("Choose another with --port, or --port=0 for any free one.");
        } catch (IOException e) {
            throw new JmkException(Reason.DASHBOARD_FAILED, "cannot serve the dashboard on 127.0.0.1:" + port + ": " + e, e);
        }
        DashboardServer dashboard = new DashboardServer(http, api, opener, profile);
        http.start();
        return dashboard;
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    /** A request the client got wrong: answered with {@code status} and a short JSON error. */
    private static final class BadRequest extends RuntimeException {
        final int status;

        BadRequest(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    /** What one path does: the one method it answers and whether that changes anything. */
    private record Route(String method, boolean changes, Action action) {
    }

    @FunctionalInterface
    private interface Action {
        void run(HttpExchange x) throws IOException;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String host = exchange.getRequestHeaders().getFirst("Host");
            if (host == null || !allowedHosts.contains(host)) {
                json(exchange, 403, Map.of("error", "forbidden: this dashboard answers only as " + url().getAuthority()));
                return;
            }
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            try {
                Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
                Route route = route(path, query);
                if (route == null) {
                    json(exchange, 404, Map.of("error", "no such page: " + method + " " + path));
                } else if (!route.method().equals(method)) {
                    exchange.getResponseHeaders().set("Allow", route.method());
                    json(exchange, 405, Map.of("error", method + " is not allowed on " + path + "; use " + route.method()));
                } else {
                    if (route.changes()) {
                        requireSameSite(exchange);
                    }
                    route.action().run(exchange);
                }
            } catch (BadRequest e) {
                json(exchange, e.status, Map.of("error", e.getMessage()));
            } catch (JmkException e) {
                int status = e.reason() == Reason.SERVICE_NOT_FOUND ? 404 : e.reason() == Reason.SERVICE_NOT_NODEPORT ? 409 : 500;
                json(exchange, status, Map.of("error", e.getMessage(), "advice", e.advice()));
            } catch (KubernetesClientException e) {
                int code = e.getCode() >= 400 && e.getCode() < 500 ? e.getCode() : 502;
                json(exchange, code, Map.of("error", "the API server of \"" + profile + "\": " + KubernetesErrors.message(e)));
            } catch (IllegalArgumentException e) {
                json(exchange, 400, Map.of("error", String.valueOf(e.getMessage())));
            } catch (RuntimeException e) {
                // Still an answer the page can show, not a connection closed without one.
                json(exchange, 500, Map.of("error", "the dashboard failed: " + e));
            }
        }
    }

    /** The route of {@code path}, whatever the method; null when there is none. */
    private Route route(String path, Map<String, String> query) {
        List<String> parts = List.of(path.replaceAll("^/+|/+$", "").split("/"));
        String ns = blankToNull(query.get("namespace"));
        if (PAGES.containsKey(path)) {
            return read(x -> page(x, PAGES.get(path)));
        }
        switch (path) {
            case "/api/summary":
                return read(x -> {
                    Map<String, Object> summary = new LinkedHashMap<>();
                    summary.put("profile", profile);
                    summary.put("kubernetesVersion", api.kubernetesVersion());
                    summary.put("nodes", api.nodes());
                    json(x, 200, summary);
                });
            case "/api/namespaces":
                return read(x -> json(x, 200, api.namespaces()));
            case "/api/deployments":
                return read(x -> json(x, 200, api.deployments(ns)));
            case "/api/pods":
                return read(x -> json(x, 200, api.pods(ns)));
            case "/api/services":
                return read(x -> json(x, 200, api.services(ns)));
            case "/api/events":
                return read(x -> json(x, 200, api.events(ns)));
            default:
                break;
        }
        if (parts.size() < 4 || !parts.get(0).equals("api")) {
            return null;
        }
        String kind = parts.get(1);
        String namespace = parts.get(2);
        String name = parts.get(3);
        String what = parts.size() == 5 ? parts.get(4) : null;
        if (kind.equals("pods") && "log".equals(what)) {
            return read(x -> {
                int tail = Integer.parseInt(query.getOrDefault("tail", "200"));
                send(x, 200, "text/plain; charset=utf-8", api.log(namespace, name, query.get("container"), tail));
            });
        }
        if (kind.equals("deployments") && "scale".equals(what)) {
            return change("POST", x -> {
                int replicas = replicas(readJson(x));
                if (!api.scale(namespace, name, replicas)) {
                    json(x, 404, Map.of("error", "deployment " + namespace + "/" + name + " not found"));
                } else {
                    json(x, 200, Map.of("namespace", namespace, "name", name, "replicas", replicas));
                }
            });
        }
        if (kind.equals("pods") && parts.size() == 4) {
            return change("DELETE", x -> {
                boolean deleted = api.deletePod(namespace, name);
                json(x, deleted ? 200 : 404, deleted ? Map.of("deleted", namespace + "/" + name)
                        : Map.of("error", "pod " + namespace + "/" + name + " not found"));
            });
        }
        if (kind.equals("services") && "open".equals(what)) {
            // Opening makes a host forward (persisted in the machine's config): a change like the others.
            return change("POST", x -> json(x, 200, Map.of("url", opener.url(namespace, name))));
        }
        return null;
    }

    private static Route read(Action action) {
        return new Route("GET", false, action);
    }

    private static Route change(String method, Action action) {
        return new Route(method, true, action);
    }

    /**
     * A change must come from this dashboard's own page (or a non-browser client, which sends no Origin and cannot
     * be abused by another site): the action header, and no Origin or Sec-Fetch-Site naming another site.
     */
    private void requireSameSite(HttpExchange x) {
        String origin = x.getRequestHeaders().getFirst("Origin");
        if (origin != null && !allowedOrigins.contains(origin)) {
            // "null" too: a sandboxed frame or a file:// page.
            throw new BadRequest(403, "forbidden: a change requested by another site (Origin " + origin + ")");
        }
        String fetchSite = x.getRequestHeaders().getFirst("Sec-Fetch-Site");
        if (fetchSite != null && !fetchSite.equals("same-origin") && !fetchSite.equals("none")) {
            throw new BadRequest(403, "forbidden: a change requested by another site (Sec-Fetch-Site " + fetchSite + ")");
        }
        if (x.getRequestHeaders().getFirst(ACTION_HEADER) == null) {
            throw new BadRequest(403, "changes need the " + ACTION_HEADER + " header (sent by the dashboard page)");
        }
    }

    /** The request body as JSON, at most {@link #MAX_BODY_BYTES}. */
    private static JsonNode readJson(HttpExchange x) throws IOException {
        byte[] body = x.getRequestBody().readNBytes(MAX_BODY_BYTES + 1);
        if (body.length > MAX_BODY_BYTES) {
            throw new BadRequest(413, "the request body is larger than " + MAX_BODY_BYTES + " bytes");
        }
        try {
            JsonNode node = JSON.readTree(body);
            if (node == null || !node.isObject()) {
                throw new BadRequest(400, "the request body must be a JSON object, e.g. {\"replicas\": 2}");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new BadRequest(400, "the request body is not valid JSON: " + firstWords(e.getOriginalMessage()));
        }
    }

    /** Jackson's message without the source excerpt and location it appends: short enough for the page. */
    private static String firstWords(String message) {
        String m = String.valueOf(message);
        int end = m.length();
        for (char stop : new char[] {'\n', '(', ':'}) {
            int i = m.indexOf(stop);
            if (i > 0 && i < end) {
                end = i;
            }
        }
        m = m.substring(0, end).strip();
        return m.length() > 80 ? m.substring(0, 80) + "..." : m;
    }

    /** A whole number 0 or more: not a string, not a fraction, not a boolean. */
    private static int replicas(JsonNode body) {
        JsonNode replicas = body.path("replicas");
        if (!replicas.isIntegralNumber() || !replicas.canConvertToInt() || replicas.asInt() < 0) {
            throw new BadRequest(400, "replicas must be a whole number of at least 0, e.g. {\"replicas\": 2}");
        }
        return replicas.asInt();
    }

    private static void page(HttpExchange x, String name) throws IOException {
        try (InputStream in = DashboardServer.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCES + name + " is not on the classpath");
            }
            String type = name.endsWith(".js") ? "text/javascript" : name.endsWith(".css") ? "text/css" : "text/html";
            send(x, 200, type + "; charset=utf-8", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    private static void json(HttpExchange x, int status, Object body) throws IOException {
        send(x, status, "application/json", JSON.writeValueAsString(body));
    }

    private static void send(HttpExchange x, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().set("Content-Type", type);
        x.getResponseHeaders().set("Cache-Control", "no-store");
        x.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        x.getResponseHeaders().set("X-Frame-Options", "DENY");
        x.getResponseHeaders().set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        x.getResponseHeaders().set("Referrer-Policy", "no-referrer");
        // A HEAD answer has headers only; the JDK server refuses body bytes for it.
        boolean head = x.getRequestMethod().equals("HEAD");
        x.sendResponseHeaders(status, head || bytes.length == 0 ? -1 : bytes.length);
        if (!head && bytes.length > 0) {
            try (OutputStream out = x.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    static Map<String, String> query(String raw) {
        Map<String, String> params = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return params;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.put(key, value);
        }
        return params;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() || s.equals("_all") ? null : s;
    }
}
