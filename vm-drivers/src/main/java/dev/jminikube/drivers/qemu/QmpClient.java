package dev.jminikube.drivers.qemu;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A minimal QMP client: one JSON object per line over QEMU's unix socket. Connecting reads the greeting
 * and enters command mode; each command waits for its {@code return} or {@code error}, skipping the
 * asynchronous events QEMU may send in between (e.g. POWERDOWN arrives before system_powerdown's return).
 */
public final class QmpClient implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SocketChannel channel;
    private final Selector selector;
    private final Duration timeout;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private final ByteBuffer buffer = ByteBuffer.allocate(8192);

    private QmpClient(SocketChannel channel, Selector selector, Duration timeout) {
        this.channel = channel;
        this.selector = selector;
        this.timeout = timeout;
    }

    /** Connects, checks the greeting and negotiates capabilities. Every later read waits at most {@code timeout}. */
    public static QmpClient connect(Path socket, Duration timeout) throws IOException {
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        Selector selector = null;
        try {
            channel.connect(UnixDomainSocketAddress.of(socket));
            channel.configureBlocking(false);
            selector = Selector.open();
            channel.register(selector, SelectionKey.OP_READ);
            QmpClient client = new QmpClient(channel, selector, timeout);
            JsonNode greeting = client.readMessage();
            if (!greeting.has("QMP")) {
                throw new IOException("not a QMP greeting on " + socket + ": " + greeting);
            }
            client.execute("qmp_capabilities", null);
            return client;
        } catch (IOException | RuntimeException e) {
            if (selector != null) {
                selector.close();
            }
            channel.close();
            throw e;
        }
    }

    /** Runs {@code command} and returns its {@code return} value; a QMP error is a {@link QmpException}. */
    public JsonNode execute(String command, ObjectNode arguments) throws IOException {
        ObjectNode request = JSON.createObjectNode().put("execute", command);
        if (arguments != null) {
            request.set("arguments", arguments);
        }
        write(JSON.writeValueAsString(request) + "\n");
        while (true) {
            JsonNode message = readMessage();
            if (message.has("return")) {
                return message.get("return");
            }
            if (message.has("error")) {
                JsonNode err = message.get("error");
                throw new QmpException(command, err.path("class").asText(), err.path("desc").asText());
            }
            // Anything else is an event ({"event": ...}); commands are answered in order, so keep reading.
        }
    }

    /** {@code query-status}'s status word: running, paused, shutdown, guest-panicked, internal-error... */
    public String queryStatus() throws IOException {
        return execute("query-status", null).path("status").asText();
    }

    /** Presses the ACPI power button; the guest decides how to shut down. */
    public void systemPowerdown() throws IOException {
        execute("system_powerdown", null);
    }

    /** Ends QEMU at once. QEMU may close the socket right after answering, which is success too. */
    public void quit() throws IOException {
        try {
            execute("quit", null);
        } catch (EOFException e) {
            // Closed before or instead of the answer: QEMU is exiting, as asked.
        }
    }

    /**
     * Runs a human monitor command (e.g. {@code hostfwd_add}); HMP reports failures as text output, so
     * any output from a command that prints nothing on success is the error message.
     */
    public String humanMonitorCommand(String commandLine) throws IOException {
        ObjectNode args = JSON.createObjectNode().put("command-line", commandLine);
        return execute("human-monitor-command", args).asText();
    }

    private void write(String text) throws IOException {
        ByteBuffer out = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + timeout.toNanos();
        while (out.hasRemaining()) {
            if (channel.write(out) == 0) {
                if (System.nanoTime() > deadline) {
                    throw new SocketTimeoutException("QMP write timed out after " + timeout.toMillis() + "ms");
                }
                Thread.onSpinWait();
            }
        }
    }

    private JsonNode readMessage() throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        scan:
        while (true) {
            byte[] bytes = pending.toByteArray();
            for (int i = 0; i < bytes.length; i++) {
                if (bytes[i] == '\n') {
                    String line = new String(bytes, 0, i, StandardCharsets.UTF_8).strip();
                    pending.reset();
                    pending.write(bytes, i + 1, bytes.length - i - 1);
                    if (line.isEmpty()) {
                        continue scan;
                    }
                    return JSON.readTree(line);
                }
            }
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                throw new SocketTimeoutException("no QMP answer within " + timeout.toMillis() + "ms");
            }
            selector.select(left);
            selector.selectedKeys().clear();
            buffer.clear();
            int n = channel.read(buffer);
            if (n < 0) {
                throw new EOFException("QEMU closed the QMP connection");
            }
            pending.write(buffer.array(), 0, n);
        }
    }

    @Override
    public void close() {
        try {
            selector.close();
        } catch (IOException ignored) {
            // Closing the channel below is what matters.
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // Nothing to release beyond the file descriptor.
        }
    }
}
