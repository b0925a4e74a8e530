package dev.jminikube.drivers.qemu;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Runs an accelerator probe VM; an interface so the probe's decisions are tested without QEMU. */
public interface ProbeLauncher {

    /**
     * Starts {@code argv}, waits until {@code output} contains {@code marker} or {@code timeout}
     * passes, kills the process, and reports what happened.
     */
    ProbeRun run(List<String> argv, Path output, String marker, Duration timeout);

    /**
     * @param markerSeen  the firmware wrote the marker, so the vCPU really executed
     * @param exitedEarly the process ended on its own before the marker (QEMU refused the accelerator)
     * @param stderr      what QEMU printed, for the warning
     */
    record ProbeRun(boolean markerSeen, boolean exitedEarly, String stderr) {
    }
}
