package dev.jminikube.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jminikube.core.Environment;
import dev.jminikube.core.Reason;
import dev.jminikube.core.exec.CommandFailedException;
import dev.jminikube.core.exec.CommandResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the user sees when a command throws something that is not a JmkException: one line, never a stack trace. */
class CommandFailureTest {
    @TempDir
    Path home;

    private Environment env() {
        return Environment.from(Map.of("JMINIKUBE_HOME", home.toString(), "PATH", "/usr/bin:/bin"), home, "Linux",
                System.getProperty("os.arch"));
    }

    @Test
    void aFullDiskWhereverItSurfacesIsDiskFull() {
        StringWriter err = new StringWriter();
        int code = Jminikube.failure(new UncheckedIOException(new IOException("/h/machines/p/id_ed25519: No space left on device")),
                env(), new PrintWriter(err));
        assertThat(code).isEqualTo(Reason.RESOURCE_DISK_FULL.exitCode());
        assertThat(err.toString()).startsWith("X Exiting due to RSRC_DISK_FULL: no space left on the host's disk")
                .doesNotContain("\tat ");
    }

    /** 'image load' into a node whose disk is full used to end as "a bug in jminikube" (found by fault injection). */
    @Test
    void aNodeCommandThatRanOutOfDiskIsTheNodesFullDisk() {
        StringWriter err = new StringWriter();
        CommandResult result = new CommandResult(List.of("ctr", "-n", "k8s.io", "images", "import", "/tmp/x.tar"), 1, "",
                "ctr: failed to ingest \"layer.tar\": write /var/lib/containerd/ingest/data: no space left on device",
                Duration.ofSeconds(1), false);
        int code = Jminikube.failure(new CommandFailedException(result, "ssh root@127.0.0.1 'ctr ...'"), env(),
                new PrintWriter(err));
        assertThat(code).isEqualTo(Reason.GUEST_DISK_FULL.exitCode());
        assertThat(err.toString()).startsWith("X Exiting due to GUEST_DISK_FULL: the node's disk is full: command exited "
                + "with status 1: ssh root@127.0.0.1 'ctr ...'").contains("no space left on device").doesNotContain("\tat ");
        StringWriter other = new StringWriter();
        Jminikube.failure(new CommandFailedException(new CommandResult(List.of("false"), 1, "", "boom",
                Duration.ofSeconds(1), false), "false"), env(), new PrintWriter(other));
        assertThat(other.toString()).startsWith("X Exiting due to GUEST_COMMAND_FAILED: command exited with status 1: false");
    }

    @Test
    void aBugIsOneLineWithItsTraceInACrashLog() throws IOException {
        StringWriter err = new StringWriter();
        int code = Jminikube.failure(new IllegalStateException("unexpected"), env(), new PrintWriter(err));
        assertThat(code).isEqualTo(Reason.PROGRAM_ERROR.exitCode());
        assertThat(err.toString()).doesNotContain("\tat ")
                .contains("X Exiting due to MK_PROGRAM_ERROR: java.lang.IllegalStateException: unexpected; its details are in ");
        List<Path> logs;
        try (Stream<Path> files = Files.list(env().logsDir())) {
            logs = files.filter(f -> f.getFileName().toString().startsWith("crash-")).toList();
        }
        assertThat(logs).singleElement().satisfies(log ->
                assertThat(Files.readString(log)).contains("IllegalStateException: unexpected").contains("\tat "));
    }
}
