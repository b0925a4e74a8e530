package dev.jminikube.drivers.qemu;

import java.nio.file.Path;

/**
 * A direct kernel boot: QEMU loads the kernel and initramfs itself (-kernel, -initrd, -append), which
 * skips the firmware's CD boot and GRUB; the CD stays attached because live-boot mounts its squashfs.
 *
 * @param cmdline the kernel command line the image itself ships, the arguments of its GRUB entry
 */
public record KernelBoot(Path kernel, Path initrd, String cmdline) {
}
