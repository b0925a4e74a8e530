package dev.jminikube.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code logs --file}: the file is replaced whole, owner-only, or left as it was. */
class NodeLogsFileTest {
    @TempDir
    Path dir;

    @Test
    void replacesTheFileWholeAndOwnerOnly() throws Exception {
        Path file = dir.resolve("logs.txt");
        Files.writeString(file, "an older, longer report that must not show through\n");
        NodeLogs.replace(file, "==> jmk-kubelet <==\nline\n");
        assertThat(file).hasContent("==> jmk-kubelet <==\nline");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        try (var left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString())).as("no temporary file left").containsExactly("logs.txt");
        }
    }

    @Test
    void aFileThatCannotBeWrittenIsAHostPathErrorNamingIt() throws Exception {
        Path notADirectory = dir.resolve("plain");
        Files.writeString(notADirectory, "x");
        Path file = notADirectory.resolve("logs.txt");
        assertThatThrownBy(() -> NodeLogs.replace(file, "text"))
                .isInstanceOfSatisfying(JmkException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.HOST_PATH_NOT_WRITABLE);
                    assertThat(e.getMessage()).startsWith("cannot write the logs to " + file);
                });
        assertThat(notADirectory).hasContent("x");
    }
}
