package dev.jminikube.drivers.virtualbox;

import dev.jminikube.core.HostOs;

/** The command that installs VirtualBox on this kind of host. */
final class VBoxInstallHint {
    static final String DOWNLOADS = "https://www.virtualbox.org/wiki/Downloads";

    private VBoxInstallHint() {
    }

    static String forHost(HostOs os) {
        return switch (os) {
            case MACOS -> "brew install --cask virtualbox";
            case WINDOWS -> "winget install Oracle.VirtualBox";
            // Debian dropped VirtualBox from main; Ubuntu ships it in multiverse, Fedora via RPM Fusion.
            case LINUX -> "sudo apt-get install virtualbox (Ubuntu), sudo dnf install VirtualBox (Fedora with RPM Fusion),"
                    + " or a package from https://www.virtualbox.org/wiki/Linux_Downloads";
            default -> "install VirtualBox from " + DOWNLOADS;
        };
    }
}
