package dev.jminikube.drivers.virtualbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jminikube.core.Environment;
import dev.jminikube.core.HostOs;
import dev.jminikube.core.exec.RecordingCommandRunner;
import dev.jminikube.drivers.DriverHealth;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The health check over {@code VBoxManage --version} outputs in the formats VirtualBox prints them: the
 * version line, alone or after the Linux launcher's kernel-driver warnings (texts as Oracle's, Fedora's and
 * Ubuntu's packages word them).
 */
class VBoxHealthTest {
    /** Oracle's and Ubuntu's packages. */
    static final String KERNEL_MODULE_WARNING = """
            WARNING: The vboxdrv kernel module is not loaded. Either there is no module
                     available for the current kernel (5.0.0-27-generic) or it failed to
                     load. Please recompile the kernel module and install it by

                       sudo /sbin/vboxconfig

                     You will not be able to start VMs until this problem is fixed.
            """;
    /** Fedora's (RPM Fusion) package. */
    static final String FEDORA_KERNEL_MODULE_WARNING = """
            WARNING: The vboxdrv kernel module is not loaded. Either there is no module
                     available for the current kernel (5.13.19-200.fc34.x86_64) or it failed to
                     load. Please try load the kernel module by executing as root

                       dnf install akmod-VirtualBox kernel-devel-5.13.19-200.fc34.x86_64
                       akmods --kernels 5.13.19-200.fc34.x86_64 && systemctl restart vboxdrv.service

                     You will not be able to start VMs until this problem is fixed.
            """;
    /** Debian/Ubuntu's virtualbox package without its dkms module. */
    static final String NO_CHARACTER_DEVICE_WARNING = """
            WARNING: The character device /dev/vboxdrv does not exist.
                     Please install the virtualbox-dkms package and the appropriate
                     headers, most likely linux-headers-generic.

                     You will not be able to start VMs until this problem is fixed.
            """;

    private final RecordingCommandRunner runner = new RecordingCommandRunner();
    private final VBoxManager vbox = new LocalVBoxManager(Path.of("/usr/bin/VBoxManage"), runner);

    private static Environment env(HostOs os) {
        return new Environment(Path.of("/h"), Path.of("/k"), os, "amd64", Map.of());
    }

    private DriverHealth check(String stdout) {
        runner.whenRun("/usr/bin/VBoxManage", "--version").thenReturn(0, stdout);
        return new VBoxHealth(e -> Optional.of(vbox)).check(env(HostOs.LINUX));
    }

    @Test
    void currentVersionIsHealthy() {
        assertThat(check("7.0.14r161095\n")).isEqualTo(DriverHealth.ok());
        assertThat(runner.commandsRun()).containsExactly("/usr/bin/VBoxManage --version");
    }

    @Test
    void distributionBuildIsHealthy() {
        assertThat(check("6.1.50_Ubuntur161033\n").healthy()).isTrue();
    }

    @Test
    void olderThanSixOneIsUnhealthyWithTheUpgrade() {
        DriverHealth h = check("5.2.44r139111\n");
        assertThat(h.installed()).isTrue();
        assertThat(h.healthy()).isFalse();
        assertThat(h.error()).isEqualTo("VirtualBox 5.2.44 is too old (6.1 or newer is needed)");
        assertThat(h.fix()).startsWith("upgrade VirtualBox: sudo apt-get install virtualbox");
    }

    @Test
    void kernelModuleNotLoadedGivesTheCommandTheWarningNames() {
        DriverHealth h = check(KERNEL_MODULE_WARNING + "6.1.10r138449\n");
        assertThat(h.installed()).isTrue();
        assertThat(h.healthy()).isFalse();
        assertThat(h.error()).startsWith("the vboxdrv kernel module is not loaded")
                .contains("'/usr/bin/VBoxManage --version' warns: WARNING: The vboxdrv kernel module is not loaded.");
        assertThat(h.fix()).isEqualTo("sudo /sbin/vboxconfig");
    }

    @Test
    void fedorasWarningNamesItsOwnCommands() {
        DriverHealth h = check(FEDORA_KERNEL_MODULE_WARNING + "6.1.26r145957\n");
        assertThat(h.fix()).isEqualTo("dnf install akmod-VirtualBox kernel-devel-5.13.19-200.fc34.x86_64 && "
                + "akmods --kernels 5.13.19-200.fc34.x86_64 && systemctl restart vboxdrv.service");
    }

    @Test
    void missingCharacterDeviceNeedsTheDkmsPackage() {
        DriverHealth h = check(NO_CHARACTER_DEVICE_WARNING + "6.1.50_Ubuntur161033\n");
        assertThat(h.healthy()).isFalse();
        assertThat(h.error()).startsWith("the VirtualBox kernel driver (/dev/vboxdrv) is not installed");
        assertThat(h.fix()).contains("virtualbox-dkms");
    }

    @Test
    void anUnknownWarningIsStillUnhealthy() {
        DriverHealth h = check("WARNING: something VirtualBox did not like\n7.0.14r161095\n");
        assertThat(h.healthy()).isFalse();
        assertThat(h.error()).isEqualTo("VirtualBox warns: WARNING: something VirtualBox did not like");
    }

    @Test
    void failingVersionQueryIsUnhealthyWithTheCommand() {
        runner.whenRun("/usr/bin/VBoxManage", "--version").thenReturn(1, "",
                "VBoxManage: error: Failed to create the VirtualBox object!\n");
        DriverHealth h = new VBoxHealth(e -> Optional.of(vbox)).check(env(HostOs.LINUX));
        assertThat(h.installed()).isTrue();
        assertThat(h.healthy()).isFalse();
        assertThat(h.error()).isEqualTo("'/usr/bin/VBoxManage --version' failed: VBoxManage: error: Failed to create "
                + "the VirtualBox object!");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "LINUX   | sudo apt-get install virtualbox (Ubuntu), sudo dnf install VirtualBox (Fedora with RPM Fusion), or a package from https://www.virtualbox.org/wiki/Linux_Downloads",
        "MACOS   | brew install --cask virtualbox",
        "WINDOWS | winget install Oracle.VirtualBox",
        "OTHER   | install VirtualBox from https://www.virtualbox.org/wiki/Downloads",
    })
    void notInstalledNamesTheInstallCommandForTheHost(HostOs os, String fix) {
        DriverHealth h = new VBoxHealth(e -> Optional.empty()).check(env(os));
        assertThat(h.installed()).isFalse();
        assertThat(h.healthy()).isFalse();
        assertThat(h.error()).startsWith("VBoxManage was not found on the PATH");
        assertThat(h.fix()).isEqualTo(fix);
        assertThat(h.doc()).isEqualTo(VBoxHealth.DOC);
    }
}
