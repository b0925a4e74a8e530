package dev.jminikube.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jminikube.core.Environment;
import dev.jminikube.core.HostOs;
import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** image load NAME: the host's docker save piped into the node; a fake docker on PATH plays the host's. */
class HostImageExportTest {
    @TempDir
    Path dir;

    private HostImageExport withDocker(String saveScript) throws IOException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path docker = bin.resolve("docker");
        Files.writeString(docker, "#!/bin/sh\n[ \"$1\" = save ] || exit 2\n" + saveScript + "\n");
        Files.setPosixFilePermissions(docker, PosixFilePermissions.fromString("rwxr-xr-x"));
        Environment env = new Environment(dir.resolve("home"), dir.resolve("kubeconfig"), HostOs.LINUX, "amd64",
                Map.of("PATH", bin + ":/usr/bin:/bin"));
        return HostImageExport.find(env, "app:1");
    }

    @Test
    void theNodeReadsWhatSaveWrites() throws IOException {
        HostImageExport export = withDocker("printf 'archive of %s' \"$2\"");
        String read = export.pipe("app:1", in -> new String(readAll(in), java.nio.charset.StandardCharsets.UTF_8));
        assertThat(read).isEqualTo("archive of app:1");
    }

    @Test
    void aSaveThatFailsIsTheImageNotFoundInItsOwnWords() throws IOException {
        HostImageExport export = withDocker("echo 'Error response from daemon: reference does not exist' >&2; exit 1");
        assertThatThrownBy(() -> export.pipe("app:1", in -> {
            readAll(in);
            throw new IllegalStateException("the node's load: unexpected EOF");
        })).isInstanceOfSatisfying(JmkException.class, e -> {
            assertThat(e.reason()).isEqualTo(Reason.IMAGE_NOT_FOUND);
            assertThat(e.getMessage()).isEqualTo("docker save app:1 failed: Error response from daemon: reference does not exist");
        });
    }

    /** The node failing while save still writes: the node's failure is reported, not a save it cut short. */
    @Test
    void aLoadThatFailsWhileSaveStillWritesIsTheLoadsFailure() throws IOException {
        HostImageExport export = withDocker("exec head -c 50000000 /dev/zero");
        assertThatThrownBy(() -> export.pipe("app:1", in -> {
            try {
                in.readNBytes(1000);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            throw new IllegalStateException("ctr: no space left on device");
        })).isInstanceOf(IllegalStateException.class).hasMessage("ctr: no space left on device");
    }

    private static byte[] readAll(java.io.InputStream in) {
        try {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
