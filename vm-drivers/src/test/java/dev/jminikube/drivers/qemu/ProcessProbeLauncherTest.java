package dev.jminikube.drivers.qemu;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessProbeLauncherTest {
    @TempDir
    Path dir;

    /** The probe ends itself a few seconds after our deadline, so a killed jminikube cannot leave it running. */
    @Test
    void theProbeIsKilledByTheHostsTimeoutToolPastTheDeadline() throws Exception {
        Path tool = Files.createFile(dir.resolve("timeout"));
        tool.toFile().setExecutable(true);
        List<String> probe = List.of("qemu-system-x86_64", "-accel", "kvm");
        assertThat(ProcessProbeLauncher.selfLimited(probe, Duration.ofSeconds(4), tool))
                .containsExactly(tool.toString(), "-s", "KILL", "9", "qemu-system-x86_64", "-accel", "kvm");
        assertThat(ProcessProbeLauncher.selfLimited(probe, Duration.ofSeconds(4), dir.resolve("none")))
                .as("without the tool, as before").isEqualTo(probe);
    }

    /** Seen through the wrapper, and ended with it: nothing of the probe outlives the run (the wrapper's child too). */
    @Test
    void aProbeThatRunsIsSeenAndLeavesNoProcessBehind() throws Exception {
        Path out = dir.resolve("probe.out");
        String marker = "31.4159" + ProcessHandle.current().pid();
        ProbeLauncher.ProbeRun run = new ProcessProbeLauncher().run(
                List.of("sh", "-c", "echo ready > " + out + "; exec sleep " + marker), out, "ready", Duration.ofSeconds(10));
        assertThat(run.markerSeen()).isTrue();
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (leftOver(marker) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(leftOver(marker)).as("the probe's process is gone").isFalse();
    }

    private static boolean leftOver(String marker) {
        return ProcessHandle.allProcesses().anyMatch(p -> p.isAlive()
                && p.info().commandLine().map(c -> c.contains("sleep " + marker)).orElse(false));
    }
}
