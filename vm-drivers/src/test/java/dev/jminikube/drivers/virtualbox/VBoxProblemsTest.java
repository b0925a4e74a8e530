package dev.jminikube.drivers.virtualbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jminikube.core.HostOs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What startvm and VBox.log say when a VM cannot power up, as VirtualBox words it. */
class VBoxProblemsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        // startvm on a host without VT-x (docker-machine's example; exit code 0 on Windows)
        "VBoxManage.exe: error: VT-x is not available (VERR_VMX_NO_VMX) | VT-x is not available (VERR_VMX_NO_VMX) | enable Intel Virtualization Technology (VT-x)",
        "VBoxManage: error: AMD-V is not available (VERR_SVM_NO_SVM) | AMD-V is not available (VERR_SVM_NO_SVM) | enable SVM (AMD-V)",
        "VBoxManage: error: VT-x is disabled in the BIOS for all CPU modes (VERR_VMX_MSR_ALL_VMX_DISABLED) | VT-x is disabled in the BIOS | enable Intel Virtualization Technology",
        "VBoxManage: error: AMD-V is disabled in the BIOS (or by the host OS) (VERR_SVM_DISABLED) | AMD-V is disabled in the BIOS | enable SVM (AMD-V)",
        // KVM holds VT-x (a QEMU/KVM guest runs)
        "VBoxManage: error: VirtualBox can't operate in VMX root mode. Please disable the KVM kernel extension, recompile your kernel and reboot (VERR_VMX_IN_VMX_ROOT_MODE) | another hypervisor (KVM) is using VT-x | sudo modprobe -r kvm_intel kvm_amd",
        "VBoxManage: error: AMD-V is being used by another hypervisor (VERR_SVM_IN_USE) | another hypervisor (KVM) is using AMD-V | sudo modprobe -r kvm_intel kvm_amd",
        // Windows with Hyper-V on (VBox.log)
        "00:00:01.234567 NEM: NEMR3Init: Native API not available: VERR_NEM_NOT_AVAILABLE | Hyper-V holds the hardware virtualization | bcdedit /set hypervisorlaunchtype off",
        // Linux without the kernel driver, at startvm
        "VBoxManage: error: The virtual machine 'jmk-dev' has terminated unexpectedly during startup because of signal 6 ... Kernel driver not installed (rc=-1908) | the VirtualBox kernel driver is not installed | sudo /sbin/vboxconfig",
    })
    void knownProblemsOnLinux(String output, String error, String fixPart) {
        VBoxProblems.Diagnosis d = VBoxProblems.diagnose(HostOs.LINUX, output).orElseThrow();
        assertThat(d.error()).startsWith(error);
        assertThat(d.fix()).contains(fixPart);
    }

    @Test
    void theMissingKernelDriverIsFixedDifferentlyPerOs() {
        String text = "VERR_VM_DRIVER_NOT_INSTALLED (-1908) - The support driver is not installed.";
        assertThat(VBoxProblems.diagnose(HostOs.MACOS, text).orElseThrow().fix()).contains("Privacy & Security");
        assertThat(VBoxProblems.diagnose(HostOs.WINDOWS, text).orElseThrow().fix()).contains("winget install Oracle.VirtualBox");
    }

    @Test
    void otherErrorsAreNotDiagnosed() {
        assertThat(VBoxProblems.diagnose(HostOs.LINUX, "VBoxManage: error: Could not find a registered machine named 'x'"))
                .isEmpty();
        assertThat(VBoxProblems.diagnose(HostOs.LINUX, "")).isEmpty();
    }

    @Test
    void suggestedCommandsAreThoseAfterTheIntroduction() {
        assertThat(VBoxProblems.commandsSuggested(VBoxHealthTest.KERNEL_MODULE_WARNING)).hasValue("sudo /sbin/vboxconfig");
        assertThat(VBoxProblems.commandsSuggested("WARNING: nothing to run here.\n")).isEmpty();
    }
}
