package dev.jminikube.bootstrap.binaries;

import dev.jminikube.core.Sha256;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.jminikube.bootstrap.KubernetesVersion;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** A Kubernetes release tree on 127.0.0.1 for tests: serves files from a map, honours Range, records requests. */
final class ReleaseTreeServer implements AutoCloseable {
    record Request(String method, String path, String range) {
    }

    final Map<String, byte[]> files = new ConcurrentHashMap<>();
    final List<Request> requests = new CopyOnWriteArrayList<>();
    volatile boolean honourRange = true;
    private final HttpServer server;

    ReleaseTreeServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/release";
    }

    /** Publishes every binary of {@code version} with content "<name> <version>" (made larger) and its .sha256. */
    ReleaseTreeServer publish(KubernetesVersion version, LinuxArch arch) {
        for (String binary : KubernetesBinaries.REQUIRED) {
            byte[] content = contentOf(binary, version);
            String path = path(version, arch, binary);
            files.put(path, content);
            files.put(path + ".sha256", (Sha256.of(content) + "  " + binary + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return this;
    }

    static byte[] contentOf(String binary, KubernetesVersion version) {
        byte[] seed = (binary + " " + version + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] content = new byte[200_000 + binary.length()];
        for (int i = 0; i < content.length; i++) {
            content[i] = seed[i % seed.length];
        }
        return content;
    }

    static String path(KubernetesVersion version, LinuxArch arch, String binary) {
        return "/release/" + version + "/bin/linux/" + arch.goName() + "/" + binary;
    }

    long requestsFor(String pathSuffix) {
        return requests.stream().filter(r -> r.path().endsWith(pathSuffix)).count();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String range = exchange.getRequestHeaders().getFirst("Range");
        requests.add(new Request(exchange.getRequestMethod(), path, range));
        byte[] content = files.get(path);
        try (exchange) {
            if (content == null) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            boolean head = exchange.getRequestMethod().equals("HEAD");
            int status = 200;
            byte[] body = content;
            if (range != null && honourRange && range.startsWith("bytes=") && range.endsWith("-")) {
                int from = Integer.parseInt(range.substring(6, range.length() - 1));
                if (from >= content.length) {
                    exchange.sendResponseHeaders(416, -1);
                    return;
                }
                status = 206;
                body = Arrays.copyOfRange(content, from, content.length);
                exchange.getResponseHeaders().add("Content-Range",
                        "bytes " + from + "-" + (content.length - 1) + "/" + content.length);
            }
            exchange.sendResponseHeaders(status, head ? -1 : body.length);
            if (!head) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
