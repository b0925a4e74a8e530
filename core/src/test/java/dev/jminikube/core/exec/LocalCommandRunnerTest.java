package dev.jminikube.core.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class LocalCommandRunnerTest {
    @TempDir
    Path dir;

    final LocalCommandRunner runner = new LocalCommandRunner();

    @Test
    void exitCodePassesThrough() {
        CommandResult result = runner.run("sh", "-c", "exit 3");

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.succeeded()).isFalse();
        assertThat(result.timedOut()).isFalse();
        assertThat(runner.run("true").succeeded()).isTrue();
    }

    @Test
    void outputIsCapturedAndStreamedAsLines() {
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        CommandResult result = runner.run(List.of("sh", "-c", "echo out; echo err >&2"),
                RunOptions.DEFAULTS.withOutputLines(lines::add));

        assertThat(result.stdout()).isEqualTo("out\n");
        assertThat(result.stderr()).isEqualTo("err\n");
        assertThat(lines).containsExactlyInAnyOrder("out", "err");
    }

    @Test
    void stdinIsFed() {
        CommandResult result = runner.run(List.of("cat"), RunOptions.DEFAULTS.withStdin("fed\n".getBytes()));

        assertThat(result.stdout()).isEqualTo("fed\n");
    }

    @Test
    void argumentsReachTheProgramUntouched() {
        assertThat(runner.run("printf", "[%s]", "a b'c", "$HOME", "").stdout()).isEqualTo("[a b'c][$HOME][]");
    }

    @Test
    void environmentAndWorkingDirectoryApply() {
        LocalCommandRunner custom = new LocalCommandRunner(Map.of("JMK_TEST_VAR", "set"), dir);

        CommandResult result = custom.run("sh", "-c", "echo \"$JMK_TEST_VAR\"; pwd");

        assertThat(result.stdout()).isEqualTo("set\n" + dir.toAbsolutePath() + "\n");
    }

    @Test
    void aMissingExecutableIsExitCode127NotAnException() {
        CommandResult result = runner.run("jminikube-no-such-program-xyz", "--version");

        assertThat(result.exitCode()).isEqualTo(127);
        assertThat(result.timedOut()).isFalse();
        assertThat(result.stderr()).contains("jminikube-no-such-program-xyz");
        assertThatThrownBy(() -> runner.check("jminikube-no-such-program-xyz"))
                .isInstanceOf(CommandFailedException.class)
                .hasMessageContaining("exited with status 127");
    }

    @Test
    void timeoutKillsTheCommand() {
        long start = System.nanoTime();
        CommandResult result = runner.run(List.of("sleep", "30"), RunOptions.DEFAULTS.withTimeout(Duration.ofMillis(300)));

        assertThat(result.timedOut()).isTrue();
        assertThat(result.exitCode()).isEqualTo(-1);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThatThrownBy(() -> runner.check(List.of("sleep", "30"), RunOptions.DEFAULTS.withTimeout(Duration.ofMillis(100))))
                .isInstanceOf(CommandFailedException.class)
                .hasMessageContaining("timed out");
    }

    @Test
    void writeAndReadFileWithMode() throws IOException {
        String target = dir.resolve("kubeconfig").toString();

        runner.write("first".getBytes(), target, 0644);
        runner.write("second".getBytes(), target, 0600);

        assertThat(new String(runner.readFile(target))).isEqualTo("second");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(Path.of(target)))).isEqualTo("rw-------");
        try (var files = Files.list(dir)) {
            assertThat(files).hasSize(1); // no temporary file left behind
        }
    }

    @Test
    void copyWithModeReportsCompletion() throws IOException {
        Path source = dir.resolve("src");
        Files.writeString(source, "#!/bin/sh\necho hi\n");
        Path target = dir.resolve("script.sh");
        List<long[]> progress = new ArrayList<>();

        runner.copy(source, target.toString(), 0755, (done, total) -> progress.add(new long[] {done, total}));

        assertThat(Files.readString(target)).isEqualTo("#!/bin/sh\necho hi\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target))).isEqualTo("rwxr-xr-x");
        assertThat(progress).last().satisfies(p -> assertThat(p).containsExactly(18, 18));
        assertThat(runner.run(target.toString()).stdout()).isEqualTo("hi\n");
    }

    @Test
    void readFileOfAMissingFileFails() {
        assertThatThrownBy(() -> runner.readFile(dir.resolve("absent").toString()))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("absent");
    }

    @Test
    void pasteReadyIsTheQuotedCommandLine() {
        assertThat(runner.pasteReady(List.of("kubectl", "get", "pods", "-l", "app=a b")))
                .isEqualTo("kubectl get pods -l 'app=a b'");
    }

    @Test
    void streamedInputReachesTheCommandAndTheTimeoutStillHolds() {
        LocalCommandRunner local = new LocalCommandRunner();
        CommandResult counted = local.run(List.of("wc", "-c"),
                new java.io.ByteArrayInputStream(new byte[5 * 1024 * 1024]), RunOptions.DEFAULTS);
        assertThat(counted.stdout().strip()).isEqualTo(String.valueOf(5 * 1024 * 1024));

        // A command that never reads its input still ends at its timeout, the input pump does not hold it up.
        java.io.InputStream never = new java.io.InputStream() {
            @Override
            public int read() {
                return 'x';
            }
        };
        CommandResult stuck = local.run(List.of("sleep", "30"), never,
                RunOptions.DEFAULTS.withTimeout(java.time.Duration.ofMillis(500)));
        assertThat(stuck.timedOut()).isTrue();
    }
}
