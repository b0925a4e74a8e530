package dev.jminikube.addons.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * Debian's Chromium, headless, driven over the Chrome DevTools Protocol with the JDK's WebSocket client (no
 * chromedriver, no Selenium): open a page, evaluate JavaScript in it, take a screenshot. The launch flags are
 * the ones that work on a machine without internet (no background networking, sync or component updates).
 */
public final class HeadlessChromium implements AutoCloseable {
    public static final Path BINARY = Path.of("/usr/bin/chromium");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final Path profileDir;
    private final WebSocket socket;
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();

    private HeadlessChromium(Process process, Path profileDir, WebSocket socket) {
        this.process = process;
        this.profileDir = profileDir;
        this.socket = socket;
    }

    public static HeadlessChromium launch(Path profileDir) throws Exception {
        Files.createDirectories(profileDir);
        List<String> argv = new ArrayList<>(List.of(BINARY.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-dev-shm-usage", "--window-size=1400,900",
                "--user-data-dir=" + profileDir, "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
                "about:blank"));
        Process p = new ProcessBuilder(argv).redirectErrorStream(true)
                .redirectOutput(profileDir.resolve("chromium.log").toFile()).start();
        Path portFile = profileDir.resolve("DevToolsActivePort");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.isRegularFile(portFile) || Files.readAllLines(portFile).size() < 2) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                p.destroyForcibly();
                throw new IllegalStateException("chromium did not start: " + Files.readString(profileDir.resolve("chromium.log")));
            }
            Thread.sleep(200);
        }
        int port = Integer.parseInt(Files.readAllLines(portFile).get(0).strip());
        HttpClient http = HttpClient.newHttpClient();
        JsonNode targets = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list"))
                .build(), HttpResponse.BodyHandlers.ofString()).body());
        String pageSocket = null;
        for (JsonNode t : targets) {
            if (t.path("type").asText().equals("page")) {
                pageSocket = t.path("webSocketDebuggerUrl").asText();
                break;
            }
        }
        if (pageSocket == null) {
            p.destroyForcibly();
            throw new IllegalStateException("no page target in " + targets);
        }
        Listener listener = new Listener();
        WebSocket ws = http.newWebSocketBuilder().buildAsync(URI.create(pageSocket), listener).get(30, TimeUnit.SECONDS);
        HeadlessChromium chromium = new HeadlessChromium(p, profileDir, ws);
        listener.owner = chromium;
        chromium.call("Page.enable", Map.of());
        chromium.call("Runtime.enable", Map.of());
        return chromium;
    }

    public void navigate(String url) throws Exception {
        call("Page.navigate", Map.of("url", url));
    }

    /** The value of a JavaScript expression in the page (awaiting promises). */
    public JsonNode evaluate(String expression) throws Exception {
        JsonNode result = call("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true,
                "awaitPromise", true));
        if (result.has("exceptionDetails")) {
            throw new IllegalStateException("JavaScript failed: " + result.path("exceptionDetails"));
        }
        return result.path("result").path("value");
    }

    /**
     * The URL each child frame of the page shows now: a frame the browser refused to load shows its error page
     * ({@code chrome-error://...}) instead of what it was pointed at.
     */
    public List<String> childFrameUrls() throws Exception {
        List<String> urls = new ArrayList<>();
        for (JsonNode child : call("Page.getFrameTree", Map.of()).path("frameTree").path("childFrames")) {
            urls.add(child.path("frame").path("url").asText());
        }
        return urls;
    }

    /** Polls {@code expression} until it is true (e.g. an element exists), or fails with what was last seen. */
    public void waitFor(String what, String expression, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            JsonNode v;
            try {
                v = evaluate(expression);
            } catch (IllegalStateException e) {
                v = null;
            }
            if (v != null && v.asBoolean(false)) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("page never showed " + what + " within " + timeout.toSeconds() + " s; body: "
                        + evaluate("document.body ? document.body.innerText : ''").asText());
            }
            Thread.sleep(500);
        }
    }

    public static void waitUntil(String what, BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + " did not happen within " + timeout.toSeconds() + " s");
            }
            Thread.sleep(1000);
        }
    }

    public void screenshot(Path png) throws Exception {
        JsonNode shot = call("Page.captureScreenshot", Map.of("format", "png"));
        Files.createDirectories(png.toAbsolutePath().getParent());
        Files.write(png, Base64.getDecoder().decode(shot.path("data").asText()));
    }

    private JsonNode call(String method, Map<String, Object> params) throws Exception {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        ObjectNode message = JSON.createObjectNode();
        message.put("id", id);
        message.put("method", method);
        message.set("params", JSON.valueToTree(params));
        socket.sendText(JSON.writeValueAsString(message), true).get(30, TimeUnit.SECONDS);
        JsonNode reply = answer.get(60, TimeUnit.SECONDS);
        if (reply.has("error")) {
            throw new IllegalStateException(method + " failed: " + reply.path("error"));
        }
        return reply.path("result");
    }

    @Override
    public void close() throws IOException {
        socket.abort();
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    public Path profileDir() {
        return profileDir;
    }

    /** Collects text frames into whole messages and completes the call they answer. */
    private static final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();
        volatile HeadlessChromium owner;

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    JsonNode message = JSON.readTree(partial.toString());
                    if (message.has("id") && owner != null) {
                        CompletableFuture<JsonNode> f = owner.pending.remove(message.path("id").asInt());
                        if (f != null) {
                            f.complete(message);
                        }
                    }
                } catch (IOException e) {
                    // Not JSON: ignore (CDP only sends JSON).
                }
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }
    }
}
