package dev.jminikube.core.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jminikube.core.exec.RecordingCommandRunner.Copy;
import dev.jminikube.core.exec.RecordingCommandRunner.Read;
import dev.jminikube.core.exec.RecordingCommandRunner.Run;
import dev.jminikube.core.exec.RecordingCommandRunner.Write;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordingCommandRunnerTest {
    final RecordingCommandRunner runner = new RecordingCommandRunner();

    @Test
    void unscriptedCommandsSucceedSilentlyAndAreRecordedAsQuotedLines() {
        CommandResult result = runner.run("printf", "%s", "a b");
        runner.check("systemctl", "restart", "kubelet");

        assertThat(result.succeeded()).isTrue();
        assertThat(result.stdout()).isEmpty();
        assertThat(result.argv()).containsExactly("printf", "%s", "a b");
        assertThat(runner.commandsRun()).containsExactly("printf %s 'a b'", "systemctl restart kubelet");
    }

    @Test
    void prefixStubsAnswerMatchingCommandsOnly() {
        runner.whenRun("systemctl", "is-active").thenReturn(3, "inactive\n");

        assertThat(runner.run("systemctl", "is-active", "kubelet").exitCode()).isEqualTo(3);
        assertThat(runner.run("systemctl", "is-active", "kubelet").stdout()).isEqualTo("inactive\n");
        assertThat(runner.run("systemctl", "start", "kubelet").exitCode()).isZero();
        assertThat(runner.run("systemctl").exitCode()).isZero(); // shorter than the prefix
    }

    @Test
    void theLatestMatchingStubWins() {
        runner.whenRun().thenReturn(1, "", "everything fails");
        runner.whenRun("true").thenReturn(0);

        assertThat(runner.run("true").exitCode()).isZero();
        assertThat(runner.run("ls").stderr()).isEqualTo("everything fails");
    }

    @Test
    void answersAreUsedInOrderAndTheLastRepeats() {
        runner.whenRun("curl", "-sf", "https://127.0.0.1:8443/healthz")
                .thenReturn(7).thenReturn(22).thenOutput("ok");

        List<Integer> codes = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            codes.add(runner.run("curl", "-sf", "https://127.0.0.1:8443/healthz").exitCode());
        }

        assertThat(codes).containsExactly(7, 22, 0, 0, 0);
    }

    @Test
    void predicateRegexTimeoutAndThrowStubs() {
        runner.whenRun(argv -> argv.contains("--dry-run")).thenOutput("dry\n");
        runner.whenCommandMatches("^kubeadm init ").thenTimeOut();
        runner.whenRun("reboot").thenThrow(new IllegalStateException("connection lost"));

        assertThat(runner.run("kubectl", "apply", "--dry-run").stdout()).isEqualTo("dry\n");
        CommandResult init = runner.run("kubeadm", "init", "--config", "/var/tmp/kubeadm.yaml");
        assertThat(init.timedOut()).isTrue();
        assertThat(init.exitCode()).isEqualTo(-1);
        assertThatThrownBy(() -> runner.run("reboot")).isInstanceOf(IllegalStateException.class);
        assertThat(runner.commandsRun()).hasSize(3); // a throwing command is still recorded
    }

    @Test
    void checkFailsOnAScriptedFailureWithTheOutput() {
        runner.whenRun("kubeadm").thenReturn(1, "", "preflight failed");

        assertThatThrownBy(() -> runner.check("kubeadm", "init"))
                .isInstanceOf(CommandFailedException.class)
                .hasMessageContaining("exited with status 1: kubeadm init")
                .hasMessageContaining("preflight failed");
    }

    @Test
    void thenAnswerSeesTheArgv() {
        runner.whenRun("echo").thenAnswer(argv ->
                new CommandResult(argv, 0, String.join(" ", argv.subList(1, argv.size())) + "\n", "", Duration.ZERO, false));

        assertThat(runner.run("echo", "a", "b").stdout()).isEqualTo("a b\n");
    }

    @Test
    void outputIsStreamedToTheLineCallbackAndStdinIsRecorded() {
        runner.whenRun("journalctl").thenReturn(0, "l1\nl2\n", "w1\n");
        List<String> lines = new ArrayList<>();

        runner.run(List.of("journalctl", "-u", "kubelet"),
                RunOptions.DEFAULTS.withOutputLines(lines::add).withStdin("in".getBytes()));

        assertThat(lines).containsExactly("l1", "l2", "w1");
        assertThat(runner.runs()).singleElement().satisfies(run -> {
            assertThat(run.stdinText()).isEqualTo("in");
            assertThat(run.timeout()).isEqualTo(RunOptions.DEFAULTS.timeout());
        });
    }

    @Test
    void writtenAndSeededFilesCanBeReadBack() {
        runner.givenFile("/etc/os-release", "ID=buildroot\n");
        runner.write("apiVersion: v1\n".getBytes(), "/etc/kubernetes/admin.conf", 0600);

        assertThat(new String(runner.readFile("/etc/os-release"))).isEqualTo("ID=buildroot\n");
        assertThat(runner.fileText("/etc/kubernetes/admin.conf")).isEqualTo("apiVersion: v1\n");
        assertThat(runner.fileMode("/etc/kubernetes/admin.conf")).hasValue(0600);
        assertThat(runner.file("/nope")).isEmpty();
    }

    @Test
    void readingAnUnknownFileFailsLikeTheSshRunner() {
        assertThatThrownBy(() -> runner.readFile("/etc/missing.conf"))
                .isInstanceOf(CommandFailedException.class)
                .hasMessageContaining("cat /etc/missing.conf")
                .hasMessageContaining("No such file or directory");
        assertThatThrownBy(() -> runner.fileText("/etc/missing.conf"))
                .isInstanceOf(AssertionError.class).hasMessageContaining("/etc/missing.conf");
    }

    @Test
    void copyReadsTheSourceNowAndFailsForAMissingOne(@TempDir Path dir) throws IOException {
        Path source = dir.resolve("kubelet.service");
        Files.writeString(source, "[Unit]\n");
        List<long[]> progress = new ArrayList<>();

        runner.copy(source, "/lib/systemd/system/kubelet.service", 0644, (d, t) -> progress.add(new long[] {d, t}));
        Files.writeString(source, "changed later\n");

        assertThat(runner.fileText("/lib/systemd/system/kubelet.service")).isEqualTo("[Unit]\n");
        assertThat(progress).singleElement().satisfies(p -> assertThat(p).containsExactly(7, 7));
        assertThatThrownBy(() -> runner.copy(dir.resolve("absent"), "/x", 0644))
                .isInstanceOf(UncheckedIOException.class);
    }

    @Test
    void callsAreRecordedInOrderAndCanBeCleared(@TempDir Path dir) throws IOException {
        Path source = Files.writeString(dir.resolve("f"), "x");
        runner.run("mkdir", "-p", "/etc/kubernetes");
        runner.write("a".getBytes(), "/etc/kubernetes/a", 0644);
        runner.copy(source, "/etc/kubernetes/f", 0600);
        runner.readFile("/etc/kubernetes/a");

        assertThat(runner.calls()).containsExactly(
                new Run(List.of("mkdir", "-p", "/etc/kubernetes"), null, RunOptions.DEFAULTS.timeout()),
                new Write("/etc/kubernetes/a", "a".getBytes(), 0644),
                new Copy(source, "/etc/kubernetes/f", 0600),
                new Read("/etc/kubernetes/a"));
        assertThat(runner.writes()).extracting(Write::text).containsExactly("a");
        assertThat(runner.copies()).extracting(Copy::target).containsExactly("/etc/kubernetes/f");

        runner.clearCalls();
        assertThat(runner.calls()).isEmpty();
        assertThat(runner.fileText("/etc/kubernetes/a")).isEqualTo("a"); // files survive clearing
    }

    @Test
    void badModesAndEmptyCommandsAreRejectedAsByRealRunners() {
        assertThatThrownBy(() -> runner.write(new byte[0], "/x", 010000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> runner.run(List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void closeIsRecorded() {
        assertThat(runner.isClosed()).isFalse();
        runner.close();
        assertThat(runner.isClosed()).isTrue();
    }
}
