package dev.jminikube.drivers.qemu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Against a fake QEMU monitor on a real unix socket, speaking QMP as QEMU 7.2 does (CRLF line ends). */
class QmpClientTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path dir;
    private final Path socket;
    private final List<String> received = new CopyOnWriteArrayList<>();
    private ServerSocketChannel server;
    private Thread thread;

    QmpClientTest() throws IOException {
        dir = Files.createTempDirectory(Path.of("/tmp"), "qmp-");
        socket = dir.resolve("qmp.sock");
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        if (thread != null) {
            thread.join(2000);
        }
        Files.deleteIfExists(socket);
        Files.deleteIfExists(dir);
    }

    /** Serves one connection: greeting, then for each request line the lines {@code reply} gives (null = hang up). */
    private void serve(String greeting, Function<JsonNode, List<String>> reply) throws IOException {
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        thread = new Thread(() -> {
            try (SocketChannel client = server.accept()) {
                OutputStream out = Channels.newOutputStream(client);
                BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(client),
                        StandardCharsets.UTF_8));
                out.write((greeting + "\r\n").getBytes(StandardCharsets.UTF_8));
                String line;
                while ((line = in.readLine()) != null) {
                    received.add(line);
                    List<String> answer = reply.apply(JSON.readTree(line));
                    if (answer == null) {
                        return;
                    }
                    for (String a : answer) {
                        out.write((a + "\r\n").getBytes(StandardCharsets.UTF_8));
                    }
                    out.flush();
                }
            } catch (IOException ignored) {
                // The test closed the server.
            }
        }, "fake-qmp");
        thread.setDaemon(true);
        thread.start();
    }

    private static final String GREETING = "{\"QMP\": {\"version\": {\"qemu\": {\"micro\": 22, \"minor\": 2, \"major\": 7}},"
            + " \"capabilities\": [\"oob\"]}}";
    private static final String EVENT = "{\"timestamp\": {\"seconds\": 1, \"microseconds\": 2}, \"event\": \"POWERDOWN\"}";

    private static List<String> qemu(JsonNode request) {
        switch (request.path("execute").asText()) {
            case "qmp_capabilities":
            case "system_powerdown":
                // QEMU may emit the event before the command's own return.
                return request.path("execute").asText().equals("system_powerdown")
                        ? List.of(EVENT, "{\"return\": {}}") : List.of("{\"return\": {}}");
            case "query-status":
                return List.of("{\"return\": {\"status\": \"running\", \"singlestep\": false, \"running\": true}}");
            case "human-monitor-command":
                String cmd = request.path("arguments").path("command-line").asText();
                return List.of(cmd.startsWith("hostfwd_add")
                        ? "{\"return\": \"\"}"
                        : "{\"return\": \"Invalid host forwarding rule '" + cmd + "'\\r\\n\"}");
            case "quit":
                return null;
            default:
                return List.of("{\"error\": {\"class\": \"CommandNotFound\", \"desc\": \"The command "
                        + request.path("execute").asText() + " has not been found\"}}");
        }
    }

    @Test
    void negotiatesCapabilitiesThenRunsCommandsSkippingEvents() throws Exception {
        serve(GREETING, QmpClientTest::qemu);
        try (QmpClient qmp = QmpClient.connect(socket, Duration.ofSeconds(2))) {
            assertThat(received).containsExactly("{\"execute\":\"qmp_capabilities\"}");
            qmp.systemPowerdown();
            assertThat(qmp.queryStatus()).isEqualTo("running");
            assertThat(qmp.humanMonitorCommand("hostfwd_add net0 tcp:127.0.0.1:41080-:30080")).isEmpty();
            assertThat(qmp.humanMonitorCommand("hostfwd_remove net0 bogus")).contains("Invalid host forwarding rule");
            qmp.quit(); // the fake hangs up without answering, as QEMU may
        }
        assertThat(received.get(3)).isEqualTo("{\"execute\":\"human-monitor-command\",\"arguments\":"
                + "{\"command-line\":\"hostfwd_add net0 tcp:127.0.0.1:41080-:30080\"}}");
    }

    @Test
    void errorsCarryTheirClass() throws Exception {
        serve(GREETING, QmpClientTest::qemu);
        try (QmpClient qmp = QmpClient.connect(socket, Duration.ofSeconds(2))) {
            assertThatThrownBy(() -> qmp.execute("no-such-command", null))
                    .isInstanceOfSatisfying(QmpException.class,
                            e -> assertThat(e.errorClass()).isEqualTo("CommandNotFound"))
                    .hasMessageContaining("no-such-command");
        }
    }

    @Test
    void refusesSomethingThatIsNotQmp() throws Exception {
        serve("{\"hello\": 1}", QmpClientTest::qemu);
        assertThatThrownBy(() -> QmpClient.connect(socket, Duration.ofSeconds(2)))
                .isInstanceOf(IOException.class).hasMessageContaining("not a QMP greeting");
    }

    @Test
    void aSilentMonitorTimesOut() throws Exception {
        serve(GREETING, request -> List.of());
        long start = System.nanoTime();
        assertThatThrownBy(() -> QmpClient.connect(socket, Duration.ofMillis(300)))
                .isInstanceOf(SocketTimeoutException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void noSocketIsAnIoError() {
        assertThatThrownBy(() -> QmpClient.connect(dir.resolve("absent.sock"), Duration.ofSeconds(1)))
                .isInstanceOf(IOException.class);
    }
}
