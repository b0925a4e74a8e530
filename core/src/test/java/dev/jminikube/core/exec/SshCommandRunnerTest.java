package dev.jminikube.core.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jminikube.core.exec.SshConnectException.Failure;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Against a real SSH server (Apache MINA sshd on 127.0.0.1) running real local processes. */
@Timeout(60)
class SshCommandRunnerTest {
    @TempDir
    static Path shared;
    static Path key;
    static EmbeddedSshServer server;

    @TempDir
    Path dir;
    SshCommandRunner runner;

    @BeforeAll
    static void startServer() throws IOException {
        key = shared.resolve("keys/id_ed25519");
        String publicKey = SshKeys.generate(key, "jminikube-test");
        Path authorized = shared.resolve("authorized_keys");
        Files.writeString(authorized, publicKey + "\n");
        server = EmbeddedSshServer.start(authorized);
    }

    @AfterAll
    static void stopServer() throws IOException {
        server.close();
    }

    @BeforeEach
    void newRunner() {
        runner = new SshCommandRunner(endpoint(server.port(), key), Duration.ofSeconds(5));
    }

    @AfterEach
    void closeRunner() {
        runner.close();
    }

    static SshEndpoint endpoint(int port, Path privateKey) {
        // One pin for the class: every test talks to the same server, so the same host key.
        return new SshEndpoint("127.0.0.1", port, System.getProperty("user.name"), privateKey,
                new HostKeyPin(shared.resolve("known_hosts"), "minikube"));
    }

    // ---- run -----------------------------------------------------------------------------------

    @Test
    void exitCodePassesThrough() {
        CommandResult result = runner.run("sh", "-c", "exit 3");

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.timedOut()).isFalse();
        assertThat(result.succeeded()).isFalse();
        assertThat(result.argv()).containsExactly("sh", "-c", "exit 3");
        assertThat(runner.run("true").exitCode()).isZero();
    }

    @Test
    void checkFailureCarriesPasteReadyCommandAndOutput() {
        assertThatThrownBy(() -> runner.check("sh", "-c", "echo boom >&2; exit 4"))
                .isInstanceOf(CommandFailedException.class)
                .hasMessageContaining("exited with status 4")
                .hasMessageContaining("ssh -i " + key)
                .hasMessageContaining("boom");
    }

    @Test
    void stdoutAndStderrAreCapturedSeparatelyAndStreamedAsLines() {
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        CommandResult result = runner.run(List.of("sh", "-c", "echo out1; echo err1 >&2; printf 'h\\303\\251llo'"),
                RunOptions.DEFAULTS.withOutputLines(lines::add));

        assertThat(result.stdout()).isEqualTo("out1\nhéllo");
        assertThat(result.stderr()).isEqualTo("err1\n");
        assertThat(lines).containsExactlyInAnyOrder("out1", "err1", "héllo");
    }

    @Test
    void stdinIsFedAndClosed() {
        CommandResult result = runner.run(List.of("cat"), RunOptions.DEFAULTS.withStdin("one\ntwo\n".getBytes()));

        assertThat(result.stdout()).isEqualTo("one\ntwo\n");
    }

    @Test
    void withoutStdinTheCommandSeesEndOfInput() {
        CommandResult result = runner.run(List.of("cat"), RunOptions.DEFAULTS.withTimeout(Duration.ofSeconds(10)));

        assertThat(result.timedOut()).isFalse();
        assertThat(result.exitCode()).isZero();
        assertThat(result.stdout()).isEmpty();
    }

    @Test
    void largeInputAndOutputFlowBothWays() {
        String big = "0123456789abcdef\n".repeat(200_000); // 3.4 MB, many SSH windows
        CommandResult echoed = runner.run(List.of("cat"), RunOptions.DEFAULTS.withStdin(big.getBytes()));
        CommandResult counted = runner.run(List.of("wc", "-c"), RunOptions.DEFAULTS.withStdin(big.getBytes()));

        assertThat(echoed.stdout()).isEqualTo(big);
        assertThat(counted.stdout().strip()).isEqualTo(String.valueOf(big.length()));
    }

    @Test
    void aCommandThatIgnoresLargeInputLeavesTheConnectionUsable() {
        int before = server.sessionsOpened();
        byte[] ignored = new byte[3_000_000];

        for (int i = 0; i < 3; i++) {
            assertThat(runner.run(List.of("sh", "-c", "exit 5"), RunOptions.DEFAULTS.withStdin(ignored)).exitCode())
                    .isEqualTo(5);
        }

        assertThat(runner.run("echo", "fine").stdout()).isEqualTo("fine\n");
        assertThat(server.sessionsOpened() - before).isEqualTo(1);
    }

    @Test
    void argumentsSurviveTheRemoteShellUnchanged() {
        List<String> words = List.of("a b'c", "", "$HOME", "*", "x\"y", "back\\slash", "new\nline", "a;b&&c|d",
                "`id`", "$(id)", "~", "é ü", "--flag=1", "'", "''");
        List<String> argv = new ArrayList<>(List.of("printf", "[%s]"));
        argv.addAll(words);

        CommandResult result = runner.run(argv);

        assertThat(result.exitCode()).isZero();
        assertThat(result.stdout()).isEqualTo(words.stream().map(w -> "[" + w + "]").reduce("", String::concat));
        assertThat(runner.run("printf", "%s", "a b'c").stdout()).isEqualTo("a b'c");
    }

    @Test
    void timeoutEndsTheCommandAndTheSessionStaysUsable() {
        long start = System.nanoTime();
        CommandResult result = runner.run(List.of("sleep", "30"), RunOptions.DEFAULTS.withTimeout(Duration.ofMillis(300)));
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(result.timedOut()).isTrue();
        assertThat(result.exitCode()).isEqualTo(-1);
        assertThat(result.succeeded()).isFalse();
        assertThat(took).isLessThan(Duration.ofSeconds(5));
        assertThat(runner.run("echo", "still here").stdout()).isEqualTo("still here\n");
    }

    @Test
    void aThrowingLineCallbackSurfacesToTheCallerAndDoesNotBreakTheSession() {
        RunOptions options = RunOptions.DEFAULTS.withOutputLines(line -> {
            throw new IllegalStateException("callback broke on " + line);
        });

        assertThatThrownBy(() -> runner.run(List.of("echo", "x"), options))
                .isInstanceOf(IllegalStateException.class).hasMessage("callback broke on x");
        assertThat(runner.run("echo", "ok").stdout()).isEqualTo("ok\n");
    }

    @Test
    void emptyCommandIsRejected() {
        assertThatThrownBy(() -> runner.run(List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    // ---- files ---------------------------------------------------------------------------------

    @Test
    void copyAndReadFileRoundTripWithModeAndProgress() throws IOException {
        byte[] content = new byte[300_000];
        new Random(42).nextBytes(content);
        Path source = dir.resolve("source.bin");
        Files.write(source, content);
        Files.createDirectories(dir.resolve("remote dir"));
        String target = dir.resolve("remote dir/it's here.bin").toString();
        List<long[]> progress = new ArrayList<>();

        runner.copy(source, target, 0640, (done, total) -> progress.add(new long[] {done, total}));

        assertThat(Files.readAllBytes(Path.of(target))).isEqualTo(content);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(Path.of(target)))).isEqualTo("rw-r-----");
        assertThat(runner.readFile(target)).isEqualTo(content);
        assertThat(progress).hasSizeGreaterThan(1);
        assertThat(progress.get(progress.size() - 1)).containsExactly(content.length, content.length);
        for (int i = 1; i < progress.size(); i++) {
            assertThat(progress.get(i)[0]).isGreaterThan(progress.get(i - 1)[0]);
        }
        try (Stream<Path> files = Files.list(dir.resolve("remote dir"))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("it's here.bin");
        }
    }

    @Test
    void writeReplacesTheFileAndSetsItsMode() throws IOException {
        String target = dir.resolve("config.yaml").toString();

        runner.write("one\n".getBytes(), target, 0600);
        runner.write("two\n".getBytes(), target, 0755);

        assertThat(Files.readString(Path.of(target))).isEqualTo("two\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(Path.of(target)))).isEqualTo("rwxr-xr-x");
        assertThat(new String(runner.readFile(target), StandardCharsets.UTF_8)).isEqualTo("two\n");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).hasSize(1);
        }
    }

    @Test
    void writeOfEmptyContentCreatesAnEmptyFile() throws IOException {
        Path target = dir.resolve("empty");

        runner.write(new byte[0], target.toString(), 0644);

        assertThat(Files.size(target)).isZero();
    }

    @Test
    void copyIntoAMissingDirectoryFailsWithTheRemoteErrorAndWithoutHanging() throws IOException {
        Path source = dir.resolve("big");
        Files.write(source, new byte[5_000_000]); // more than the SSH window, so the sender must notice
        String target = dir.resolve("no/such/dir/big").toString();

        assertThatThrownBy(() -> runner.copy(source, target, 0644))
                .isInstanceOf(CommandFailedException.class)
                .hasMessageContaining("cannot create") // the remote shell's own words (dash and bash agree on these)
                .hasMessageContaining("no/such/dir/big");
        assertThat(dir.resolve("no")).doesNotExist();
    }

    @Test
    void anInterruptedCopyNeverLeavesAPartialFileUnderTheRealName() throws IOException {
        Path source = dir.resolve("big");
        Files.write(source, new byte[2_000_000]);
        Path target = dir.resolve("target.bin");

        assertThatThrownBy(() -> runner.copy(source, target.toString(), 0644, (done, total) -> {
            if (done > 500_000) {
                throw new IllegalStateException("user pressed ctrl-c");
            }
        })).isInstanceOf(IllegalStateException.class).hasMessage("user pressed ctrl-c");

        assertThat(target).doesNotExist();
        assertThat(runner.run("echo", "usable").stdout()).isEqualTo("usable\n");
    }

    @Test
    void copyOfAMissingLocalFileFailsBeforeConnecting() {
        assertThatThrownBy(() -> runner.copy(dir.resolve("absent"), dir.resolve("x").toString(), 0644))
                .isInstanceOf(java.io.UncheckedIOException.class).hasMessageContaining("absent");
        assertThat(dir.resolve("x")).doesNotExist();
    }

    @Test
    void readFileOfAMissingFileFailsWithTheCatError() {
        String missing = dir.resolve("missing.txt").toString();

        assertThatThrownBy(() -> runner.readFile(missing))
                .isInstanceOf(CommandFailedException.class)
                .hasMessageContaining(missing)
                .hasMessageContaining("No such file");
    }

    // ---- the connection ------------------------------------------------------------------------

    @Test
    void oneSessionServesManyCommands() {
        int before = server.sessionsOpened();

        for (int i = 0; i < 5; i++) {
            assertThat(runner.run("echo", String.valueOf(i)).stdout()).isEqualTo(i + "\n");
        }
        runner.write("x".getBytes(), dir.resolve("f").toString(), 0644);
        runner.readFile(dir.resolve("f").toString());

        assertThat(server.sessionsOpened() - before).isEqualTo(1);
    }

    @Test
    void concurrentCommandsShareTheSession() throws Exception {
        int before = server.sessionsOpened();
        runner.connect();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<CommandResult>> results = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                String n = String.valueOf(i);
                results.add(pool.submit(() -> runner.run("sh", "-c", "sleep 0.2; echo \"$0\"", n)));
            }
            for (int i = 0; i < 6; i++) {
                assertThat(results.get(i).get().stdout()).isEqualTo(i + "\n");
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(server.sessionsOpened() - before).isEqualTo(1);
    }

    @Test
    void reconnectsWhenTheServerDropsTheConnection() {
        int before = server.sessionsOpened();
        for (int round = 1; round <= 3; round++) {
            assertThat(runner.run("echo", "round " + round).stdout()).isEqualTo("round " + round + "\n");
            server.dropAllSessions();
        }
        assertThat(runner.run("echo", "after").stdout()).isEqualTo("after\n");

        assertThat(server.sessionsOpened() - before).isEqualTo(4);
    }

    @Test
    void closeDropsTheConnectionAndLaterUseReconnects() {
        int before = server.sessionsOpened();
        runner.run("true");
        runner.close();
        runner.run("true");

        assertThat(server.sessionsOpened() - before).isEqualTo(2);
    }

    @Test
    void aKeyTheServerDoesNotKnowIsRejectedClearly() {
        Path otherKey = dir.resolve("other/id_ed25519");
        SshKeys.generate(otherKey, "stranger");
        SshCommandRunner stranger = new SshCommandRunner(endpoint(server.port(), otherKey), Duration.ofSeconds(5));

        assertThatThrownBy(() -> stranger.run("true"))
                .isInstanceOfSatisfying(SshConnectException.class,
                        e -> assertThat(e.failure()).isEqualTo(Failure.AUTH_REJECTED))
                .hasMessageContaining("127.0.0.1:" + server.port())
                .hasMessageContaining("rejected key " + otherKey);
        stranger.close();
    }

    @Test
    void aMissingKeyFileIsReportedAsSuch() {
        Path absent = dir.resolve("nokey");
        SshCommandRunner r = new SshCommandRunner(endpoint(server.port(), absent));

        assertThatThrownBy(r::connect)
                .isInstanceOfSatisfying(SshConnectException.class,
                        e -> assertThat(e.failure()).isEqualTo(Failure.KEY_UNUSABLE))
                .hasMessageContaining(absent.toString());
    }

    @Test
    void aClosedPortFailsFastAsUnreachable() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        SshCommandRunner r = new SshCommandRunner(endpoint(port, key), Duration.ofSeconds(5));
        long start = System.nanoTime();

        assertThatThrownBy(() -> r.run("true"))
                .isInstanceOfSatisfying(SshConnectException.class, e -> {
                    assertThat(e.failure()).isEqualTo(Failure.UNREACHABLE);
                    assertThat(e.endpoint().port()).isEqualTo(port);
                })
                .hasMessageContaining("127.0.0.1:" + port)
                .hasMessageContaining("connection refused");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void aServerThatNeverSpeaksTimesOut() throws IOException {
        // Listening but never accepting: the kernel completes the TCP handshake, no SSH banner follows,
        // like a port forward whose VM has not booted yet.
        try (ServerSocket silent = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            SshCommandRunner r = new SshCommandRunner(endpoint(silent.getLocalPort(), key), Duration.ofMillis(500));
            long start = System.nanoTime();

            assertThatThrownBy(r::connect)
                    .isInstanceOfSatisfying(SshConnectException.class,
                            e -> assertThat(e.failure()).isEqualTo(Failure.TIMED_OUT))
                    .hasMessageContaining("no SSH answer within 500ms");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
        }
    }

    @Test
    void aServerThatHangsUpAtOnceIsAHandshakeFailure() throws Exception {
        try (ServerSocket rude = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try (Socket s = rude.accept()) {
                    // close at once, as QEMU's forward does while nothing listens in the guest
                } catch (IOException ignored) {
                    // test over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            SshCommandRunner r = new SshCommandRunner(endpoint(rude.getLocalPort(), key), Duration.ofSeconds(5));

            assertThatThrownBy(r::connect)
                    .isInstanceOfSatisfying(SshConnectException.class,
                            e -> assertThat(e.failure()).isEqualTo(Failure.HANDSHAKE_FAILED))
                    .hasMessageContaining("127.0.0.1:" + rude.getLocalPort());
        }
    }

    // ---- paste-ready ---------------------------------------------------------------------------

    @Test
    void pasteReadyIsAnSshCommandWithTheRemoteCommandAsOneWord() {
        Path machine = dir.resolve("machines/minikube");
        SshCommandRunner r = new SshCommandRunner(new SshEndpoint("127.0.0.1", 40022, "root",
                machine.resolve("id_ed25519"), new HostKeyPin(machine.resolve("known_hosts"), "minikube")));

        assertThat(r.pasteReady(List.of("systemctl", "is-active", "containerd"))).isEqualTo(
                "ssh -i " + machine.resolve("id_ed25519") + " -p 40022 -o HostKeyAlias=minikube"
                        + " -o UserKnownHostsFile=" + machine.resolve("known_hosts")
                        + " -o StrictHostKeyChecking=accept-new -o HashKnownHosts=no -o CheckHostIP=no"
                        + " root@127.0.0.1 'systemctl is-active containerd'");
    }

    @Test
    void pasteReadyRoundTripsThroughTwoShells() {
        List<String> argv = List.of("printf", "[%s]", "a b'c", "$HOME", "x\"y", "");
        // Stand in for ssh with a shell function that runs the remote word through a second shell,
        // as sshd would: if the quoting is right, printf sees exactly argv.
        String pasted = runner.pasteReady(argv);
        CommandResult result = new LocalCommandRunner().run("sh", "-c", "ssh() { while [ $# -gt 1 ]; do shift; done; sh -c \"$1\"; }; " + pasted);

        assertThat(result.stderr()).isEmpty();
        assertThat(result.stdout()).isEqualTo("[a b'c][$HOME][x\"y][]");
    }
}
