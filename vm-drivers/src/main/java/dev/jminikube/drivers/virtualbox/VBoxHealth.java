package dev.jminikube.drivers.virtualbox;

import dev.jminikube.core.Environment;
import dev.jminikube.core.HostOs;
import dev.jminikube.core.exec.CommandResult;
import dev.jminikube.drivers.DriverHealth;
import dev.jminikube.drivers.HealthCheck;
import java.util.List;
import java.util.Optional;

/**
 * VirtualBox is healthy when VBoxManage is found, answers {@code --version} with 6.1 or newer, and prints
 * no warning with it (on Linux the kernel-module warning comes with every command, so it shows here).
 * Whether VT-x/AMD-V is usable only shows when a VM powers up; {@link VirtualBoxDriver#start} diagnoses that.
 */
final class VBoxHealth implements HealthCheck {
    static final String DOC = "https://www.virtualbox.org/manual/";

    private final VBoxManagerSource source;

    VBoxHealth(VBoxManagerSource source) {
        this.source = source;
    }

    @Override
    public DriverHealth check(Environment env) {
        String install = VBoxInstallHint.forHost(env.os());
        Optional<VBoxManager> found = source.find(env);
        if (found.isEmpty()) {
            return DriverHealth.notInstalled("VBoxManage was not found on the PATH"
                    + (env.os() == HostOs.WINDOWS ? " nor in %VBOX_MSI_INSTALL_PATH%" : ""),
                    install, DOC);
        }
        VBoxManager vbox = found.get();
        List<String> args = List.of("--version");
        CommandResult r = vbox.run(args);
        VBoxVersion.Report report = VBoxVersion.readVersionOutput(r.stdout() + "\n" + r.stderr());
        Optional<VBoxProblems.Diagnosis> problem = VBoxProblems.diagnose(env.os(), r.combinedOutput());
        if (problem.isPresent()) {
            return DriverHealth.unhealthy(problem.get().error() + " ('" + vbox.commandLine(args) + "' warns: "
                    + firstLine(report.warning()) + ")", problem.get().fix(), DOC);
        }
        if (VBoxCommands.failed(r) || report.version().isEmpty()) {
            return DriverHealth.unhealthy("'" + vbox.commandLine(args) + "' failed: " + oneLine(r.combinedOutput()),
                    "reinstall or upgrade VirtualBox: " + install, DOC);
        }
        if (!report.warning().isEmpty()) {
            return DriverHealth.unhealthy("VirtualBox warns: " + oneLine(report.warning()),
                    "follow the warning's instructions; '" + vbox.commandLine(args) + "' prints it", DOC);
        }
        VBoxVersion version = report.version().get();
        if (!version.atLeast(VBoxVersion.MINIMUM)) {
            return DriverHealth.unhealthy("VirtualBox " + version.number() + " is too old (" + VBoxVersion.MINIMUM.text()
                    + " or newer is needed)", "upgrade VirtualBox: " + install, DOC);
        }
        return DriverHealth.ok();
    }

    private static String firstLine(String text) {
        return text.lines().findFirst().orElse("").strip();
    }

    private static String oneLine(String text) {
        String joined = String.join(" ", text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList());
        return joined.isEmpty() ? "(no output)" : joined;
    }
}
