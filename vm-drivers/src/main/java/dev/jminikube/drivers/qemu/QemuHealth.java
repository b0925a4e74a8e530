package dev.jminikube.drivers.qemu;

import dev.jminikube.core.Environment;
import dev.jminikube.core.exec.CommandResult;
import dev.jminikube.core.exec.CommandRunner;
import dev.jminikube.core.exec.LocalCommandRunner;
import dev.jminikube.core.exec.RunOptions;
import dev.jminikube.drivers.DriverHealth;
import dev.jminikube.drivers.HealthCheck;
import dev.jminikube.core.ToolLocator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** QEMU is healthy when its system emulator and qemu-img are on the PATH and answer --version. */
final class QemuHealth implements HealthCheck {
    static final String DOC = "https://www.qemu.org/download/";

    private final CommandRunner local;

    QemuHealth(CommandRunner local) {
        this.local = local;
    }

    QemuHealth() {
        this(new LocalCommandRunner());
    }

    @Override
    public DriverHealth check(Environment env) {
        boolean arm = QemuTarget.isArmHost(env.arch());
        String fix = QemuInstallHint.forHost(env.os(), arm);
        ToolLocator tools = new ToolLocator(env);
        String emulator = arm ? "qemu-system-aarch64" : "qemu-system-x86_64";
        for (String tool : List.of(emulator, "qemu-img")) {
            Optional<Path> path = tools.find(tool);
            if (path.isEmpty()) {
                return DriverHealth.notInstalled(tool + " was not found on the PATH", fix, DOC);
            }
            List<String> argv = List.of(path.get().toString(), "--version");
            CommandResult r = local.run(argv, RunOptions.DEFAULTS.withTimeout(Duration.ofSeconds(5)));
            if (!r.succeeded()) {
                return DriverHealth.unhealthy("'" + local.pasteReady(argv) + "' failed: " + r.combinedOutput(), fix, DOC);
            }
        }
        if (arm && QemuTarget.findArmFirmware(env.os()).isEmpty()) {
            return DriverHealth.notInstalled("no aarch64 UEFI firmware found (looked at "
                    + QemuTarget.armFirmwareCandidates(env.os()) + ")", fix, DOC);
        }
        return DriverHealth.ok();
    }
}
