package dev.jminikube.core.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SshKeysTest {
    @TempDir
    Path dir;

    @Test
    void generatesAnEd25519PairInOpenSshFormat() throws IOException {
        Path key = dir.resolve("machines/minikube/id_ed25519");

        String publicLine = SshKeys.generate(key, "jminikube@minikube");

        assertThat(publicLine).matches("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5[A-Za-z0-9+/=]+ jminikube@minikube");
        assertThat(Files.readString(Path.of(key + ".pub"))).isEqualTo(publicLine + "\n");
        assertThat(Files.readString(key)).startsWith("-----BEGIN OPENSSH PRIVATE KEY-----\n")
                .endsWith("-----END OPENSSH PRIVATE KEY-----\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(Path.of(key + ".pub")))).isEqualTo("rw-r--r--");
        try (var files = Files.list(key.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("id_ed25519", "id_ed25519.pub");
        }
    }

    @Test
    void thePublicKeyCanBeDerivedFromThePrivateKey() {
        Path key = dir.resolve("id_ed25519");
        String publicLine = SshKeys.generate(key, "c");

        assertThat(SshKeys.publicKeyLine(key, "c")).isEqualTo(publicLine);
    }

    @Test
    void generatingAgainReplacesTheKey() {
        Path key = dir.resolve("id_ed25519");
        String first = SshKeys.generate(key, "c");
        String second = SshKeys.generate(key, "c");

        assertThat(second).isNotEqualTo(first);
        assertThat(SshKeys.publicKeyLine(key, "c")).isEqualTo(second);
    }

    @Test
    void readingAnInvalidKeyFailsNamingTheFile() throws IOException {
        Path bogus = dir.resolve("bogus");
        Files.writeString(bogus, "not a key\n");

        assertThatThrownBy(() -> SshKeys.publicKeyLine(bogus, "c"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(bogus.toString());
    }

    @Test
    void opensshItselfAcceptsTheKey() throws Exception {
        // The user pastes our ssh command line, so ssh(1) must read the key too; skipped where it is not installed.
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/ssh-keygen")), "ssh-keygen not installed");
        Path key = dir.resolve("id_ed25519");
        String publicLine = SshKeys.generate(key, "c");

        CommandResult derived = new LocalCommandRunner().run("/usr/bin/ssh-keygen", "-y", "-f", key.toString());

        assertThat(derived.exitCode()).as(derived.stderr()).isZero();
        assertThat(derived.stdout().strip()).startsWith(publicLine.substring(0, publicLine.lastIndexOf(' ')));
    }
}
