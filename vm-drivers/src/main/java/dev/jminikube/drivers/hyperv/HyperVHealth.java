package dev.jminikube.drivers.hyperv;

import dev.jminikube.core.JmkException;
import dev.jminikube.core.Environment;
import dev.jminikube.core.exec.CommandResult;
import dev.jminikube.core.exec.LocalCommandRunner;
import dev.jminikube.drivers.DriverHealth;
import dev.jminikube.drivers.HealthCheck;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/**
 * Hyper-V is usable when PowerShell runs, its Hyper-V module is there (it is only when the Windows feature
 * is enabled), and we are an administrator or in "Hyper-V Administrators" (nothing less may manage VMs).
 */
final class HyperVHealth implements HealthCheck {
    static final String DOC = "https://learn.microsoft.com/virtualization/hyper-v-on-windows/quick-start/enable-hyper-v";
    static final String ENABLE = "Enable-WindowsOptionalFeature -Online -FeatureName Microsoft-Hyper-V -All "
            + "(in PowerShell as Administrator), then reboot";
    static final String JOIN_GROUP = "run the terminal as Administrator, or add yourself to \"Hyper-V Administrators\": "
            + "Add-LocalGroupMember -SID " + HyperVScripts.HYPERV_ADMINISTRATORS_SID
            + " -Member $env:USERNAME (as Administrator), then sign out and in again";
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    /** Finds PowerShell for an environment; empty when there is none. */
    private final Function<Environment, Optional<PowerShell>> powerShell;

    HyperVHealth(Function<Environment, Optional<PowerShell>> powerShell) {
        this.powerShell = powerShell;
    }

    HyperVHealth() {
        this(env -> ProcessPowerShell.locate(env).map(exe -> new ProcessPowerShell(new LocalCommandRunner(), exe)));
    }

    @Override
    public DriverHealth check(Environment env) {
        return powerShell.apply(env).map(HyperVHealth::check).orElseGet(() -> DriverHealth.notInstalled(
                "PowerShell (powershell.exe or pwsh) was not found on the PATH",
                "Hyper-V needs Windows 10/11 Pro, Enterprise or Education; add %SystemRoot%\\System32\\WindowsPowerShell\\v1.0 to the PATH",
                DOC));
    }

    static DriverHealth check(PowerShell ps) {
        String script = HyperVScripts.health();
        CommandResult r = ps.run(script, TIMEOUT);
        if (!r.succeeded()) {
            return DriverHealth.unhealthy("PowerShell failed to report on Hyper-V: " + (r.timedOut() ? "timed out after "
                    + TIMEOUT.toSeconds() + "s" : r.combinedOutput()), ENABLE, DOC);
        }
        HyperVOutput.Health h;
        try {
            h = HyperVOutput.health(r.stdout());
        } catch (JmkException e) {
            return DriverHealth.unhealthy(e.getMessage() + ": " + e.details(), null, DOC);
        }
        if (h.hyperVCommands() == 0) {
            return DriverHealth.unhealthy("Hyper-V is not enabled (PowerShell has no Hyper-V\\Get-VM)", ENABLE, DOC);
        }
        if (!h.admin() && !h.hyperVAdmin()) {
            return DriverHealth.unhealthy("managing Hyper-V VMs needs an Administrator or a member of \"Hyper-V "
                    + "Administrators\", and this user is neither", JOIN_GROUP, DOC);
        }
        return DriverHealth.ok();
    }
}
