package dev.jminikube.drivers.qemu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SystemProcessTableTest {

    @Test
    void procCmdlineIsSplitExactlyAtNuls() {
        byte[] raw = "/usr/bin/qemu-system-x86_64\0-name\0jminikube-a b\0\0-daemonize\0".getBytes(StandardCharsets.UTF_8);
        assertThat(SystemProcessTable.splitNulTerminated(raw))
                .containsExactly("/usr/bin/qemu-system-x86_64", "-name", "jminikube-a b", "", "-daemonize");
        assertThat(SystemProcessTable.splitNulTerminated("rewritten title".getBytes(StandardCharsets.UTF_8)))
                .containsExactly("rewritten title");
    }

    /** A child of this test (never anyone else's process): its argv as given, then gone after SIGTERM. */
    @Test
    void aLiveProcessShowsItsArgvAndEndsOnTerminate() throws Exception {
        assumeThat(Files.isDirectory(Path.of("/proc/self"))).as("Linux /proc").isTrue();
        Process child = new ProcessBuilder("sleep", "30").start();
        try {
            ProcessTable.Entry entry = new SystemProcessTable().find(child.pid()).orElseThrow();
            assertThat(entry.commandLine()).hasValueSatisfying(argv -> assertThat(argv.subList(1, argv.size()))
                    .isEqualTo(List.of("30")));
            assertThat(entry.awaitExit(Duration.ofMillis(50))).isFalse();
            entry.terminate();
            assertThat(entry.awaitExit(Duration.ofSeconds(10))).isTrue();
            assertThat(entry.isAlive()).isFalse();
            assertThat(new SystemProcessTable().find(child.pid())).isEmpty();
        } finally {
            child.destroyForcibly();
        }
    }

    /** A zombie (dead, not yet reaped by its parent) is not running: a killed QEMU under a lazy init looked alive. */
    @Test
    void aZombieIsNotARunningProcess() throws Exception {
        assumeThat(Files.isDirectory(Path.of("/proc/self"))).as("Linux /proc").isTrue();
        // sh starts 'true' in the background and becomes sleep, which never reaps it: 'true' stays a zombie.
        Process parent = new ProcessBuilder("sh", "-c", "true & exec sleep 20").start();
        try {
            ProcessHandle zombie = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (zombie == null && System.nanoTime() < deadline) {
                zombie = parent.toHandle().children().filter(c -> SystemProcessTable.isZombie(c.pid())).findFirst()
                        .orElse(null);
                Thread.sleep(50);
            }
            assertThat(zombie).as("a zombie child appeared").isNotNull();
            assertThat(zombie.isAlive()).as("the JDK calls it alive").isTrue();
            assertThat(new SystemProcessTable().find(zombie.pid())).isEmpty();
            assertThat(SystemProcessTable.running(parent.toHandle())).as("its live parent runs").isTrue();
        } finally {
            parent.destroyForcibly().waitFor();
        }
    }
}
