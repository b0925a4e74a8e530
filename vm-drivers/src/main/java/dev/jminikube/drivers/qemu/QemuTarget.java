package dev.jminikube.drivers.qemu;

import dev.jminikube.core.HostOs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The emulator for the host's CPU architecture: x86_64 hosts run {@code qemu-system-x86_64} with
 * SeaBIOS (q35); arm64 hosts run {@code qemu-system-aarch64} on the {@code virt} machine, which has
 * no BIOS of its own and needs UEFI firmware passed with -bios.
 *
 * @param firmware the -bios file, or null where QEMU's default firmware is right
 */
public record QemuTarget(String binary, String machine, Path firmware) {

    public boolean isArm() {
        return binary.endsWith("aarch64");
    }

    public static QemuTarget x86_64() {
        return new QemuTarget("qemu-system-x86_64", "q35", null);
    }

    public static QemuTarget aarch64(Path firmware) {
        return new QemuTarget("qemu-system-aarch64", "virt", firmware);
    }

    public static boolean isArmHost(String javaArch) {
        return "aarch64".equals(javaArch) || "arm64".equals(javaArch);
    }

    /** Where distributions and Homebrew put the aarch64 UEFI firmware. */
    static List<Path> armFirmwareCandidates(HostOs os) {
        if (os == HostOs.MACOS) {
            return List.of(Path.of("/opt/homebrew/share/qemu/edk2-aarch64-code.fd"),
                    Path.of("/usr/local/share/qemu/edk2-aarch64-code.fd"));
        }
        return List.of(Path.of("/usr/share/qemu-efi-aarch64/QEMU_EFI.fd"), Path.of("/usr/share/AAVMF/AAVMF_CODE.fd"),
                Path.of("/usr/share/qemu/edk2-aarch64-code.fd"));
    }

    static Optional<Path> findArmFirmware(HostOs os) {
        return armFirmwareCandidates(os).stream().filter(Files::isRegularFile).findFirst();
    }
}
