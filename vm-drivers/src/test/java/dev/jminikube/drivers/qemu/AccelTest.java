package dev.jminikube.drivers.qemu;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class AccelTest {
    private final QemuTarget x86 = QemuTarget.x86_64();
    private final QemuTarget arm = QemuTarget.aarch64(Path.of("/usr/share/qemu-efi-aarch64/QEMU_EFI.fd"));

    @Test
    void hardwareAcceleratorsPassTheHostCpuThrough() {
        assertThat(Accel.KVM.cpuModel(x86)).isEqualTo("host");
        assertThat(Accel.HVF.cpuModel(arm)).isEqualTo("host");
        assertThat(Accel.HVF.cpuModel(x86)).isEqualTo("host");
        assertThat(Accel.WHPX.cpuModel(x86)).isEqualTo("max");
    }

    @Test
    void anEmulatedX86CpuHidesErmsAndAnEmulatedArmCpuIsPlainMax() {
        assertThat(Accel.TCG.cpuModel(x86)).isEqualTo("max,erms=off");
        assertThat(Accel.TCG.cpuModel(arm)).isEqualTo("max");
    }
}
