package dev.jminikube.drivers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.jminikube.core.exec.EmbeddedSshServer;
import dev.jminikube.core.exec.SshCommandRunner;
import dev.jminikube.core.exec.SshEndpoint;
import dev.jminikube.core.exec.SshKeys;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The system {@code ssh} client (OpenSSH, as 'jminikube ssh' runs it with {@link SshAccess#sshArgv}) and
 * {@link SshCommandRunner} sharing one machine's pin: each reads what the other wrote, and both refuse a changed key.
 * Against the embedded SSH server on 127.0.0.1; needs {@code ssh} on the PATH (scripts/install-prereqs installs it).
 */
@Timeout(120)
class SystemSshPinningIT {
    @TempDir
    Path dir;
    Path authorized;
    MachinePaths paths;
    Path guestHostKey;

    @BeforeEach
    void machine() throws IOException, InterruptedException {
        if (!sshClientPresent()) {
            fail("no ssh client on the PATH: scripts/install-prereqs installs openssh-client");
        }
        // A name with capitals: OpenSSH lower-cases HostKeyAlias, and the pin must be found under what it wrote.
        paths = MachinePaths.of(dir.resolve("machines"), "Dev");
        authorized = dir.resolve("authorized_keys");
        Files.writeString(authorized, SshKeys.generate(paths.privateKey(), "jminikube-it") + "\n");
        guestHostKey = dir.resolve("guest-disk/ssh_host_key");
        Files.createDirectories(guestHostKey.getParent());
    }

    SshEndpoint endpoint(EmbeddedSshServer server) {
        return new SshEndpoint("127.0.0.1", server.port(), System.getProperty("user.name"), paths.privateKey(),
                paths.hostKeyPin());
    }

    record Ran(int exit, String stdout, String stderr) {
    }

    /** Runs {@code ssh} with the CLI's argv, the user's ssh_config left out so that it cannot change the outcome. */
    Ran ssh(EmbeddedSshServer server, String... remote) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(new SshAccess(endpoint(server)).sshArgv(false, List.of(remote)));
        argv.addAll(1, List.of("-F", "/dev/null", "-o", "BatchMode=yes"));
        Process p = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("ssh finished").isTrue();
        return new Ran(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    @Test
    void aKeyPinnedBySshIsHonouredByTheRunnerAndSshChecksStrictlyAfterwards() throws Exception {
        try (EmbeddedSshServer guest = EmbeddedSshServer.start(authorized, guestHostKey)) {
            Ran first = ssh(guest, "echo", "first");
            assertThat(first.exit()).as(first.stderr()).isZero();
            assertThat(first.stdout()).isEqualTo("first\n");
            assertThat(paths.hostKeyPin().pinnedKeys()).as("ssh filed the key under the alias")
                    .extracting(k -> k.type() + " " + k.base64()).containsExactly(guest.hostPublicKey());
            assertThat(paths.hostKeyPin().sshClientOptions()).contains("StrictHostKeyChecking=yes");

            try (SshCommandRunner runner = new SshCommandRunner(endpoint(guest), Duration.ofSeconds(10))) {
                assertThat(runner.run("true").exitCode()).isZero();
            }
            Ran again = ssh(guest, "echo", "again");
            assertThat(again.exit()).as(again.stderr()).isZero();
        }
    }

    @Test
    void aKeyPinnedByTheRunnerIsCheckedBySshWhichRefusesAChangedOne() throws Exception {
        try (EmbeddedSshServer guest = EmbeddedSshServer.start(authorized, guestHostKey)) {
            try (SshCommandRunner runner = new SshCommandRunner(endpoint(guest), Duration.ofSeconds(10))) {
                assertThat(runner.run("true").exitCode()).isZero();
            }
            Ran pinned = ssh(guest, "echo", "pinned");
            assertThat(pinned.exit()).as(pinned.stderr()).isZero();
            assertThat(pinned.stdout()).isEqualTo("pinned\n");
        }
        String pin = Files.readString(paths.knownHosts());

        try (EmbeddedSshServer recreated = EmbeddedSshServer.start(authorized)) {
            Ran refused = ssh(recreated, "touch", dir.resolve("ran").toString());
            assertThat(refused.exit()).isEqualTo(255);
            assertThat(refused.stderr()).contains("Host key verification failed");
            assertThat(recreated.commandsStarted()).isZero();
        }
        assertThat(dir.resolve("ran")).doesNotExist();
        assertThat(Files.readString(paths.knownHosts())).isEqualTo(pin);
    }

    private static boolean sshClientPresent() throws InterruptedException {
        try {
            Process p = new ProcessBuilder("ssh", "-V").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        }
    }
}
