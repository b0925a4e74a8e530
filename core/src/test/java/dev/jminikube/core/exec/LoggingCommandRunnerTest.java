package dev.jminikube.core.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoggingCommandRunnerTest {
    private final RecordingCommandRunner node = new RecordingCommandRunner();
    private final List<String> lines = new ArrayList<>();
    private final LoggingCommandRunner runner = new LoggingCommandRunner(node, lines::add);

    @Test
    void reportsEachCommandAsOneShellQuotedLineAndStillRunsIt() {
        node.whenRun("systemctl", "is-active").thenOutput("active\n");

        CommandResult result = runner.run("systemctl", "is-active", "kubelet");
        runner.check("printf", "%s", "a b");

        assertThat(result.stdout()).isEqualTo("active\n");
        assertThat(lines).containsExactly("systemctl is-active kubelet", "printf %s 'a b'");
        assertThat(node.commandsRun()).containsExactly("systemctl is-active kubelet", "printf %s 'a b'");
    }

    @Test
    void aFailingCheckIsReportedOnceAndFailsWithTheDelegatesPasteReadyLine() {
        node.whenRun("false").thenReturn(1);

        assertThatThrownBy(() -> runner.check("false")).isInstanceOf(CommandFailedException.class);
        assertThat(lines).containsExactly("false");
    }

    @Test
    void reportsCopiesAndWritesWithTargetAndModeButNotReads(@TempDir Path dir) throws Exception {
        Path source = Files.writeString(dir.resolve("kubelet.conf"), "x");

        runner.copy(source, "/etc/kubelet.conf", 0644);
        runner.write(new byte[] {1, 2, 3}, "/var/lib/key", 0600);
        byte[] read = runner.readFile("/var/lib/key");

        assertThat(read).containsExactly(1, 2, 3);
        assertThat(lines).containsExactly("copy " + source + " to /etc/kubelet.conf (mode 0644)",
                "write 3 bytes to /var/lib/key (mode 0600)");
        assertThat(node.fileText("/etc/kubelet.conf")).isEqualTo("x");
    }

    @Test
    void closingClosesTheNodesRunner() {
        runner.close();

        assertThat(node.isClosed()).isTrue();
    }
}
