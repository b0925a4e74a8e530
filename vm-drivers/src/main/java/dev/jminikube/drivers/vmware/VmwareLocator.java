package dev.jminikube.drivers.vmware;

import dev.jminikube.core.Environment;
import dev.jminikube.core.HostOs;
import dev.jminikube.core.ToolLocator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Where VMware's tools live: the PATH, else where Fusion and Workstation install them (not on their PATH). */
final class VmwareLocator {
    static final String FUSION_LIBRARY = "/Applications/VMware Fusion.app/Contents/Library";

    private VmwareLocator() {
    }

    static Optional<Path> find(Environment env, String tool) {
        Optional<Path> onPath = new ToolLocator(env).find(tool);
        if (onPath.isPresent()) {
            return onPath;
        }
        String file = env.os() == HostOs.WINDOWS ? tool + ".exe" : tool;
        return installDirs(env).stream().map(d -> d.resolve(file)).filter(Files::isRegularFile).findFirst();
    }

    static List<Path> installDirs(Environment env) {
        List<Path> dirs = new ArrayList<>();
        switch (env.os()) {
            case MACOS -> dirs.add(Path.of(FUSION_LIBRARY));
            case WINDOWS -> {
                for (String var : List.of("ProgramFiles(x86)", "ProgramFiles")) {
                    env.variable(var).ifPresent(pf -> dirs.add(Path.of(pf, "VMware", "VMware Workstation")));
                }
            }
            default -> {
                // Workstation for Linux installs into /usr/bin, which the PATH already has.
            }
        }
        return dirs;
    }

    /** vmrun's -T: fusion on macOS, ws (Workstation, Player) elsewhere. */
    static String hostType(HostOs os) {
        return os == HostOs.MACOS ? "fusion" : "ws";
    }

    static String installHint(HostOs os) {
        return switch (os) {
            case MACOS -> "install VMware Fusion (brew install --cask vmware-fusion); vmrun is in " + FUSION_LIBRARY;
            case WINDOWS -> "install VMware Workstation (winget install VMware.WorkstationPro); vmrun.exe is in "
                    + "%ProgramFiles(x86)%\\VMware\\VMware Workstation";
            default -> "install VMware Workstation for Linux (its bundle installs /usr/bin/vmrun and vmware-vdiskmanager)";
        };
    }
}
