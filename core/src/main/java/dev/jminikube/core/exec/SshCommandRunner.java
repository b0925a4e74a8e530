package dev.jminikube.core.exec;

import com.jcraft.jsch.ChannelExec;
import com.jcraft.jsch.HostKey;
import com.jcraft.jsch.HostKeyRepository;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchAlgoNegoFailException;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import com.jcraft.jsch.UserInfo;
import dev.jminikube.core.exec.SshConnectException.Failure;
import dev.jminikube.core.io.PartialFile;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Runs commands in a machine over SSH (jsch). One SSH connection is opened on first use and shared by
 * all commands, including concurrent ones (each gets its own channel); if it has dropped (the VM
 * rebooted, its port forward restarted) the next command reconnects once. {@link #close()} drops
 * the connection; using the runner afterwards connects again.
 *
 * <p>Commands are sent as {@link ShellQuoting#join} of argv, so the remote login shell splits them
 * back into exactly argv. Paths in copy/write/readFile are paths in the machine.
 *
 * <p>The guest's host key is checked against the endpoint's {@link HostKeyPin}: the first connection that logs in
 * pins the key it saw; a later connection presenting another key is refused during the handshake, before our key
 * or any command is sent, with a {@link dev.jminikube.core.JmkException} of reason
 * {@link dev.jminikube.core.Reason#GUEST_SSH_HOST_KEY_CHANGED}.
 */
public final class SshCommandRunner implements CommandRunner {
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

    // A dead VM behind a live port forward never closes the socket; keepalives turn that into a
    // dropped session within about (count + 1) * interval instead of a command hanging forever.
    private static final int KEEPALIVE_INTERVAL_MS = 10_000;
    private static final int KEEPALIVE_COUNT_MAX = 3;
    private static final int COPY_CHUNK = 64 * 1024;
    private static final Duration READ_TIMEOUT = Duration.ofMinutes(10);
    /** An image of a few GB at the ~20 MB/s an emulated node's SSH manages. */
    private static final Duration DOWNLOAD_TIMEOUT = Duration.ofMinutes(30);

    /**
     * Decides on the host key for one connection from the machine's {@link HostKeyPin}: on first contact it accepts
     * the key and keeps it for {@link #connectNew} to pin once the connection has succeeded; afterwards only a pinned
     * key passes. jsch is run with StrictHostKeyChecking=yes, so CHANGED (or anything but OK) ends the handshake
     * before authentication, before a byte of ours is sent. It never touches ~/.ssh/known_hosts.
     */
    private static final class PinCheck implements HostKeyRepository {
        private final HostKeyPin pin;
        private final List<HostKeyPin.PinnedKey> pinned;
        private volatile byte[] presented;
        private volatile boolean refused;

        PinCheck(HostKeyPin pin, List<HostKeyPin.PinnedKey> pinned) {
            this.pin = pin;
            this.pinned = pinned;
        }

        @Override
        public int check(String host, byte[] key) {
            presented = key.clone();
            if (pinned.isEmpty()) {
                return OK; // first contact: trusted, pinned after the connection succeeds
            }
            String offered = Base64.getEncoder().encodeToString(key);
            if (host.equals(pin.alias()) && pinned.stream().anyMatch(k -> k.base64().equals(offered))) {
                return OK;
            }
            refused = true;
            return CHANGED;
        }

        @Override
        public void add(HostKey hostkey, UserInfo ui) {
            // jsch adds only keys it was told to accept without a check; pinning is connectNew's, after auth.
        }

        @Override
        public void remove(String host, String type) {
        }

        @Override
        public void remove(String host, String type, byte[] key) {
        }

        @Override
        public String getKnownHostsRepositoryID() {
            return pin.knownHostsFile().toString();
        }

        @Override
        public HostKey[] getHostKey() {
            return hostKeys(null);
        }

        /** jsch asks this to put pinned key types first in its proposal and to look for revoked markers. */
        @Override
        public HostKey[] getHostKey(String host, String type) {
            return host == null || host.equals(pin.alias()) ? hostKeys(type) : new HostKey[0];
        }

        private HostKey[] hostKeys(String type) {
            List<HostKey> keys = new ArrayList<>();
            for (HostKeyPin.PinnedKey k : pinned) {
                if (type != null && !type.equals(k.type())) {
                    continue;
                }
                try {
                    keys.add(new HostKey(pin.alias(), k.blob()));
                } catch (JSchException unknownToJsch) {
                    // A type jsch cannot use; it can then never be negotiated either.
                }
            }
            return keys.toArray(new HostKey[0]);
        }
    }

    private static final Map<String, Integer> SIGNALS = Map.ofEntries(
            Map.entry("HUP", 1), Map.entry("INT", 2), Map.entry("QUIT", 3), Map.entry("ILL", 4),
            Map.entry("ABRT", 6), Map.entry("FPE", 8), Map.entry("KILL", 9), Map.entry("USR1", 10),
            Map.entry("SEGV", 11), Map.entry("USR2", 12), Map.entry("PIPE", 13), Map.entry("ALRM", 14),
            Map.entry("TERM", 15));

    private final SshEndpoint endpoint;
    private final Duration connectTimeout;
    private Session session; // guarded by this

    public SshCommandRunner(SshEndpoint endpoint) {
        this(endpoint, DEFAULT_CONNECT_TIMEOUT);
    }

    /** @param connectTimeout how long to wait for TCP connect plus SSH handshake and auth */
    public SshCommandRunner(SshEndpoint endpoint, Duration connectTimeout) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.connectTimeout = Objects.requireNonNull(connectTimeout, "connectTimeout");
        if (connectTimeout.isNegative() || connectTimeout.isZero() || connectTimeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("connect timeout out of range: " + connectTimeout);
        }
    }

    public SshEndpoint endpoint() {
        return endpoint;
    }

    /**
     * Connects now unless already connected, so a caller can tell "SSH is not up" from "the command
     * failed". Throws {@link SshConnectException}.
     */
    public void connect() {
        session();
    }

    @Override
    public CommandResult run(List<String> argv, RunOptions options) {
        requireCommand(argv);
        Capture out = new Capture(options.outputLines());
        Capture err = new Capture(options.outputLines());
        byte[] stdin = options.stdin() == null ? new byte[0] : options.stdin();
        return run(argv, new ByteArrayInputStream(stdin), options);
    }

    @Override
    public CommandResult run(List<String> argv, InputStream input, RunOptions options) {
        requireCommand(argv);
        Capture out = new Capture(options.outputLines());
        Capture err = new Capture(options.outputLines());
        Outcome outcome = execute(argv, input, out, err, options.timeout());
        out.finish();
        err.finish();
        return outcome.result(argv, out, err);
    }

    /** Streams the file through {@code cat} straight into a temporary sibling of {@code target}, then renames it. */
    @Override
    public void download(String source, Path target) {
        List<String> argv = List.of("cat", source);
        try {
            PartialFile.write(target, file -> {
                Capture out = Capture.into(file);
                Capture err = new Capture(null);
                Outcome outcome = execute(argv, new ByteArrayInputStream(new byte[0]), out, err, DOWNLOAD_TIMEOUT);
                out.rethrowSinkFailure();
                if (outcome.timedOut || outcome.exitCode != 0) {
                    throw new CommandFailedException(outcome.result(argv, new Capture(null), err), pasteReady(argv));
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("copy " + source + " to " + target + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void copy(Path source, String target, int mode, CopyProgress progress) {
        long size;
        InputStream in;
        try {
            size = Files.size(source);
            in = Files.newInputStream(source);
        } catch (IOException e) {
            throw new UncheckedIOException("copy " + source + " to " + target + ": " + e.getMessage(), e);
        }
        try (in) {
            upload(in, size, source.toString(), target, mode, progress);
        } catch (IOException e) {
            throw new UncheckedIOException("copy " + source + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void write(byte[] content, String target, int mode) {
        upload(new ByteArrayInputStream(content), content.length, content.length + " bytes", target, mode,
                CopyProgress.NONE);
    }

    @Override
    public byte[] readFile(String path) {
        List<String> argv = List.of("cat", path);
        Capture out = new Capture(null);
        Capture err = new Capture(null);
        Outcome outcome = execute(argv, new ByteArrayInputStream(new byte[0]), out, err, READ_TIMEOUT);
        if (outcome.timedOut || outcome.exitCode != 0) {
            throw new CommandFailedException(outcome.result(argv, new Capture(null), err), pasteReady(argv));
        }
        return out.bytes();
    }

    /**
     * {@code ssh -i KEY -p PORT -o HostKeyAlias=... -o UserKnownHostsFile=PIN ... USER@HOST 'COMMAND'}: the system
     * client checks the same pinned host key as this runner, and the remote command is one shell word so that the
     * local shell passes it through untouched.
     */
    @Override
    public String pasteReady(List<String> argv) {
        return "ssh -i " + ShellQuoting.quote(endpoint.privateKey().toString())
                + " -p " + endpoint.port()
                + " " + ShellQuoting.join(endpoint.hostKeyPin().sshClientOptions()) + " "
                + ShellQuoting.quote(endpoint.user() + "@" + endpoint.host())
                + " " + ShellQuoting.quote(ShellQuoting.join(argv));
    }

    @Override
    public synchronized void close() {
        if (session != null) {
            session.disconnect();
            session = null;
        }
    }

    // ---- commands ------------------------------------------------------------------------------

    private Outcome execute(List<String> argv, InputStream stdin, Capture out, Capture err, Duration timeout) {
        long start = System.nanoTime();
        long deadline = start + saturatedNanos(timeout);
        Exec exec = open(ShellQuoting.join(argv), out, err, stdin);
        try {
            boolean closed = awaitClose(exec.channel, deadline, argv);
            if (!closed) {
                kill(exec.channel);
                return new Outcome(-1, true, Duration.ofNanos(System.nanoTime() - start));
            }
            return new Outcome(exitCode(exec, argv), false, Duration.ofNanos(System.nanoTime() - start));
        } finally {
            exec.channel.disconnect();
        }
    }

    /**
     * Streams {@code in} into a temporary file next to {@code target} and renames it into place only
     * if every byte arrived, so an interrupted copy never leaves a truncated file under the real name.
     */
    private void upload(InputStream in, long size, String what, String target, int mode, CopyProgress progress) {
        if (mode < 0 || mode > 07777) {
            throw new IllegalArgumentException("file mode out of range: " + Integer.toOctalString(mode));
        }
        // On failure the script still drains stdin before exiting, so the channel stays open until we
        // have sent everything: the failure is reported after the upload instead of racing it (jsch
        // can otherwise put data on the wire after the channel closed, which a server may treat as
        // a protocol error and drop the whole connection).
        String script = "t=" + ShellQuoting.quote(target) + "; tmp=\"$t.tmp.$$\"; "
                + "cat > \"$tmp\" && [ \"$(wc -c < \"$tmp\")\" -eq " + size + " ] "
                + "&& chmod " + String.format("%04o", mode) + " \"$tmp\" && mv -f \"$tmp\" \"$t\" "
                + "|| { rc=$?; cat > /dev/null; rm -f \"$tmp\"; exit $rc; }";
        List<String> argv = List.of("sh", "-c", script);
        Capture out = new Capture(null);
        Capture err = new Capture(null);
        long start = System.nanoTime();
        // No stdin stream for jsch: we write it ourselves below, on this thread, so progress and
        // failures of the local read surface here rather than in a jsch worker thread.
        Exec exec = open(ShellQuoting.join(argv), out, err, null);
        try {
            IOException sendFailure = null;
            try {
                OutputStream remote = exec.channel.getOutputStream();
                byte[] buf = new byte[COPY_CHUNK];
                long done = 0;
                int n;
                while ((n = readLocal(in, buf, what)) > 0) {
                    try {
                        remote.write(buf, 0, n);
                    } catch (IOException e) {
                        sendFailure = e;
                        break;
                    }
                    done += n;
                    progress.bytesCopied(done, size);
                }
                if (sendFailure == null) {
                    if (done == 0) {
                        progress.bytesCopied(0, size);
                    }
                    remote.close(); // sends EOF, which lets the remote cat finish
                }
            } catch (IOException e) {
                sendFailure = e;
            }
            awaitClose(exec.channel, Long.MAX_VALUE, argv);
            int exit = exitCode(exec, argv);
            if (exit != 0) {
                Outcome outcome = new Outcome(exit, false, Duration.ofNanos(System.nanoTime() - start));
                throw new CommandFailedException(outcome.result(argv, out, err), pasteReady(argv));
            }
            if (sendFailure != null) {
                throw new UncheckedIOException("copy " + what + " to " + endpoint.address() + ":" + target
                        + ": " + sendFailure.getMessage(), sendFailure);
            }
        } finally {
            // Reached early only when reading the source or the progress callback failed: closing the
            // channel without EOF leaves the remote size check failing, so the partial file is removed.
            exec.channel.disconnect();
        }
    }

    private static int readLocal(InputStream in, byte[] buf, String what) {
        try {
            return in.read(buf);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + what + ": " + e.getMessage(), e);
        }
    }

    /** Waits for the channel to close; false if the deadline passed first. */
    private boolean awaitClose(ChannelExec channel, long deadlineNanos, List<String> argv) {
        long sleepMs = 1;
        try {
            while (!channel.isClosed()) {
                long left = deadlineNanos == Long.MAX_VALUE ? Long.MAX_VALUE : deadlineNanos - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                // jsch offers no completion callback; a short, growing poll keeps quick commands quick.
                Thread.sleep(Math.max(1, Math.min(sleepMs, left / 1_000_000)));
                sleepMs = Math.min(sleepMs * 2, 20);
            }
            return true;
        } catch (InterruptedException e) {
            kill(channel);
            channel.disconnect();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + ShellQuoting.join(argv)
                    + " on " + endpoint.address(), e);
        }
    }

    private int exitCode(Exec exec, List<String> argv) {
        String signal = exec.channel.getExitSignal();
        if (signal != null) {
            // Same convention as a shell: 128 + signal number.
            return 128 + SIGNALS.getOrDefault(signal.startsWith("SIG") ? signal.substring(3) : signal, 0);
        }
        int status = exec.channel.getExitStatus();
        if (status != -1) {
            return status;
        }
        // No exit status: either the server closed the channel without one, or the whole connection
        // died. jsch closes channels before it marks the session down, so give that a moment.
        long until = System.nanoTime() + 500_000_000L;
        while (exec.session.isConnected() && System.nanoTime() < until) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (!exec.session.isConnected()) {
            throw new SshConnectException(endpoint, Failure.CONNECTION_LOST,
                    "connection lost while running " + ShellQuoting.join(argv), null);
        }
        return -1;
    }

    /**
     * Asks the server to kill the command. Closing the channel alone does not: sshd just closes the
     * command's pipes and a command that never writes runs on. Best effort; older servers ignore it.
     */
    private static void kill(ChannelExec channel) {
        try {
            channel.sendSignal("KILL");
        } catch (Exception ignored) {
            // The channel disconnect that follows is all we can do then.
        }
    }

    // ---- connection ----------------------------------------------------------------------------

    private record Exec(Session session, ChannelExec channel) {
    }

    private Exec open(String command, Capture out, Capture err, InputStream stdin) {
        Session first = session();
        try {
            return new Exec(first, openChannel(first, command, out, err, stdin));
        } catch (JSchException e) {
            // Most likely the connection died under us (reboot, forward restarted) and jsch has
            // noticed by now; session() reconnects then. If it is still up, this retries on it once.
            // A write that failed on the socket (broken pipe, reset) means it is dead even if jsch's reader
            // thread has not seen the end yet: drop it, or the retry would go to the same dead socket.
            if (e.getCause() instanceof java.io.IOException) {
                discard(first);
            }
            Session second = session();
            try {
                return new Exec(second, openChannel(second, command, out, err, stdin));
            } catch (JSchException again) {
                if (second.isConnected()) {
                    throw new SshConnectException(endpoint, Failure.CHANNEL_REFUSED,
                            "the server refused a new channel (" + again.getMessage()
                                    + "); too many commands at once for its MaxSessions?", again);
                }
                throw new SshConnectException(endpoint, Failure.CONNECTION_LOST,
                        "connection dropped while starting a command: " + again.getMessage(), again);
            }
        }
    }

    private ChannelExec openChannel(Session s, String command, Capture out, Capture err, InputStream stdin)
            throws JSchException {
        ChannelExec channel = (ChannelExec) s.openChannel("exec");
        if (channel == null) {
            // jsch swallows what went wrong and returns null when the session dies while the channel is set up
            // (a server that dropped the connection just then); the caller reconnects, as for a refused channel.
            throw new JSchException("session is down: no channel could be opened on it");
        }
        channel.setCommand(command.getBytes(StandardCharsets.UTF_8));
        // Push mode: jsch's session thread writes output straight into our captures, so a chatty
        // stderr can never stall on a full pipe while we read stdout.
        channel.setOutputStream(out, true);
        channel.setErrStream(err, true);
        if (stdin != null) {
            // jsch pumps it from its own thread and sends EOF at the end, so `cat` and friends finish.
            channel.setInputStream(stdin);
        }
        try {
            // No timeout argument on purpose: with one, jsch sleeps the whole timeout when the session
            // dies under a pending open; without, it polls the session every 10 ms (for up to 20 s).
            channel.connect();
        } catch (JSchException e) {
            channel.disconnect();
            throw e;
        }
        return channel;
    }

    /** Forgets {@code dead} if it is still the current session, so the next {@link #session()} connects anew. */
    private synchronized void discard(Session dead) {
        if (session == dead) {
            session.disconnect();
            session = null;
        }
    }

    private synchronized Session session() {
        if (session != null && session.isConnected()) {
            return session;
        }
        if (session != null) {
            session.disconnect();
            session = null;
        }
        session = connectNew();
        return session;
    }

    private Session connectNew() {
        Path key = endpoint.privateKey();
        if (!Files.isReadable(key)) {
            throw new SshConnectException(endpoint, Failure.KEY_UNUSABLE,
                    "private key " + key + " does not exist or is not readable", null);
        }
        JSch jsch = new JSch();
        try {
            jsch.addIdentity(key.toString());
        } catch (JSchException e) {
            throw new SshConnectException(endpoint, Failure.KEY_UNUSABLE,
                    "cannot use private key " + key + ": " + e.getMessage(), e);
        }
        HostKeyPin pin = endpoint.hostKeyPin();
        List<HostKeyPin.PinnedKey> pinned = pin.pinnedKeys();
        PinCheck pinCheck = new PinCheck(pin, pinned);
        jsch.setHostKeyRepository(pinCheck);
        Session s;
        try {
            s = jsch.getSession(endpoint.user(), endpoint.host(), endpoint.port());
        } catch (JSchException e) {
            throw new SshConnectException(endpoint, Failure.UNREACHABLE, e.getMessage(), e);
        }
        // The key is looked up under the machine's alias, not under 127.0.0.1:<port of the day>.
        s.setHostKeyAlias(pin.alias());
        s.setConfig("StrictHostKeyChecking", "yes"); // the decision is PinCheck's; "no" would accept a changed key
        if (!pinned.isEmpty()) {
            // Offer only the pinned key types: a guest has several host keys (ed25519 and ecdsa), and one of another
            // type than the pinned one would be indistinguishable from a changed key.
            String pinnedAlgorithms = pinnedAlgorithms(s.getConfig("server_host_key"), pinned);
            if (!pinnedAlgorithms.isEmpty()) {
                s.setConfig("server_host_key", pinnedAlgorithms);
            }
        }
        // Only our key can work; trying password or keyboard-interactive just delays the failure.
        s.setConfig("PreferredAuthentications", "publickey");
        s.setDaemonThread(true); // a runner someone forgot to close must not keep the JVM alive
        try {
            s.setServerAliveInterval(KEEPALIVE_INTERVAL_MS);
            s.setServerAliveCountMax(KEEPALIVE_COUNT_MAX);
            s.connect((int) connectTimeout.toMillis());
        } catch (JSchException e) {
            s.disconnect();
            if (pinCheck.refused) {
                throw pin.changed(pinned, pinCheck.presented, hostAndPort());
            }
            if (!pinned.isEmpty() && e instanceof JSchAlgoNegoFailException nego
                    && "server_host_key".equals(nego.getAlgorithmName())) {
                // The guest no longer has a key of the pinned type at all: not the machine we first met either.
                throw pin.changed(pinned, null, hostAndPort());
            }
            throw classify(e);
        }
        byte[] presented = pinCheck.presented;
        if (pinCheck.refused || presented == null) {
            // Unreachable with StrictHostKeyChecking=yes; checked so that a jsch change can never mean "accepted".
            s.disconnect();
            throw presented == null
                    ? new SshConnectException(endpoint, Failure.HANDSHAKE_FAILED, "no host key was checked", null)
                    : pin.changed(pinned, presented, hostAndPort());
        }
        if (pinned.isEmpty()) {
            try {
                // After authentication: a connection that never got that far pins nothing.
                pin.pinFirstContact(presented, hostAndPort());
            } catch (RuntimeException e) {
                s.disconnect();
                throw e;
            }
        }
        return s;
    }

    private String hostAndPort() {
        return (endpoint.host().indexOf(':') >= 0 ? "[" + endpoint.host() + "]" : endpoint.host()) + ":" + endpoint.port();
    }

    /**
     * The host key algorithms of jsch's proposal that use a pinned key type, in jsch's order. RSA keys are
     * {@code ssh-rsa} in the file but signed as rsa-sha2-*; certificate algorithms are left out (a guest has none).
     */
    static String pinnedAlgorithms(String proposal, List<HostKeyPin.PinnedKey> pinned) {
        List<String> types = pinned.stream().map(HostKeyPin.PinnedKey::type).toList();
        List<String> kept = new ArrayList<>();
        for (String algorithm : proposal.split(",")) {
            String keyType = algorithm.startsWith("rsa-sha2-") && !algorithm.contains("-cert-") ? "ssh-rsa" : algorithm;
            if (types.contains(keyType)) {
                kept.add(algorithm);
            }
        }
        return String.join(",", kept);
    }

    private SshConnectException classify(JSchException e) {
        String port = String.valueOf(endpoint.port());
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException) {
                return new SshConnectException(endpoint, Failure.UNREACHABLE,
                        "connection refused (nothing listens on port " + port + ")", e);
            }
            if (t instanceof NoRouteToHostException) {
                return new SshConnectException(endpoint, Failure.UNREACHABLE, "no route to host " + endpoint.host(), e);
            }
            if (t instanceof UnknownHostException) {
                return new SshConnectException(endpoint, Failure.UNREACHABLE, "unknown host " + endpoint.host(), e);
            }
            if (t instanceof SocketTimeoutException) {
                return timedOut(e);
            }
        }
        String message = String.valueOf(e.getMessage());
        // jsch's auth exception classes are package-private; their messages are what is stable.
        if (message.startsWith("Auth fail") || message.startsWith("Auth cancel") || message.startsWith("Partial auth")) {
            return new SshConnectException(endpoint, Failure.AUTH_REJECTED, "the server rejected key "
                    + endpoint.privateKey() + " for user " + endpoint.user(), e);
        }
        if (message.toLowerCase().contains("timeout")) {
            return timedOut(e);
        }
        if (message.contains("End of IO Stream") || message.contains("closed by foreign host")
                || message.contains("Connection reset")) {
            return new SshConnectException(endpoint, Failure.HANDSHAKE_FAILED,
                    "the connection closed before the SSH handshake finished (is sshd running yet?)", e);
        }
        return new SshConnectException(endpoint, Failure.HANDSHAKE_FAILED, message, e);
    }

    private SshConnectException timedOut(JSchException e) {
        return new SshConnectException(endpoint, Failure.TIMED_OUT,
                "no SSH answer within " + connectTimeout.toMillis() + "ms", e);
    }

    // ---- helpers -------------------------------------------------------------------------------

    private static void requireCommand(List<String> argv) {
        if (argv.isEmpty()) {
            // An empty exec request would open a login shell and wait for input forever.
            throw new IllegalArgumentException("empty command");
        }
    }

    private static long saturatedNanos(Duration d) {
        try {
            return Math.max(0, Math.min(d.toNanos(), Long.MAX_VALUE / 4));
        } catch (ArithmeticException e) {
            return d.isNegative() ? 0 : Long.MAX_VALUE / 4;
        }
    }

    private record Outcome(int exitCode, boolean timedOut, Duration elapsed) {
        CommandResult result(List<String> argv, Capture out, Capture err) {
            return new CommandResult(argv, exitCode, out.text(), err.text(), elapsed, timedOut);
        }
    }

    /**
     * Collects one output stream and, if asked, hands complete lines to a callback. Written to by
     * jsch's session thread: a throwing callback there would tear down the whole connection, so its
     * first failure is kept and rethrown on the caller's thread by {@link #finish()}.
     */
    private static final class Capture extends OutputStream {
        private final ByteArrayOutputStream all = new ByteArrayOutputStream();
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();
        private final Consumer<String> lines;
        /** Where the bytes go instead of memory (a download), or null. */
        private final OutputStream sink;
        private RuntimeException callbackFailure;
        private IOException sinkFailure;

        Capture(Consumer<String> lines) {
            this(lines, null);
        }

        private Capture(Consumer<String> lines, OutputStream sink) {
            this.lines = lines;
            this.sink = sink;
        }

        /** Bytes passed on to {@code sink} as they come, none kept. */
        static Capture into(OutputStream sink) {
            return new Capture(null, sink);
        }

        synchronized void rethrowSinkFailure() throws IOException {
            if (sinkFailure != null) {
                throw sinkFailure;
            }
        }

        @Override
        public synchronized void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            if (sink != null) {
                // Kept for the caller's thread: throwing here, on jsch's session thread, would drop the connection.
                if (sinkFailure == null) {
                    try {
                        sink.write(b, off, len);
                    } catch (IOException e) {
                        sinkFailure = e;
                    }
                }
                return;
            }
            all.write(b, off, len);
            if (lines == null) {
                return;
            }
            // Split on bytes, decode whole lines: a multi-byte character split across packets stays intact.
            for (int i = off; i < off + len; i++) {
                if (b[i] == '\n') {
                    emit();
                } else {
                    line.write(b[i]);
                }
            }
        }

        private void emit() {
            String text = line.toString(StandardCharsets.UTF_8);
            line.reset();
            if (callbackFailure != null) {
                return;
            }
            try {
                lines.accept(text);
            } catch (RuntimeException e) {
                callbackFailure = e;
            }
        }

        synchronized void finish() {
            if (lines != null && line.size() > 0) {
                emit();
            }
            if (callbackFailure != null) {
                throw callbackFailure;
            }
        }

        synchronized byte[] bytes() {
            return all.toByteArray();
        }

        synchronized String text() {
            return all.toString(StandardCharsets.UTF_8);
        }
    }
}
