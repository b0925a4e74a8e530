package dev.jminikube.core.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import dev.jminikube.core.exec.SshConnectException.Failure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link SshCommandRunner} pinning the host key on first contact and holding every later connection to it, against
 * real SSH servers (Apache MINA sshd on 127.0.0.1): one playing the machine (its key kept in a file, as the guest keeps
 * its keys on its disk, so a restarted server on another port is still the same machine) and others with keys of
 * their own playing a recreated VM or something else answering on the machine's address.
 */
@Timeout(60)
class SshHostKeyPinningTest {
    @TempDir
    Path dir;
    Path key;
    Path authorized;
    Path knownHosts;
    HostKeyPin pin;

    @BeforeEach
    void keys() throws IOException {
        key = dir.resolve("machine/id_ed25519");
        authorized = dir.resolve("authorized_keys");
        Files.writeString(authorized, SshKeys.generate(key, "jminikube-test") + "\n");
        knownHosts = dir.resolve("machine/known_hosts");
        pin = new HostKeyPin(knownHosts, "Dev");
    }

    SshCommandRunner runner(EmbeddedSshServer server, Path privateKey) {
        return new SshCommandRunner(new SshEndpoint("127.0.0.1", server.port(), System.getProperty("user.name"),
                privateKey, pin), Duration.ofSeconds(5));
    }

    void runTrue(EmbeddedSshServer server) {
        try (SshCommandRunner r = runner(server, key)) {
            assertThat(r.run("true").exitCode()).isZero();
        }
    }

    @Test
    void theFirstSuccessfulConnectionPinsTheKeyUnderTheMachinesAliasInAPrivateFile() throws IOException {
        try (EmbeddedSshServer machine = EmbeddedSshServer.start(authorized)) {
            runTrue(machine);

            assertThat(Files.readAllLines(knownHosts)).filteredOn(l -> !l.startsWith("#"))
                    .as("filed under the alias, not under 127.0.0.1:<port>")
                    .containsExactly("dev " + machine.hostPublicKey());
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(knownHosts))).isEqualTo("rw-------");
            assertThat(pin.isPinned()).isTrue();
        }
    }

    @Test
    void theSameKeyIsAcceptedAtALaterStartOnAnotherPort() throws IOException {
        Path hostKey = dir.resolve("guest-disk/ssh_host_key");
        Files.createDirectories(hostKey.getParent());
        int firstPort;
        try (EmbeddedSshServer firstBoot = EmbeddedSshServer.start(authorized, hostKey)) {
            firstPort = firstBoot.port();
            runTrue(firstBoot);
        }
        String pinned = Files.readString(knownHosts);

        try (EmbeddedSshServer laterBoot = EmbeddedSshServer.start(authorized, hostKey)) {
            assertThat(laterBoot.port()).isNotEqualTo(firstPort);
            runTrue(laterBoot);
            runTrue(laterBoot);
        }
        assertThat(Files.readString(knownHosts)).isEqualTo(pinned);
    }

    @Test
    void aChangedKeyIsRefusedBeforeAnyCommandRunsAndSaysHowToRecover() throws IOException {
        try (EmbeddedSshServer machine = EmbeddedSshServer.start(authorized)) {
            runTrue(machine);
        }
        String pinned = Files.readString(knownHosts);

        try (EmbeddedSshServer impostor = EmbeddedSshServer.start(authorized);
             SshCommandRunner r = runner(impostor, key)) {
            String presented = HostKeyPin.fingerprint(
                    java.util.Base64.getDecoder().decode(impostor.hostPublicKey().split(" ")[1]));

            assertThatThrownBy(() -> r.run("touch", dir.resolve("ran").toString()))
                    .isInstanceOfSatisfying(JmkException.class, e -> {
                        assertThat(e.reason()).isEqualTo(Reason.GUEST_SSH_HOST_KEY_CHANGED);
                        assertThat(e.getMessage()).contains("machine \"Dev\"", "changed since first contact",
                                "127.0.0.1:" + impostor.port(), presented, "refusing to connect");
                        assertThat(e.advice()).contains("jminikube delete -p Dev", "jminikube start -p Dev");
                        assertThat(e.details()).contains(knownHosts.toString());
                    });
            assertThat(impostor.commandsStarted()).isZero();
        }
        assertThat(dir.resolve("ran")).doesNotExist();
        assertThat(Files.readString(knownHosts)).as("the pin is never replaced").isEqualTo(pinned);
    }

    @Test
    void aConnectionThatFailsToLogInPinsNothing() throws IOException {
        Path strangerKey = dir.resolve("stranger/id_ed25519");
        SshKeys.generate(strangerKey, "stranger");
        try (EmbeddedSshServer machine = EmbeddedSshServer.start(authorized);
             SshCommandRunner stranger = runner(machine, strangerKey)) {
            assertThatThrownBy(() -> stranger.run("true"))
                    .isInstanceOfSatisfying(SshConnectException.class,
                            e -> assertThat(e.failure()).isEqualTo(Failure.AUTH_REJECTED));
        }
        assertThat(knownHosts).doesNotExist();
    }

    @Test
    void aGuestWithoutAKeyOfThePinnedTypeIsAChangedKeyToo() throws IOException {
        // Pinned: an ed25519 key. The server only has an ECDSA one, so no pinned type can be negotiated.
        Path other = dir.resolve("other/id_ed25519");
        String ed25519 = SshKeys.generate(other, "old-guest");
        Files.createDirectories(knownHosts.getParent());
        Files.writeString(knownHosts, "dev " + ed25519.substring(0, ed25519.lastIndexOf(' ')) + "\n");

        try (EmbeddedSshServer machine = EmbeddedSshServer.start(authorized);
             SshCommandRunner r = runner(machine, key)) {
            assertThatThrownBy(() -> r.run("true"))
                    .isInstanceOfSatisfying(JmkException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.GUEST_SSH_HOST_KEY_CHANGED))
                    .hasMessageContaining("no key of a pinned type")
                    .hasMessageContaining("ssh-ed25519 SHA256:");
            assertThat(machine.commandsStarted()).isZero();
        }
    }

    @Test
    void aKeyPinnedByTheSystemSshClientIsHonoured() throws IOException {
        // What `ssh -o HostKeyAlias=dev -o StrictHostKeyChecking=accept-new -o HashKnownHosts=no` appends.
        String otherMachinesKey = SshKeys.generate(dir.resolve("other/id_ed25519"), "x");
        try (EmbeddedSshServer machine = EmbeddedSshServer.start(authorized)) {
            Files.createDirectories(knownHosts.getParent());
            Files.writeString(knownHosts, "other-machine " + otherMachinesKey.substring(0, otherMachinesKey.lastIndexOf(' '))
                    + "\ndev " + machine.hostPublicKey() + "\n");
            runTrue(machine);
        }
        assertThat(Files.readAllLines(knownHosts)).as("nothing added").hasSize(2);
    }

    @Test
    void onlyThePinnedKeyTypesAreProposed() {
        String proposal = "ssh-ed25519-cert-v01@openssh.com,rsa-sha2-512-cert-v01@openssh.com,ssh-ed25519,"
                + "ecdsa-sha2-nistp256,rsa-sha2-512,rsa-sha2-256";

        assertThat(SshCommandRunner.pinnedAlgorithms(proposal,
                List.of(new HostKeyPin.PinnedKey("ecdsa-sha2-nistp256", "AAAA")))).isEqualTo("ecdsa-sha2-nistp256");
        assertThat(SshCommandRunner.pinnedAlgorithms(proposal, List.of(new HostKeyPin.PinnedKey("ssh-rsa", "AAAA"),
                new HostKeyPin.PinnedKey("ssh-ed25519", "AAAA")))).isEqualTo("ssh-ed25519,rsa-sha2-512,rsa-sha2-256");
        assertThat(SshCommandRunner.pinnedAlgorithms(proposal, List.of(new HostKeyPin.PinnedKey("ssh-dss", "AAAA"))))
                .isEmpty();
    }
}
