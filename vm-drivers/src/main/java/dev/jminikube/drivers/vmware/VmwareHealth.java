package dev.jminikube.drivers.vmware;

import dev.jminikube.core.Environment;
import dev.jminikube.core.exec.CommandResult;
import dev.jminikube.core.exec.LocalCommandRunner;
import dev.jminikube.drivers.DriverHealth;
import dev.jminikube.drivers.HealthCheck;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;

/** VMware is usable when vmrun and vmware-vdiskmanager are found and vmrun is recent enough. */
final class VmwareHealth implements HealthCheck {
    static final String DOC = "https://www.vmware.com/products/desktop-hypervisor.html";

    /** Finds a tool for an environment. */
    private final BiFunction<Environment, String, Optional<Path>> locate;
    private final BiFunction<Environment, Path, VmwareTool> runner;

    VmwareHealth(BiFunction<Environment, String, Optional<Path>> locate, BiFunction<Environment, Path, VmwareTool> runner) {
        this.locate = locate;
        this.runner = runner;
    }

    VmwareHealth() {
        this(VmwareLocator::find, (env, path) -> VmwareTool.process(new LocalCommandRunner(), path));
    }

    @Override
    public DriverHealth check(Environment env) {
        String hint = VmwareLocator.installHint(env.os());
        Optional<Path> vmrun = locate.apply(env, "vmrun");
        if (vmrun.isEmpty()) {
            return DriverHealth.notInstalled("vmrun was not found (looked on the PATH and in "
                    + VmwareLocator.installDirs(env) + ")", hint, DOC);
        }
        if (locate.apply(env, "vmware-vdiskmanager").isEmpty()) {
            return DriverHealth.notInstalled("vmware-vdiskmanager was not found beside vmrun", hint, DOC);
        }
        return check(runner.apply(env, vmrun.get()), hint);
    }

    static DriverHealth check(VmwareTool vmrun, String hint) {
        // Without arguments vmrun prints its usage (and exits non-zero); the version heads it.
        CommandResult r = vmrun.run(List.of(), Duration.ofSeconds(10));
        if (r.timedOut()) {
            return DriverHealth.unhealthy("vmrun did not answer within 10s", null, DOC);
        }
        Optional<VmrunOutput.Version> version = VmrunOutput.version(r.combinedOutput());
        if (version.isEmpty()) {
            return DriverHealth.unhealthy("vmrun printed no version: " + VmrunOutput.error(r.combinedOutput()), hint, DOC);
        }
        if (VmrunOutput.tooOld(version.get())) {
            return DriverHealth.unhealthy("vmrun " + version.get() + " is older than 1.17.0 (Workstation 15 / Fusion 11)",
                    "upgrade: " + hint, DOC);
        }
        return DriverHealth.ok();
    }
}
