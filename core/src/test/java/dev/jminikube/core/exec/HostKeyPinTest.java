package dev.jminikube.core.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import dev.jminikube.core.exec.HostKeyPin.Verdict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The known_hosts file of one machine: reading pins, pinning on first contact, and the options for the ssh client. */
class HostKeyPinTest {
    /** An ed25519 key made with ssh-keygen; OpenSSH 9.2 printed the fingerprint and hashed the "dev" entry below. */
    static final String KEY = "AAAAC3NzaC1lZDI1NTE5AAAAIP+w56G239mtS6bhjftj6kdRRavSw+tnO5mtXCrK4t7u";
    static final String KEY_FINGERPRINT = "SHA256:LRZeq7MOgi6t4XV6Wk9lbYNNyW3/Rdq/8NdJLxQxeJ0";
    static final String HASHED_DEV = "|1|o8sqXYOBnEh+NxmVH7W2nOONn+U=|TEj1mKsVKg3yJnyY0e8giRiLoLM=";
    /** Another ed25519 key made with ssh-keygen. */
    static final String OTHER_KEY = "AAAAC3NzaC1lZDI1NTE5AAAAIEu9WBEryojC9ZAuo6i2J0y3UawWw38ra6PZjhufEzp4";

    @TempDir
    Path dir;

    HostKeyPin pin(String machine) {
        return new HostKeyPin(dir.resolve("machines").resolve(machine).resolve("known_hosts"), machine);
    }

    static byte[] blob(String base64) {
        return Base64.getDecoder().decode(base64);
    }

    void write(HostKeyPin pin, String content) throws IOException {
        Files.createDirectories(pin.knownHostsFile().getParent());
        Files.writeString(pin.knownHostsFile(), content);
    }

    @Test
    void theAliasIsTheMachineNameInLowerCaseAsOpenSshUsesIt() {
        assertThat(pin("Dev").alias()).isEqualTo("dev");
        assertThat(pin("minikube").machine()).isEqualTo("minikube");
        for (String bad : List.of("*", "a,b", "a b", "", "-x", "!dev")) {
            assertThatThrownBy(() -> new HostKeyPin(dir.resolve("k"), bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void nothingIsPinnedBeforeFirstContact() {
        HostKeyPin pin = pin("dev");

        assertThat(pin.pinnedKeys()).isEmpty();
        assertThat(pin.isPinned()).isFalse();
        assertThat(pin.check(blob(KEY))).isEqualTo(Verdict.FIRST_CONTACT);
    }

    @Test
    void readsTheEntriesOfItsAliasOnlyPlainOrHashed() throws IOException {
        HostKeyPin pin = pin("Dev");
        write(pin, "# a comment\n\n"
                + "other ssh-ed25519 " + OTHER_KEY + "\n"
                + "@revoked dev ssh-ed25519 " + OTHER_KEY + "\n"
                + "[127.0.0.1]:40022 ssh-ed25519 " + OTHER_KEY + "\n"
                + "web,DEV ssh-ed25519 " + KEY + " a comment\n"
                + HASHED_DEV + " ecdsa-sha2-nistp256 " + OTHER_KEY + "\n"
                + "dev ssh-ed25519 not-base64!\n");

        assertThat(pin.pinnedKeys()).containsExactly(new HostKeyPin.PinnedKey("ssh-ed25519", KEY),
                new HostKeyPin.PinnedKey("ecdsa-sha2-nistp256", OTHER_KEY));
        assertThat(pin.pinnedKeys().get(0).fingerprint()).isEqualTo(KEY_FINGERPRINT);
        assertThat(new HostKeyPin(pin.knownHostsFile(), "other").pinnedKeys()).extracting(HostKeyPin.PinnedKey::base64).containsExactly(OTHER_KEY);
    }

    @Test
    void aPinnedKeyPassesAndAnyOtherIsAChange() throws IOException {
        HostKeyPin pin = pin("dev");
        write(pin, "dev ssh-ed25519 " + KEY + "\n");

        assertThat(pin.check(blob(KEY))).isEqualTo(Verdict.PINNED);
        assertThat(pin.check(blob(OTHER_KEY))).isEqualTo(Verdict.CHANGED);
    }

    @Test
    void firstContactPinsThePresentedKeyInAFileOnlyTheUserCanRead() throws IOException {
        HostKeyPin pin = pin("Dev");

        pin.pinFirstContact(blob(KEY), "127.0.0.1:40022");

        assertThat(Files.readAllLines(pin.knownHostsFile())).filteredOn(l -> !l.startsWith("#"))
                .containsExactly("dev ssh-ed25519 " + KEY);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(pin.knownHostsFile())))
                .isEqualTo("rw-------");
        assertThat(pin.check(blob(KEY))).isEqualTo(Verdict.PINNED);
        try (Stream<Path> files = Files.list(pin.knownHostsFile().getParent())) {
            assertThat(files).as("no temporary file left").containsExactly(pin.knownHostsFile());
        }
    }

    @Test
    void pinningKeepsWhatElseTheFileHoldsAndIsIdempotent() throws IOException {
        HostKeyPin pin = pin("dev");
        write(pin, "# mine\nother ssh-ed25519 " + OTHER_KEY); // no final newline

        pin.pinFirstContact(blob(KEY), "127.0.0.1:40022");
        pin.pinFirstContact(blob(KEY), "127.0.0.1:40023");

        assertThat(Files.readAllLines(pin.knownHostsFile())).containsExactly("# mine",
                "other ssh-ed25519 " + OTHER_KEY, "dev ssh-ed25519 " + KEY);
    }

    @Test
    void aSecondFirstContactWithAnotherKeyIsRefusedAndTheFirstPinStays() throws IOException {
        HostKeyPin pin = pin("dev");
        pin.pinFirstContact(blob(KEY), "127.0.0.1:40022");
        String before = Files.readString(pin.knownHostsFile());

        assertThatThrownBy(() -> pin.pinFirstContact(blob(OTHER_KEY), "127.0.0.1:40023"))
                .isInstanceOfSatisfying(JmkException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.GUEST_SSH_HOST_KEY_CHANGED);
                    assertThat(e.getMessage()).contains("machine \"dev\"", "changed since first contact",
                            "127.0.0.1:40023", "ssh-ed25519 " + KEY_FINGERPRINT + " is pinned");
                    assertThat(e.advice()).contains("'jminikube delete -p dev'");
                });
        assertThat(Files.readString(pin.knownHostsFile())).isEqualTo(before);
    }

    @Test
    void anUnreadablePinIsAnErrorNeverAFirstContact() throws IOException {
        HostKeyPin pin = pin("dev");
        Files.createDirectories(pin.knownHostsFile()); // a directory where the file should be

        assertThatThrownBy(pin::pinnedKeys).isInstanceOfSatisfying(JmkException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.HOST_HOME_NOT_WRITABLE))
                .hasMessageContaining(pin.knownHostsFile().toString());
        assertThat(pin.sshClientOptions()).as("the system client then checks strictly")
                .contains("StrictHostKeyChecking=yes");
    }

    @Test
    void theSystemClientPinsOnFirstContactThenChecksStrictly() throws IOException {
        HostKeyPin pin = pin("Dev");
        String file = pin.knownHostsFile().toString();

        assertThat(pin.sshClientOptions()).containsExactly("-o", "HostKeyAlias=dev", "-o", "UserKnownHostsFile=" + file,
                "-o", "StrictHostKeyChecking=accept-new", "-o", "HashKnownHosts=no", "-o", "CheckHostIP=no");

        pin.pinFirstContact(blob(KEY), "127.0.0.1:40022");

        assertThat(pin.sshClientOptions()).containsExactly("-o", "HostKeyAlias=dev", "-o", "UserKnownHostsFile=" + file,
                "-o", "StrictHostKeyChecking=yes", "-o", "HashKnownHosts=no", "-o", "CheckHostIP=no");
    }

    @Test
    void aPathWithSpacesOrPercentSignsStaysOneFileForSsh() {
        assertThat(HostKeyPin.sshConfigPath(Path.of("/home/u/.jminikube/machines/dev/known_hosts")))
                .isEqualTo("/home/u/.jminikube/machines/dev/known_hosts");
        assertThat(HostKeyPin.sshConfigPath(Path.of("/Users/a b/100%/known_hosts")))
                .isEqualTo("\"/Users/a b/100%%/known_hosts\"");
    }

    @Test
    void theKeyTypeIsReadFromTheBlob() {
        assertThat(HostKeyPin.keyType(blob(KEY))).isEqualTo("ssh-ed25519");
        assertThatThrownBy(() -> HostKeyPin.keyType(new byte[] {0, 0, 0, 9, 'x'}))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
