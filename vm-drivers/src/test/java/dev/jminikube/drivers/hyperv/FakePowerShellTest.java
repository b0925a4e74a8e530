package dev.jminikube.drivers.hyperv;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jminikube.core.exec.CommandResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fake Hyper-V's saved-state machine, pinned independently of the driver. */
class FakePowerShellTest {
    @TempDir
    Path dir;
    FakePowerShell ps;

    @BeforeEach
    void setUp() {
        ps = new FakePowerShell(dir.resolve("fake"));
        ok(HyperVScripts.newVm("jmk-a", dir.toString(), "Default Switch", 2048));
    }

    private CommandResult run(String script) {
        return ps.run(script, Duration.ofSeconds(5));
    }

    private CommandResult ok(String script) {
        CommandResult r = run(script);
        assertThat(r.exitCode()).as("%s: %s", script, r.stderr()).isZero();
        return r;
    }

    private String state() {
        return ok(HyperVScripts.state("jmk-a")).stdout().strip();
    }

    private FakePowerShell.Vm vm() {
        return ps.state().vms.get("jmk-a");
    }

    @Test
    void saveVmKeepsTheGuestsMemoryUntilStartVmResumesIt() throws Exception {
        ok(HyperVScripts.start("jmk-a"));
        String bootId = vm().bootId;
        assertThat(bootId).isNotNull();
        ok(HyperVScripts.save("jmk-a"));
        assertThat(state()).isEqualTo("Saved");
        Path vmrs = FakePowerShell.savedState(vm(), "jmk-a");
        assertThat(vmrs).exists().hasParent(dir.resolve("jmk-a").resolve("Virtual Machines"));
        assertThat(ok(HyperVScripts.ipAddresses("jmk-a")).stdout()).as("no guest runs").isEqualTo("[]\r\n");
        assertThat(run(HyperVScripts.processors("jmk-a", 4)).stderr()).as("a saved VM's hardware is fixed")
                .startsWith("The operation cannot be performed while the virtual machine is in its current state.");
        assertThat(run(HyperVScripts.stop("jmk-a")).exitCode()).isEqualTo(1);

        ok(HyperVScripts.start("jmk-a"));
        assertThat(state()).isEqualTo("Running");
        assertThat(vm().bootId).as("resumed, not rebooted").isEqualTo(bootId);
        assertThat(vmrs).doesNotExist();
        ok(HyperVScripts.turnOff("jmk-a"));
        ok(HyperVScripts.start("jmk-a"));
        assertThat(vm().bootId).as("a cold boot").isNotEqualTo(bootId);
    }

    @Test
    void savingAndDiscardingNeedTheRightState() {
        CommandResult off = run(HyperVScripts.save("jmk-a"));
        assertThat(off.exitCode()).isEqualTo(1);
        assertThat(off.stderr()).startsWith("The operation cannot be performed while the virtual machine is in its current state.")
                .contains("FullyQualifiedErrorId : InvalidState,Microsoft.HyperV.PowerShell.Commands.SaveVM");
        assertThat(state()).isEqualTo("Off");
        assertThat(run(HyperVScripts.removeSavedState("jmk-a")).stderr())
                .contains("InvalidState,Microsoft.HyperV.PowerShell.Commands.RemoveVMSavedState");
        ok(HyperVScripts.start("jmk-a"));
        ok(HyperVScripts.save("jmk-a"));
        assertThat(ok(HyperVScripts.save("jmk-a")).stdout()).isEqualTo("WARNING: The virtual machine is already in the specified state.\r\n");
        assertThat(run(HyperVScripts.remove("jmk-a")).exitCode()).as("Remove-VM wants it off").isEqualTo(1);
        ok(HyperVScripts.removeSavedState("jmk-a"));
        assertThat(state()).isEqualTo("Off");
        assertThat(FakePowerShell.savedState(vm(), "jmk-a")).doesNotExist();
    }

    @Test
    void aFullDiskFailsTheSaveAndADamagedStateFailsTheStart() throws Exception {
        ok(HyperVScripts.start("jmk-a"));
        String bootId = vm().bootId;
        ps.hostDiskFull = true;
        CommandResult full = run(HyperVScripts.save("jmk-a"));
        assertThat(full.exitCode()).isEqualTo(1);
        assertThat(full.stderr()).contains("There is not enough space on the disk. (0x80070070)");
        assertThat(state()).isEqualTo("Running");
        assertThat(vm().bootId).isEqualTo(bootId);
        ps.hostDiskFull = false;
        ok(HyperVScripts.save("jmk-a"));
        Files.writeString(FakePowerShell.savedState(vm(), "jmk-a"), "damaged");
        CommandResult refused = run(HyperVScripts.start("jmk-a"));
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.stderr()).startsWith("'jmk-a' failed to start. Failed to restore virtual machine state.");
        assertThat(state()).as("the state stays until it is removed").isEqualTo("Saved");
    }
}
