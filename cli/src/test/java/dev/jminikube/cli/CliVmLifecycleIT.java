package dev.jminikube.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The machine-layer sequence through the real CLI, on a real QEMU/TCG VM booted from the node image
 * (-Djminikube.iso, supplied by scripts/test): start, ssh, status, stop, start again with the disk,
 * delete.
 */
class CliVmLifecycleIT {
    private static final String PROFILE = "cli-it";

    @TempDir
    Path home;

    private CliHarness cli;

    private CliHarness.Run run(String... args) {
        return cli.run(args);
    }

    @AfterEach
    void cleanUp() {
        if (cli != null) {
            run("delete", "-p", PROFILE);
        }
    }

    @Test
    void startSshStatusStopStartDelete() {
        String iso = System.getProperty("jminikube.iso");
        if (iso == null || !Files.isRegularFile(Path.of(iso))) {
            fail("no node image: pass -Djminikube.iso=/path/to/node.iso (scripts/test builds one)");
        }
        cli = new CliHarness(home, System.getenv(), true);

        assertThat(run("start", "-p", PROFILE, "--no-kubernetes", "--iso-url", iso, "--memory", "2g",
                "--disk-size", "4g").code()).isZero();
        assertThat(run("ssh", "-p", PROFILE, "--", "systemctl", "is-active", "containerd").code()).isZero();
        // docker starts after containerd and takes a while under TCG: wait for it inside the guest.
        assertThat(run("ssh", "-p", PROFILE, "--", "sh", "-c",
                "'for i in $(seq 1 90); do systemctl is-active -q docker && exit 0; sleep 2; done; exit 1'").code())
                .as("docker.service active").isZero();
        assertThat(run("ssh", "-p", PROFILE, "--", "sh", "-c", "'echo kept > /var/lib/jminikube-node/cli-marker'")
                .code()).isZero();
        CliHarness.Run status = run("status", "-p", PROFILE, "-o", "json");
        assertThat(status.code()).isZero();
        assertThat(status.out()).contains("\"Host\":\"Running\"");
        assertThat(run("start", "-p", PROFILE, "--no-kubernetes", "--iso-url", iso).out()).contains("already running");

        assertThat(run("stop", "-p", PROFILE).code()).isZero();
        CliHarness.Run stopped = run("status", "-p", PROFILE);
        assertThat(stopped.code()).isEqualTo(StatusCommand.EXIT_HOST_NOT_RUNNING);
        assertThat(stopped.out()).contains("host: Stopped");
        assertThat(run("ssh", "-p", PROFILE, "--", "true").code()).isNotZero();

        assertThat(run("start", "-p", PROFILE, "--no-kubernetes", "--iso-url", iso).code()).isZero();
        assertThat(run("ssh", "-p", PROFILE, "--", "grep", "-q", "kept", "/var/lib/jminikube-node/cli-marker")
                .code()).isZero();

        assertThat(run("delete", "-p", PROFILE).code()).isZero();
        assertThat(run("status", "-p", PROFILE).code()).isEqualTo(StatusCommand.EXIT_NONEXISTENT);
        assertThat(home.resolve("machines").resolve(PROFILE)).doesNotExist();
        assertThat(run("delete", "-p", PROFILE).code()).isZero();
    }
}
