package dev.jminikube.cluster.mount;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jminikube.drivers.MachinePaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The record of a profile's background mount process: real child processes stand in for the mount. */
class MountProcessTest {
    @TempDir
    Path machines;

    private MachinePaths paths;
    private Process child;

    @BeforeEach
    void setUp() throws IOException {
        paths = MachinePaths.of(machines, "dev");
        Files.createDirectories(paths.dir());
        child = new ProcessBuilder("sleep", "60").start();
    }

    @AfterEach
    void tearDown() {
        child.destroyForcibly();
    }

    @Test
    void aRecordedProcessIsFoundLiveAndEndedWithItsRecord() throws Exception {
        MountProcess recorded = MountProcess.record(paths, child.toHandle(), "/src:/src");
        assertThat(paths.mountPidFile()).isRegularFile();
        assertThat(MountProcess.recorded(paths)).contains(recorded);
        assertThat(recorded.live()).isPresent();

        assertThat(MountProcess.end(paths, Duration.ofSeconds(5))).isTrue();
        assertThat(child.waitFor(5, TimeUnit.SECONDS)).as("the process ended").isTrue();
        assertThat(paths.mountPidFile()).doesNotExist();
        assertThat(MountProcess.end(paths, Duration.ofSeconds(5))).as("nothing left to end").isFalse();
    }

    @Test
    void aProcessThatIgnoresTheRequestIsKilledAfterTheGrace() throws Exception {
        Process stubborn = new ProcessBuilder("sh", "-c", "trap '' TERM; echo ready; sleep 60").start();
        try {
            stubborn.getInputStream().read(); // the trap is set once it prints
            MountProcess.record(paths, stubborn.toHandle(), "/src:/src");
            assertThat(MountProcess.end(paths, Duration.ofMillis(300))).isTrue();
            assertThat(stubborn.waitFor(5, TimeUnit.SECONDS)).isTrue();
        } finally {
            stubborn.destroyForcibly();
        }
    }

    /** A pid the system gave to another process since (its start instant differs) is never signalled. */
    @Test
    void aRecordWhosePidNowBelongsToAnotherProcessLeavesThatProcessAlone() throws Exception {
        Instant otherStart = child.toHandle().info().startInstant().orElseThrow().minusSeconds(3600);
        Files.writeString(paths.mountPidFile(), child.pid() + "\n" + otherStart + "\n/src:/src\n");
        assertThat(MountProcess.recorded(paths).orElseThrow().live()).isEmpty();

        assertThat(MountProcess.end(paths, Duration.ofSeconds(1))).isFalse();
        assertThat(child.isAlive()).isTrue();
        assertThat(paths.mountPidFile()).as("the stale record is gone").doesNotExist();
    }

    @Test
    void aDamagedOrMissingRecordNamesNoProcess() throws Exception {
        assertThat(MountProcess.recorded(paths)).isEmpty();
        Files.writeString(paths.mountPidFile(), "not a pid\n");
        assertThat(MountProcess.recorded(paths)).isEmpty();
        assertThat(MountProcess.end(paths, Duration.ofSeconds(1))).isFalse();
        assertThat(child.isAlive()).isTrue();
    }
}
