package dev.jminikube.drivers.virtualbox;

import dev.jminikube.core.Environment;
import dev.jminikube.core.HostOs;
import dev.jminikube.core.ToolLocator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds VBoxManage: on the PATH, and on Windows also where the installer puts it, since the VirtualBox
 * installer does not add itself to the PATH (it sets VBOX_MSI_INSTALL_PATH; older ones VBOX_INSTALL_PATH).
 */
final class VBoxManageLocator {
    static final String WINDOWS_DEFAULT_DIR = "C:\\Program Files\\Oracle\\VirtualBox";

    private VBoxManageLocator() {
    }

    static Optional<Path> find(Environment env) {
        Optional<Path> onPath = new ToolLocator(env).find("VBoxManage");
        if (onPath.isPresent() || env.os() != HostOs.WINDOWS) {
            return onPath;
        }
        for (String dir : windowsInstallDirs(env)) {
            Path exe = Path.of(dir).resolve("VBoxManage.exe");
            if (Files.isRegularFile(exe)) {
                return Optional.of(exe.toAbsolutePath());
            }
        }
        return Optional.empty();
    }

    /** The installer's directories, in the order docker-machine and minikube look at them. */
    static List<String> windowsInstallDirs(Environment env) {
        List<String> dirs = new ArrayList<>();
        env.variable("VBOX_MSI_INSTALL_PATH").filter(s -> !s.isBlank()).ifPresent(dirs::add);
        env.variable("VBOX_INSTALL_PATH").filter(s -> !s.isBlank()).ifPresent(dirs::add);
        dirs.add(WINDOWS_DEFAULT_DIR);
        return dirs;
    }
}
