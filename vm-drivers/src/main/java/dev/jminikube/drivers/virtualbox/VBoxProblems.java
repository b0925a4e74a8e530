package dev.jminikube.drivers.virtualbox;

import dev.jminikube.core.HostOs;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What VirtualBox prints when it cannot run VMs on this host, and the fix for each. The texts are
 * VirtualBox's own: the warning its Linux launcher script prints before every command (also with
 * {@code --version}) when the kernel driver is missing, and the VERR_ codes startvm and VBox.log give when
 * hardware virtualization is off, missing or taken by another hypervisor.
 */
final class VBoxProblems {
    /** What is wrong, in a few words, and the paste-ready fix. */
    record Diagnosis(String error, String fix) {
    }

    private VBoxProblems() {
    }

    static final String KVM_FIX = "stop the other hypervisor's VMs, or unload KVM (sudo modprobe -r kvm_intel kvm_amd), "
            + "or use --driver=qemu";

    /** The first known problem in {@code text} (command output, log lines), if any. */
    static Optional<Diagnosis> diagnose(HostOs os, String text) {
        if (text.contains("vboxdrv kernel module is not loaded")) {
            return Optional.of(new Diagnosis("the vboxdrv kernel module is not loaded",
                    commandsSuggested(text).orElse("sudo /sbin/vboxconfig")));
        }
        if (text.contains("/dev/vboxdrv does not exist")) {
            return Optional.of(new Diagnosis("the VirtualBox kernel driver (/dev/vboxdrv) is not installed",
                    "sudo apt-get install virtualbox-dkms linux-headers-$(uname -r) && sudo modprobe vboxdrv"
                            + " (Debian/Ubuntu; elsewhere: sudo /sbin/vboxconfig)"));
        }
        if (text.contains("VERR_VM_DRIVER_NOT_INSTALLED") || text.contains("Kernel driver not installed")) {
            return Optional.of(new Diagnosis("the VirtualBox kernel driver is not installed", switch (os) {
                case MACOS -> "allow Oracle's system extension in System Settings > Privacy & Security, then restart the Mac";
                case WINDOWS -> "reinstall VirtualBox (winget install Oracle.VirtualBox), then restart Windows";
                default -> "sudo /sbin/vboxconfig";
            }));
        }
        if (text.contains("VERR_VMX_IN_VMX_ROOT_MODE")) {
            return Optional.of(new Diagnosis("another hypervisor (KVM) is using VT-x", KVM_FIX));
        }
        if (text.contains("VERR_SVM_IN_USE")) {
            return Optional.of(new Diagnosis("another hypervisor (KVM) is using AMD-V", KVM_FIX));
        }
        if (text.contains("VERR_VMX_NO_VMX") || text.contains("VT-x is not available")) {
            return Optional.of(new Diagnosis("VT-x is not available (VERR_VMX_NO_VMX)",
                    "enable Intel Virtualization Technology (VT-x) in the BIOS/UEFI setup; inside a VM, enable nested"
                            + " virtualization for it"));
        }
        if (text.contains("VERR_SVM_NO_SVM") || text.contains("AMD-V is not available")) {
            return Optional.of(new Diagnosis("AMD-V is not available (VERR_SVM_NO_SVM)",
                    "enable SVM (AMD-V) in the BIOS/UEFI setup; inside a VM, enable nested virtualization for it"));
        }
        if (text.contains("VERR_VMX_MSR_ALL_VMX_DISABLED") || text.contains("VERR_VMX_MSR_VMX_DISABLED")) {
            return Optional.of(new Diagnosis("VT-x is disabled in the BIOS",
                    "enable Intel Virtualization Technology (VT-x) in the BIOS/UEFI setup, then power the host off and on"));
        }
        if (text.contains("VERR_SVM_DISABLED")) {
            return Optional.of(new Diagnosis("AMD-V is disabled in the BIOS",
                    "enable SVM (AMD-V) in the BIOS/UEFI setup, then power the host off and on"));
        }
        if (text.contains("VERR_NEM_NOT_AVAILABLE") || text.contains("VERR_NEM_VM_CREATE_FAILED")) {
            return Optional.of(new Diagnosis("Hyper-V holds the hardware virtualization and VirtualBox cannot use it",
                    "turn Hyper-V off (bcdedit /set hypervisorlaunchtype off, then restart Windows), or use another driver"));
        }
        return Optional.empty();
    }

    /**
     * The commands a VirtualBox warning suggests, e.g. {@code sudo /sbin/vboxconfig} or Fedora's
     * {@code akmods ...}: the paragraph after the one that ends with "by" or "as root".
     */
    static Optional<String> commandsSuggested(String warning) {
        List<List<String>> paragraphs = new ArrayList<>();
        List<String> current = new ArrayList<>();
        for (String line : warning.lines().toList()) {
            if (line.isBlank()) {
                if (!current.isEmpty()) {
                    paragraphs.add(current);
                    current = new ArrayList<>();
                }
            } else {
                current.add(line.strip());
            }
        }
        if (!current.isEmpty()) {
            paragraphs.add(current);
        }
        for (int i = 0; i + 1 < paragraphs.size(); i++) {
            String intro = paragraphs.get(i).get(paragraphs.get(i).size() - 1);
            if (intro.endsWith(" by") || intro.endsWith("as root") || intro.endsWith(":")) {
                return Optional.of(String.join(" && ", paragraphs.get(i + 1)));
            }
        }
        return Optional.empty();
    }
}
