package dev.jminikube.addons.dashboard;

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
 * {@link DashboardApi}. Nothing runs in the cluster for it, so it works offline. Only requests whose Host is
 * this loopback address are served (no DNS rebinding), and changes (scale, delete) need the header
 * {@value #ACTION_HEADER}, which a page of another origin cannot send without a CORS preflight this server never grants.
 * Every answer forbids framing ({@code X-Frame-Options: DENY}, CSP {@code frame-ancestors 'none'}), so no page can
 * overlay the Scale and Delete buttons and trick clicks onto them, and its CSP allows scripts, styles and connections
 * from this origin only (the page has no inline script or style).
 */
public final class DashboardServer implements AutoCloseable {
    public static final String ACTION_HEADER = "X-Jminikube-Dashboard";
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
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

    private DashboardServer(HttpServer server, DashboardApi api, ServiceOpener opener, String profile) {
        this.server = server;
        this.api = api;
        this.opener = opener;
        this.profile = profile;
        int port = server.getAddress().getPort();
        this.allowedHosts = Set.of("127.0.0.1:" + port, "localhost:" + port);
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

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String host = exchange.getRequestHeaders().getFirst("Host");
            if (host == null || !allowedHosts.contains(host)) {
                send(exchange, 403, "text/plain", "forbidden: this dashboard answers only as " + url().getAuthority());
                return;
            }
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            try {
                route(exchange, method, path, query);
            } catch (JmkException e) {
                int status = e.reason() == Reason.SERVICE_NOT_FOUND ? 404 : e.reason() == Reason.SERVICE_NOT_NODEPORT ? 409 : 500;
                json(exchange, status, Map.of("error", e.getMessage(), "advice", e.advice()));
            } catch (KubernetesClientException e) {
                int code = e.getCode() >= 400 && e.getCode() < 500 ? e.getCode() : 502;
                json(exchange, code, Map.of("error", "the API server of \"" + profile + "\": " + KubernetesErrors.message(e)));
            } catch (IllegalArgumentException e) {
                json(exchange, 400, Map.of("error", e.getMessage()));
            }
        }
    }

    private void route(HttpExchange x, String method, String path, Map<String, String> query) throws IOException {
        List<String> parts = List.of(path.replaceAll("^/+|/+$", "").split("/"));
        String ns = blankToNull(query.get("namespace"));
        if (method.equals("GET") && PAGES.containsKey(path)) {
            page(x, PAGES.get(path));
        } else if (method.equals("GET") && path.equals("/api/summary")) {
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("profile", profile);
            summary.put("kubernetesVersion", api.kubernetesVersion());
            summary.put("nodes", api.nodes());
            json(x, 200, summary);
        } else if (method.equals("GET") && path.equals("/api/namespaces")) {
            json(x, 200, api.namespaces());
        } else if (method.equals("GET") && path.equals("/api/deployments")) {
            json(x, 200, api.deployments(ns));
        } else if (method.equals("GET") && path.equals("/api/pods")) {
            json(x, 200, api.pods(ns));
        } else if (method.equals("GET") && path.equals("/api/services")) {
            json(x, 200, api.services(ns));
        } else if (method.equals("GET") && path.equals("/api/events")) {
            json(x, 200, api.events(ns));
        } else if (method.equals("GET") && parts.size() == 5 && parts.get(0).equals("api") && parts.get(1).equals("pods")
                && parts.get(4).equals("log")) {
            int tail = Integer.parseInt(query.getOrDefault("tail", "200"));
            send(x, 200, "text/plain; charset=utf-8", api.log(parts.get(2), parts.get(3), query.get("container"), tail));
        } else if (method.equals("POST") && parts.size() == 5 && parts.get(0).equals("api")
                && parts.get(1).equals("deployments") && parts.get(4).equals("scale")) {
            requireActionHeader(x);
            JsonNode body = JSON.readTree(x.getRequestBody());
            if (!body.path("replicas").canConvertToInt() || body.path("replicas").asInt() < 0) {
                throw new IllegalArgumentException("replicas must be a whole number of at least 0");
            }
            int replicas = body.path("replicas").asInt();
            if (!api.scale(parts.get(2), parts.get(3), replicas)) {
                json(x, 404, Map.of("error", "deployment " + parts.get(2) + "/" + parts.get(3) + " not found"));
            } else {
                json(x, 200, Map.of("namespace", parts.get(2), "name", parts.get(3), "replicas", replicas));
            }
        } else if (method.equals("DELETE") && parts.size() == 4 && parts.get(0).equals("api") && parts.get(1).equals("pods")) {
            requireActionHeader(x);
            boolean deleted = api.deletePod(parts.get(2), parts.get(3));
            json(x, deleted ? 200 : 404, deleted ? Map.of("deleted", parts.get(2) + "/" + parts.get(3))
                    : Map.of("error", "pod " + parts.get(2) + "/" + parts.get(3) + " not found"));
        } else if (method.equals("POST") && parts.size() == 5 && parts.get(0).equals("api")
                && parts.get(1).equals("services") && parts.get(4).equals("open")) {
            // Opening makes a host forward (persisted in the machine's config): a change, so it needs the header.
            requireActionHeader(x);
            json(x, 200, Map.of("url", opener.url(parts.get(2), parts.get(3))));
        } else {
            json(x, 404, Map.of("error", "no such page: " + method + " " + path));
        }
    }

    private static void requireActionHeader(HttpExchange x) {
        if (x.getRequestHeaders().getFirst(ACTION_HEADER) == null) {
            throw new IllegalArgumentException("changes need the " + ACTION_HEADER + " header (sent by the dashboard page)");
        }
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
        x.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
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
