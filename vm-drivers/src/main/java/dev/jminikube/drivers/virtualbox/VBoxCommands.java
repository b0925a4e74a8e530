package dev.jminikube.drivers.virtualbox;

import dev.jminikube.core.HostOs;
import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import dev.jminikube.core.exec.CommandResult;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * VBoxManage as the driver uses it (docker-machine's vbm/vbmOut/vbmOutErr): retries the one error that
 * is known to pass by itself, decides what counts as a failure, and turns failures into
 * {@link JmkException}s that carry the paste-ready command and its output.
 */
final class VBoxCommands {
    /**
     * VBoxSVC answers "The object is not ready" while a machine or medium is changing state (just
     * registered, session being released); the same command a moment later works. docker-machine retries
     * exactly this, 5 times 100 ms apart. "The object functionality is limited" (the other E_ACCESSDENIED
     * text) is not retried: it means the machine is inaccessible (settings file gone), which lasts.
     */
    static final String OBJECT_NOT_READY = "The object is not ready";
    static final int ATTEMPTS = 5;
    static final Duration RETRY_DELAY = Duration.ofMillis(100);

    private final VBoxManager manager;
    private final Sleeper sleeper;
    private final HostOs os;

    VBoxCommands(VBoxManager manager, Sleeper sleeper, HostOs os) {
        this.manager = manager;
        this.sleeper = sleeper;
        this.os = os;
    }

    /** Runs {@code VBoxManage args}, retrying while VirtualBox says the object is not ready; never throws. */
    CommandResult run(String... args) {
        List<String> argv = List.of(args);
        CommandResult result = manager.run(argv);
        for (int attempt = 1; attempt < ATTEMPTS && result.stderr().contains(OBJECT_NOT_READY); attempt++) {
            sleeper.sleep(RETRY_DELAY);
            result = manager.run(argv);
        }
        return result;
    }

    /** Runs and returns stdout; a failure (see {@link #failed}) is a {@link JmkException}. */
    String check(String... args) {
        CommandResult result = run(args);
        if (failed(result)) {
            throw failure(List.of(args), result, "");
        }
        return result.stdout();
    }

    /**
     * A non-zero exit, a timeout, or "error:" on stderr with exit 0: VBoxManage sometimes reports fatal
     * errors (e.g. "VBoxManage.exe: error: VT-x is not available (VERR_VMX_NO_VMX)") without setting its
     * exit code, so docker-machine treats the text as the failure and so do we. Warnings ("Warning: --audio
     * is deprecated") and progress ("0%...100%") on stderr are not failures.
     */
    static boolean failed(CommandResult result) {
        return result.exitCode() != 0 || result.timedOut() || result.stderr().contains("error:");
    }

    /** The first thing VBoxManage said was wrong, without its "VBoxManage: error: " prefix. */
    static String errorLine(CommandResult result) {
        Optional<String> line = result.stderr().lines().filter(l -> l.contains("error:"))
                .map(l -> l.substring(l.indexOf("error:") + "error:".length()).strip())
                .filter(l -> !l.isEmpty()).findFirst();
        if (line.isPresent()) {
            return line.get();
        }
        return result.timedOut() ? "did not finish within " + result.elapsed().toSeconds() + "s"
                : "exited with status " + result.exitCode();
    }

    /**
     * The failure of {@code VBoxManage args}: a known hypervisor problem (VT-x off, kernel module missing)
     * with its fix, else DRV_FAILED naming the subcommand. {@code moreEvidence} (the VM's VBox.log, which says
     * why a VM did not power up) is searched for known problems too and shown with the output.
     */
    JmkException failure(List<String> args, CommandResult result, String moreEvidence) {
        String details = "$ " + manager.commandLine(args) + "\n" + result.combinedOutput()
                + (moreEvidence.isBlank() ? "" : "\n" + moreEvidence.strip());
        Optional<VBoxProblems.Diagnosis> known = VBoxProblems.diagnose(os, result.combinedOutput() + "\n" + moreEvidence);
        if (known.isPresent()) {
            return new JmkException(Reason.DRIVER_NOT_HEALTHY, "VirtualBox cannot run the VM: " + known.get().error(),
                    "Fix: " + known.get().fix(), details, null);
        }
        String subcommand = args.isEmpty() ? "" : " " + args.get(0);
        return new JmkException(Reason.DRIVER_FAILED, "VBoxManage" + subcommand + " failed: " + errorLine(result),
                null, details, null);
    }
}
