package dev.jminikube.drivers.qemu;

import dev.jminikube.core.HostOs;

/** The command that installs QEMU on this kind of host. */
final class QemuInstallHint {
    private QemuInstallHint() {
    }

    static String forHost(HostOs os, boolean arm) {
        switch (os) {
            case MACOS:
                return "brew install qemu";
            case WINDOWS:
                return "winget install SoftwareFreedomConservancy.QEMU";
            case LINUX:
                return arm ? "sudo apt-get install qemu-system-arm qemu-efi-aarch64 qemu-utils (Debian/Ubuntu)"
                        : "sudo apt-get install qemu-system-x86 qemu-utils (Debian/Ubuntu)";
            default:
                return "install QEMU from https://www.qemu.org/download/";
        }
    }
}
