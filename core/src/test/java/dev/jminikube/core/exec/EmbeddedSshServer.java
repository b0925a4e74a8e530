package dev.jminikube.core.exec;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.server.config.keys.AuthorizedKeysAuthenticator;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;

/**
 * An SSH server on 127.0.0.1 (a random port, or a given one) that runs exec requests as
 * {@code sh -c COMMAND} on this host, like OpenSSH does with the user's shell, and admits only the keys
 * in an authorized_keys file. For testing {@link SshCommandRunner} without a VM, and as the SSH daemon
 * of fake guests (the VirtualBox fake's); shared in the test-jar.
 */
public final class EmbeddedSshServer implements AutoCloseable {
    static {
        JdkEd25519ForSshd.install(); // before sshd builds its key and signature tables
    }

    private final SshServer sshd;
    private final SimpleGeneratorHostKeyProvider hostKeys;
    private final AtomicInteger sessionsOpened = new AtomicInteger();
    private final AtomicInteger commandsStarted = new AtomicInteger();

    private final Path workingDirectory;
    private final UnaryOperator<String> guestView;

    private EmbeddedSshServer(Path authorizedKeys, int port, Path workingDirectory, UnaryOperator<String> guestView,
                              Path hostKeyFile) throws IOException {
        this.workingDirectory = workingDirectory;
        this.guestView = guestView;
        sshd = SshServer.setUpDefaultServer();
        sshd.setHost("127.0.0.1");
        sshd.setPort(port);
        // Without a file the host key is made anew by each server; with one it is made once and kept there, as the
        // node image keeps its host keys on the data disk. EC is instant where RSA takes a while.
        hostKeys = hostKeyFile == null ? new SimpleGeneratorHostKeyProvider()
                : new SimpleGeneratorHostKeyProvider(hostKeyFile);
        hostKeys.setAlgorithm("EC");
        sshd.setKeyPairProvider(hostKeys);
        sshd.setPublickeyAuthenticator(new AuthorizedKeysAuthenticator(authorizedKeys));
        sshd.setCommandFactory((channel, command) -> new ShellCommand(command));
        sshd.addSessionListener(new SessionListener() {
            @Override
            public void sessionCreated(Session session) {
                sessionsOpened.incrementAndGet();
            }
        });
        sshd.start();
    }

    /** Starts a server admitting the public keys listed in {@code authorizedKeys} (OpenSSH format). */
    public static EmbeddedSshServer start(Path authorizedKeys) throws IOException {
        return new EmbeddedSshServer(authorizedKeys, 0, null, UnaryOperator.identity(), null);
    }

    /** As {@link #start(Path)}, with the host key kept in {@code hostKeyFile}: made on first use, read afterwards. */
    public static EmbeddedSshServer start(Path authorizedKeys, Path hostKeyFile) throws IOException {
        return new EmbeddedSshServer(authorizedKeys, 0, null, UnaryOperator.identity(), hostKeyFile);
    }

    /**
     * Starts a server on 127.0.0.1:{@code port} whose commands run in {@code workingDirectory}; the keys are
     * read from {@code authorizedKeys} at each login, so a file written later counts.
     */
    public static EmbeddedSshServer start(Path authorizedKeys, int port, Path workingDirectory) throws IOException {
        return new EmbeddedSshServer(authorizedKeys, port, workingDirectory, UnaryOperator.identity(), null);
    }

    /**
     * As {@link #start(Path, int, Path)}, each command passed through {@code guestView} before {@code sh -c} runs
     * it: a fake guest uses it to show its own kernel files (e.g. its boot id instead of this host's
     * {@code /proc/sys/kernel/random/boot_id}), which a command run on this host would otherwise read.
     */
    public static EmbeddedSshServer start(Path authorizedKeys, int port, Path workingDirectory,
                                          UnaryOperator<String> guestView) throws IOException {
        return new EmbeddedSshServer(authorizedKeys, port, workingDirectory, guestView, null);
    }

    /** As {@link #start(Path, int, Path, UnaryOperator)}, with the host key kept in {@code hostKeyFile}. */
    public static EmbeddedSshServer start(Path authorizedKeys, int port, Path workingDirectory,
                                          UnaryOperator<String> guestView, Path hostKeyFile) throws IOException {
        return new EmbeddedSshServer(authorizedKeys, port, workingDirectory, guestView, hostKeyFile);
    }

    /** The server's host key as a known_hosts entry would hold it: {@code TYPE BASE64}. */
    public String hostPublicKey() {
        KeyPairProvider provider = hostKeys; // the interface's loadKeys declares the exceptions of every provider
        try {
            KeyPair pair = provider.loadKeys(null).iterator().next();
            return PublicKeyEntry.toString(pair.getPublic());
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot read the test server's host key: " + e.getMessage(), e);
        }
    }

    public int port() {
        return sshd.getPort();
    }

    /** SSH connections accepted so far. */
    public int sessionsOpened() {
        return sessionsOpened.get();
    }

    public int commandsStarted() {
        return commandsStarted.get();
    }

    /** Closes every connection from the server side, like a VM reboot would. */
    public void dropAllSessions() {
        sshd.getActiveSessions().forEach(s -> s.close(true));
    }

    @Override
    public void close() throws IOException {
        sshd.stop(true);
    }

    private final class ShellCommand implements Command {
        private final String command;
        private InputStream in;
        private OutputStream out;
        private OutputStream err;
        private ExitCallback exit;
        private volatile Process process;

        ShellCommand(String command) {
            this.command = command;
        }

        @Override
        public void setInputStream(InputStream in) {
            this.in = in;
        }

        @Override
        public void setOutputStream(OutputStream out) {
            this.out = out;
        }

        @Override
        public void setErrorStream(OutputStream err) {
            this.err = err;
        }

        @Override
        public void setExitCallback(ExitCallback callback) {
            this.exit = callback;
        }

        @Override
        public void start(ChannelSession channel, Environment env) throws IOException {
            commandsStarted.incrementAndGet();
            ProcessBuilder pb = new ProcessBuilder("sh", "-c", guestView.apply(command));
            if (workingDirectory != null) {
                pb.directory(workingDirectory.toFile());
            }
            process = pb.start();
            env.addSignalListener((ch, signal) -> kill());
            feedStdin(in, process.getOutputStream());
            // The channel's output streams stay open: sshd sends EOF and exit status on exit.
            Thread stdout = pump(process.getInputStream(), out, "stdout");
            Thread stderr = pump(process.getErrorStream(), err, "stderr");
            Thread waiter = new Thread(() -> {
                try {
                    int code = process.waitFor();
                    // All output must be on the wire before the exit status, as with OpenSSH.
                    stdout.join();
                    stderr.join();
                    exit.onExit(code);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "sshd-test-waiter");
            waiter.setDaemon(true);
            waiter.start();
        }

        private void kill() {
            Process p = process;
            if (p != null) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            }
        }

        @Override
        public void destroy(ChannelSession channel) {
            kill();
        }

        /**
         * Like OpenSSH: input the process no longer takes is read and dropped. sshd's channel stream
         * must never be closed early, since sshd treats data arriving for a closed pipe as fatal for
         * the whole connection.
         */
        private void feedStdin(InputStream from, OutputStream processStdin) {
            Thread t = new Thread(() -> {
                byte[] buf = new byte[16 * 1024];
                OutputStream to = processStdin;
                try {
                    int n;
                    while ((n = from.read(buf)) >= 0) {
                        if (to == null) {
                            continue;
                        }
                        try {
                            to.write(buf, 0, n);
                            to.flush();
                        } catch (IOException processGone) {
                            closeQuietly(to);
                            to = null;
                        }
                    }
                } catch (IOException ignored) {
                    // The channel closed; nothing more will come.
                } finally {
                    closeQuietly(to); // EOF for the process
                }
            }, "sshd-test-stdin");
            t.setDaemon(true);
            t.start();
        }

        private static void closeQuietly(OutputStream out) {
            if (out != null) {
                try {
                    out.close();
                } catch (IOException ignored) {
                    // Already gone.
                }
            }
        }

        private Thread pump(InputStream from, OutputStream to, String name) {
            Thread t = new Thread(() -> {
                byte[] buf = new byte[16 * 1024];
                try (from) {
                    int n;
                    while ((n = from.read(buf)) >= 0) {
                        to.write(buf, 0, n);
                        to.flush();
                    }
                } catch (IOException ignored) {
                    // The other side went away; the process's exit tells the rest.
                }
            }, "sshd-test-" + name);
            t.setDaemon(true);
            t.start();
            return t;
        }
    }
}
