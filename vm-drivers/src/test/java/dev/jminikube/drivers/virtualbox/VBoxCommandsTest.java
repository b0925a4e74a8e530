package dev.jminikube.drivers.virtualbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jminikube.core.HostOs;
import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import dev.jminikube.core.exec.RecordingCommandRunner;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How VBoxManage's answers are read: retries, failures with exit code 0, paste-ready details. */
class VBoxCommandsTest {
    private static final String NOT_READY = """
            VBoxManage: error: The object is not ready
            VBoxManage: error: Details: code E_ACCESSDENIED (0x80070005), component SessionMachine, interface IMachine
            """;
    private final RecordingCommandRunner runner = new RecordingCommandRunner();
    private final List<Duration> sleeps = new ArrayList<>();
    private final VBoxCommands vbox = new VBoxCommands(
            new LocalVBoxManager(Path.of("/opt/VirtualBox/VBoxManage"), runner), sleeps::add, HostOs.LINUX);

    @Test
    void objectNotReadyIsRetriedUntilItPasses() {
        runner.whenRun("/opt/VirtualBox/VBoxManage", "unregistervm").thenReturn(1, "", NOT_READY).thenReturn(0, "", "");
        vbox.check("unregistervm", "jmk-dev", "--delete");
        assertThat(runner.commandsRun()).hasSize(2);
        assertThat(sleeps).containsExactly(Duration.ofMillis(100));
    }

    @Test
    void objectNotReadyIsRetriedFiveTimesAtMost() {
        runner.whenRun("/opt/VirtualBox/VBoxManage").thenReturn(1, "", NOT_READY);
        assertThatThrownBy(() -> vbox.check("controlvm", "jmk-dev", "poweroff"))
                .isInstanceOfSatisfying(JmkException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.DRIVER_FAILED);
                    assertThat(e.getMessage()).isEqualTo("VBoxManage controlvm failed: The object is not ready");
                });
        assertThat(runner.commandsRun()).hasSize(VBoxCommands.ATTEMPTS);
        assertThat(sleeps).hasSize(VBoxCommands.ATTEMPTS - 1);
    }

    @Test
    void otherErrorsAreNotRetried() {
        runner.whenRun("/opt/VirtualBox/VBoxManage").thenReturn(1, "", "VBoxManage: error: The object functionality is limited\n");
        assertThatThrownBy(() -> vbox.check("startvm", "jmk-dev")).isInstanceOf(JmkException.class);
        assertThat(runner.commandsRun()).hasSize(1);
        assertThat(sleeps).isEmpty();
    }

    @Test
    void errorOnStderrWithExitCodeZeroIsAFailure() {
        runner.whenRun("/opt/VirtualBox/VBoxManage").thenReturn(0, "", "VBoxManage: error: Failed to attach the medium\n");
        assertThatThrownBy(() -> vbox.check("storageattach", "jmk-dev", "--medium", "/a dir/disk.vdi"))
                .isInstanceOfSatisfying(JmkException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.DRIVER_FAILED);
                    assertThat(e.getMessage()).isEqualTo("VBoxManage storageattach failed: Failed to attach the medium");
                    assertThat(e.details()).isEqualTo("$ /opt/VirtualBox/VBoxManage storageattach jmk-dev --medium "
                            + "'/a dir/disk.vdi'\nVBoxManage: error: Failed to attach the medium");
                });
    }

    @Test
    void knownHypervisorProblemIsNotHealthyWithItsFix() {
        // docker-machine's example: VBoxManage.exe reports this with exit code 0.
        runner.whenRun("/opt/VirtualBox/VBoxManage").thenReturn(0, "", "VBoxManage.exe: error: VT-x is not available (VERR_VMX_NO_VMX)\n");
        assertThatThrownBy(() -> vbox.check("startvm", "jmk-dev", "--type", "headless"))
                .isInstanceOfSatisfying(JmkException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.DRIVER_NOT_HEALTHY);
                    assertThat(e.getMessage()).isEqualTo("VirtualBox cannot run the VM: VT-x is not available (VERR_VMX_NO_VMX)");
                    assertThat(e.advice()).startsWith("Fix: enable Intel Virtualization Technology (VT-x)");
                });
    }

    @Test
    void warningsAndProgressOnStderrAreNotFailures() {
        runner.whenRun("/opt/VirtualBox/VBoxManage", "modifyvm").thenReturn(0, "",
                "Warning: --audio is deprecated and will be removed soon. Use --audio-driver instead!\n");
        runner.whenRun("/opt/VirtualBox/VBoxManage", "controlvm").thenReturn(0, "", FakeProgress.LINE);
        vbox.check("modifyvm", "jmk-dev", "--audio", "none");
        vbox.check("controlvm", "jmk-dev", "poweroff");
    }

    @Test
    void nonZeroExitWithoutErrorTextNamesTheExitCode() {
        runner.whenRun("/opt/VirtualBox/VBoxManage").thenReturn(2, "", "");
        assertThatThrownBy(() -> vbox.check("frobnicate")).hasMessage("VBoxManage frobnicate failed: exited with status 2");
        runner.whenRun("/opt/VirtualBox/VBoxManage", "startvm").thenTimeOut();
        assertThatThrownBy(() -> vbox.check("startvm", "x")).hasMessageStartingWith("VBoxManage startvm failed: did not finish within");
    }

    /** VBoxManage's progress bar, which it writes to stderr. */
    private static final class FakeProgress {
        static final String LINE = "0%...10%...20%...30%...40%...50%...60%...70%...80%...90%...100%\n";
    }
}
