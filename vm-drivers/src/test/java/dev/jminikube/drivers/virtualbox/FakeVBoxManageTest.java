package dev.jminikube.drivers.virtualbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jminikube.core.Environment;
import dev.jminikube.core.HostOs;
import dev.jminikube.core.exec.CommandResult;
import dev.jminikube.drivers.virtualbox.fake.FakeVBoxInstall;
import dev.jminikube.drivers.virtualbox.fake.FakeVBoxManage;
import dev.jminikube.drivers.virtualbox.fake.FakeVBoxManage.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fake is only worth its tests if it answers as VBoxManage does: these pin its output formats, error
 * texts and exit codes, and its VM lifecycle, independently of the driver.
 */
class FakeVBoxManageTest {
    @TempDir
    Path dir;
    FakeVBoxManage vbox;
    Path base;

    @BeforeEach
    void setUp() {
        vbox = new FakeVBoxManage(dir.resolve("vbox-home"));
        base = dir.resolve("machines");
    }

    @AfterEach
    void killGuests() {
        vbox.killAllGuests();
    }

    private Outcome run(String... args) {
        return vbox.execute(List.of(args));
    }

    private Outcome ok(String... args) {
        Outcome o = run(args);
        assertThat(o.exit()).as("VBoxManage %s: %s", String.join(" ", args), o.stderr()).isZero();
        return o;
    }

    private String state(String vm) {
        return VmInfo.parse(ok("showvminfo", vm, "--machinereadable").stdout()).state().vboxName();
    }

    /** A VM as the driver makes it, with a seeded disk and an SSH rule. */
    private void createVm(String name) throws Exception {
        ok("createvm", "--name", name, "--ostype", "Linux26_64", "--basefolder", base.toString(), "--register");
        ok("storagectl", name, "--name", "SATA", "--add", "sata", "--portcount", "2");
        Path iso = FakeVBoxManage.writeIso(dir.resolve("node.iso"));
        ok("storageattach", name, "--storagectl", "SATA", "--port", "0", "--device", "0", "--type", "dvddrive",
                "--medium", iso.toString());
        Path raw = Files.write(dir.resolve(name + ".raw"), new byte[1024 * 1024]);
        ok("convertfromraw", raw.toString(), base.resolve(name + ".vdi").toString(), "--format", "VDI");
        ok("storageattach", name, "--storagectl", "SATA", "--port", "1", "--device", "0", "--type", "hdd",
                "--medium", base.resolve(name + ".vdi").toString());
    }

    @Test
    void versionAndUnknownCommands() {
        assertThat(ok("--version").stdout()).isEqualTo("7.0.14r161095\n");
        Outcome bad = run("frobnicate");
        assertThat(bad.exit()).as("syntax errors exit with 2").isEqualTo(2);
        assertThat(bad.stderr()).isEqualTo("VBoxManage: error: Invalid command 'frobnicate'\n");
    }

    @Test
    void unknownVmsByNameAndByUuid() {
        Outcome byName = run("showvminfo", "nothere", "--machinereadable");
        assertThat(byName.exit()).isEqualTo(1);
        assertThat(byName.stderr()).startsWith("VBoxManage: error: Could not find a registered machine named 'nothere'\n"
                + "VBoxManage: error: Details: code VBOX_E_OBJECT_NOT_FOUND (0x80bb0001)");
        Outcome byUuid = run("startvm", "6a3cbd5e-6d3f-3b5c-9d0e-4c1f2b8a7e10");
        assertThat(byUuid.stderr()).startsWith("VBoxManage: error: Could not find a registered machine with UUID "
                + "{6a3cbd5e-6d3f-3b5c-9d0e-4c1f2b8a7e10}");
    }

    @Test
    void createvmPrintsWhatItMadeAndRefusesAnExistingSettingsFile() {
        Outcome o = ok("createvm", "--name", "jmk-a", "--uuid", "6a3cbd5e-6d3f-3b5c-9d0e-4c1f2b8a7e10",
                "--basefolder", base.toString(), "--register");
        Path settings = base.resolve("jmk-a/jmk-a.vbox");
        assertThat(o.stdout()).isEqualTo("Virtual machine 'jmk-a' is created and registered.\n"
                + "UUID: 6a3cbd5e-6d3f-3b5c-9d0e-4c1f2b8a7e10\nSettings file: '" + settings + "'\n");
        assertThat(settings).exists();
        assertThat(ok("list", "vms").stdout()).isEqualTo("\"jmk-a\" {6a3cbd5e-6d3f-3b5c-9d0e-4c1f2b8a7e10}\n");
        Outcome again = run("createvm", "--name", "jmk-a", "--basefolder", base.toString(), "--register");
        assertThat(again.exit()).isEqualTo(1);
        assertThat(again.stderr()).startsWith("VBoxManage: error: Machine settings file '" + settings + "' already exists\n"
                + "VBoxManage: error: Details: code VBOX_E_FILE_ERROR (0x80bb0004)");
        VmInfo info = VmInfo.parse(ok("showvminfo", "jmk-a", "--machinereadable").stdout());
        assertThat(info.settingsFile()).hasValue(settings);
        assertThat(info.state()).isEqualTo(VmState.POWEROFF);
    }

    @Test
    void modifyvmChecksItsOptionsAndNatRules() {
        ok("createvm", "--name", "jmk-a", "--basefolder", base.toString(), "--register");
        assertThat(run("modifyvm", "jmk-a", "--frobnicate", "on").stderr()).isEqualTo("VBoxManage: error: Unknown option: --frobnicate\n");
        assertThat(run("modifyvm", "jmk-a", "--acpi", "maybe").stderr()).isEqualTo("VBoxManage: error: Invalid --acpi argument 'maybe'\n");
        Outcome audio = ok("modifyvm", "jmk-a", "--audio", "none");
        assertThat(audio.stderr()).as("7.0.6 and later warn, without failing")
                .isEqualTo("Warning: --audio is deprecated and will be removed soon. Use --audio-driver instead!\n");
        ok("modifyvm", "jmk-a", "--natpf1", "ssh,tcp,127.0.0.1,40022,,22", "--natpf1", "apiserver,tcp,127.0.0.1,40443,,8443");
        assertThat(VmInfo.parse(ok("showvminfo", "jmk-a", "--machinereadable").stdout()).natRules())
                .extracting(NatRule::name).as("kept in name order").containsExactly("apiserver", "ssh");
        assertThat(run("modifyvm", "jmk-a", "--natpf1", "ssh,tcp,127.0.0.1,40023,,22").stderr())
                .startsWith("VBoxManage: error: A NAT rule of this name already exists\n");
        assertThat(run("modifyvm", "jmk-a", "--natpf1", "other,tcp,127.0.0.1,40022,,2222").stderr())
                .startsWith("VBoxManage: error: A NAT rule for this host port and this host IP already exists\n");
        assertThat(run("modifyvm", "jmk-a", "--natpf1", "delete", "nothere").stderr())
                .startsWith("VBoxManage: error: A NAT rule of this name does not exist\n");
        ok("modifyvm", "jmk-a", "--natpf1", "delete", "ssh");
        assertThat(vbox.natRules("jmk-a")).containsExactly("apiserver,tcp,127.0.0.1,40443,,8443");
    }

    @Test
    void vmdkCannotBeResizedButVdiCan() throws Exception {
        Path raw = Files.write(dir.resolve("seed.raw"), new byte[1024 * 1024]);
        Outcome converted = ok("convertfromraw", raw.toString(), dir.resolve("d.vmdk").toString(), "--format", "VMDK");
        assertThat(converted.stdout()).contains("Creating dynamic image with size 1048576 bytes (1MB)...");
        Outcome vmdk = run("modifymedium", "disk", dir.resolve("d.vmdk").toString(), "--resize", "20000");
        assertThat(vmdk.exit()).isEqualTo(1);
        assertThat(vmdk.stderr()).isEqualTo("0%...\nProgress state: VBOX_E_NOT_SUPPORTED\n"
                + "VBoxManage: error: Resize medium operation for this format is not implemented yet!\n");
        ok("convertfromraw", raw.toString(), dir.resolve("d.vdi").toString(), "--format", "VDI");
        ok("modifymedium", "disk", dir.resolve("d.vdi").toString(), "--resize", "20000");
        assertThat(ok("list", "hdds").stdout()).contains("Location:       " + dir.resolve("d.vdi"))
                .contains("Storage format: VDI").contains("Capacity:       20000 MBytes");
        assertThat(run("convertfromraw", raw.toString(), dir.resolve("d.vdi").toString()).stderr())
                .contains("VERR_ALREADY_EXISTS");
        ok("closemedium", "disk", dir.resolve("d.vdi").toString(), "--delete");
        assertThat(dir.resolve("d.vdi")).doesNotExist();
        assertThat(ok("list", "hdds").stdout()).isEmpty();
    }

    @Test
    void aDvdDriveTakesOnlyIsos() throws Exception {
        ok("createvm", "--name", "jmk-a", "--basefolder", base.toString(), "--register");
        ok("storagectl", "jmk-a", "--name", "SATA", "--add", "sata", "--portcount", "2");
        Path notIso = Files.writeString(dir.resolve("notes.txt"), "not an image");
        Outcome o = run("storageattach", "jmk-a", "--storagectl", "SATA", "--port", "0", "--device", "0",
                "--type", "dvddrive", "--medium", notIso.toString());
        assertThat(o.stderr()).startsWith("VBoxManage: error: Could not get the storage format of the medium '" + notIso
                + "' (VERR_NOT_SUPPORTED)");
        assertThat(run("storageattach", "jmk-a", "--storagectl", "IDE", "--port", "0", "--device", "0",
                "--type", "dvddrive", "--medium", "emptydrive").stderr())
                .startsWith("VBoxManage: error: Could not find a controller named 'IDE'");
        assertThat(run("storagectl", "jmk-a", "--name", "SATA", "--add", "sata").stderr())
                .startsWith("VBoxManage: error: Storage controller named 'SATA' already exists");
    }

    @Test
    void aRunningVmIsLockedAndPowerButtonPowersItOff() throws Exception {
        createVm("jmk-a");
        Outcome started = ok("startvm", "jmk-a", "--type", "headless");
        assertThat(started.stdout()).isEqualTo("Waiting for VM \"jmk-a\" to power on...\n"
                + "VM \"jmk-a\" has been successfully started.\n");
        assertThat(state("jmk-a")).isEqualTo("running");
        assertThat(ok("list", "runningvms").stdout()).startsWith("\"jmk-a\" {");
        assertThat(run("startvm", "jmk-a").stderr()).startsWith("VBoxManage: error: The machine 'jmk-a' is already locked "
                + "by a session (or being locked or unlocked)\n");
        assertThat(run("modifyvm", "jmk-a", "--memory", "4096").stderr()).startsWith("VBoxManage: error: The machine "
                + "'jmk-a' is already locked for a session (or being unlocked)\n");
        assertThat(run("unregistervm", "jmk-a", "--delete").stderr())
                .startsWith("VBoxManage: error: Cannot unregister the machine 'jmk-a' while it is locked\n");
        ok("controlvm", "jmk-a", "acpipowerbutton");
        assertThat(eventually(() -> state("jmk-a").equals("poweroff"))).as("the guest shuts down by itself").isTrue();
        assertThat(run("controlvm", "jmk-a", "poweroff").stderr())
                .isEqualTo("VBoxManage: error: Machine 'jmk-a' is not currently running\n");
        assertThat(vbox.inventory().liveGuests()).isEmpty();
    }

    @Test
    void aVmWhoseProcessIsKilledFromOutsideIsAborted() throws Exception {
        createVm("jmk-a");
        ok("startvm", "jmk-a", "--type", "headless");
        long pid = vbox.inventory().liveGuests().get(0);
        ProcessHandle.of(pid).orElseThrow().destroyForcibly();
        assertThat(eventually(() -> state("jmk-a").equals("aborted"))).isTrue();
        ok("startvm", "jmk-a", "--type", "headless");
        Outcome off = ok("controlvm", "jmk-a", "poweroff");
        assertThat(off.stderr()).isEqualTo("0%...10%...20%...30%...40%...50%...60%...70%...80%...90%...100%\n");
        assertThat(state("jmk-a")).isEqualTo("poweroff");
        Path log = base.resolve("jmk-a/Logs");
        assertThat(log.resolve("VBox.log")).exists();
        assertThat(log.resolve("VBox.log.1")).as("the previous run's log is kept, as VirtualBox does").exists();
    }

    @Test
    void unregisterWithDeleteTakesTheHardDisksAndSettingsButNotTheIso() throws Exception {
        createVm("jmk-a");
        ok("unregistervm", "jmk-a", "--delete");
        assertThat(base.resolve("jmk-a.vdi")).doesNotExist();
        assertThat(base.resolve("jmk-a")).doesNotExist();
        assertThat(dir.resolve("node.iso")).exists();
        assertThat(vbox.inventory().empty()).as("%s", vbox.inventory()).isTrue();
        assertThat(ok("list", "dvds").stdout()).isEmpty();
    }

    // ---- savestate, discardstate: the saved state machine ---------------------------------------------

    private Path stateFile(String vm) {
        return VmInfo.parse(ok("showvminfo", vm, "--machinereadable").stdout()).get("VMStateFile").map(Path::of)
                .orElseThrow();
    }

    @Test
    void savestateKeepsTheGuestsMemoryUntilStartvmRestoresIt() throws Exception {
        createVm("jmk-a");
        ok("startvm", "jmk-a", "--type", "headless");
        String bootId = vbox.guestBootId("jmk-a").orElseThrow();
        Outcome saved = ok("controlvm", "jmk-a", "savestate");
        assertThat(saved.stderr()).isEqualTo("0%...10%...20%...30%...40%...50%...60%...70%...80%...90%...100%\n");
        assertThat(state("jmk-a")).isEqualTo("saved");
        Path sav = stateFile("jmk-a");
        assertThat(sav).exists().hasFileName(sav.getFileName().toString()).hasParent(base.resolve("jmk-a/Snapshots"));
        assertThat(sav.getFileName().toString()).endsWith(".sav");
        assertThat(vbox.inventory().liveGuests()).as("the VM process ended").isEmpty();
        assertThat(ok("list", "runningvms").stdout()).isEmpty();

        assertThat(run("modifyvm", "jmk-a", "--natpf1", "web,tcp,127.0.0.1,40080,,80").stderr())
                .startsWith("VBoxManage: error: The machine is not mutable (state is Saved)\n"
                        + "VBoxManage: error: Details: code VBOX_E_INVALID_VM_STATE (0x80bb0002)");
        assertThat(run("storagectl", "jmk-a", "--name", "IDE", "--add", "ide").stderr())
                .startsWith("VBoxManage: error: The machine is not mutable (state is Saved)\n");
        assertThat(run("controlvm", "jmk-a", "natpf1", "web,tcp,127.0.0.1,40080,,80").stderr())
                .as("no VM process to take a live rule").isEqualTo("VBoxManage: error: Machine 'jmk-a' is not currently running\n");
        assertThat(run("controlvm", "jmk-a", "savestate").stderr())
                .isEqualTo("VBoxManage: error: Machine 'jmk-a' is not currently running\n");

        ok("startvm", "jmk-a", "--type", "headless");
        assertThat(state("jmk-a")).isEqualTo("running");
        assertThat(vbox.guestBootId("jmk-a")).as("the restored guest did not reboot").hasValue(bootId);
        assertThat(sav).as("VirtualBox deletes the state once the VM runs from it").doesNotExist();
        assertThat(VmInfo.parse(ok("showvminfo", "jmk-a", "--machinereadable").stdout()).get("VMStateFile")).isEmpty();

        ok("controlvm", "jmk-a", "poweroff");
        ok("startvm", "jmk-a", "--type", "headless");
        assertThat(vbox.guestBootId("jmk-a")).as("a cold boot is a new boot").isPresent().get().isNotEqualTo(bootId);
    }

    @Test
    void savestateAndDiscardstateNeedTheRightState() throws Exception {
        createVm("jmk-a");
        Outcome off = run("controlvm", "jmk-a", "savestate");
        assertThat(off.exit()).isEqualTo(1);
        assertThat(off.stderr()).as("VBoxManageControlVM.cpp: no console without a VM process")
                .isEqualTo("VBoxManage: error: Machine 'jmk-a' is not currently running\n");
        assertThat(state("jmk-a")).isEqualTo("poweroff");
        Outcome notSaved = run("discardstate", "jmk-a");
        assertThat(notSaved.exit()).isEqualTo(1);
        assertThat(notSaved.stderr()).startsWith("VBoxManage: error: Cannot delete the machine state as the machine is "
                + "not in the saved state (machine state: PoweredOff)\n");
        ok("startvm", "jmk-a", "--type", "headless");
        assertThat(run("discardstate", "jmk-a").stderr()).startsWith("VBoxManage: error: The machine 'jmk-a' is already "
                + "locked for a session (or being unlocked)\n");
        ok("controlvm", "jmk-a", "savestate");
        Path sav = stateFile("jmk-a");
        Outcome discarded = ok("discardstate", "jmk-a");
        assertThat(discarded.stdout() + discarded.stderr()).isEmpty();
        assertThat(state("jmk-a")).isEqualTo("poweroff");
        assertThat(sav).doesNotExist();
        ok("modifyvm", "jmk-a", "--memory", "1024"); // mutable again
    }

    @Test
    void aStateTheVmCannotLoadFailsStartvmAndLeavesTheVmSaved() throws Exception {
        createVm("jmk-a");
        ok("startvm", "jmk-a", "--type", "headless");
        String bootId = vbox.guestBootId("jmk-a").orElseThrow();
        ok("controlvm", "jmk-a", "savestate");
        Path sav = stateFile("jmk-a");
        Files.writeString(sav, "not a saved state\n");
        Outcome refused = run("startvm", "jmk-a", "--type", "headless");
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.stderr()).startsWith("VBoxManage: error: Failed to load the saved state '" + sav
                + "' (VERR_SSM_INTEGRITY_MAGIC)\nVBoxManage: error: Details: code NS_ERROR_FAILURE (0x80004005)");
        assertThat(state("jmk-a")).as("the state stays for the user to discard").isEqualTo("saved");
        assertThat(sav).exists();
        assertThat(vbox.inventory().liveGuests()).isEmpty();
        ok("discardstate", "jmk-a");
        ok("startvm", "jmk-a", "--type", "headless");
        assertThat(vbox.guestBootId("jmk-a")).isPresent().get().isNotEqualTo(bootId);
    }

    @Test
    void aFullDiskFailsTheSaveAndTheGuestRunsOn() throws Exception {
        createVm("jmk-a");
        ok("startvm", "jmk-a", "--type", "headless");
        String bootId = vbox.guestBootId("jmk-a").orElseThrow();
        vbox.hostDiskFull(true);
        Outcome full = run("controlvm", "jmk-a", "savestate");
        assertThat(full.exit()).isEqualTo(1);
        assertThat(full.stderr()).contains("VBoxManage: error: Failed to save machine state\n")
                .contains("(VERR_DISK_FULL)");
        assertThat(state("jmk-a")).isEqualTo("running");
        assertThat(vbox.guestBootId("jmk-a")).hasValue(bootId);
        assertThat(base.resolve("jmk-a/Snapshots")).as("SSM deletes what it could not finish").isEmptyDirectory();
        vbox.hostDiskFull(false);
        ok("controlvm", "jmk-a", "savestate");
        assertThat(state("jmk-a")).isEqualTo("saved");
    }

    @Test
    void aVmProcessThatDiesWhileSavingLeavesNoStateToResume() throws Exception {
        createVm("jmk-a");
        ok("startvm", "jmk-a", "--type", "headless");
        vbox.vmDiesWhileSaving(true);
        Outcome died = run("controlvm", "jmk-a", "savestate");
        assertThat(died.exit()).isEqualTo(1);
        assertThat(died.stderr()).contains("Failed to save machine state");
        assertThat(state("jmk-a")).isEqualTo("aborted");
        assertThat(VmInfo.parse(ok("showvminfo", "jmk-a", "--machinereadable").stdout()).get("VMStateFile"))
                .as("the half-written file is nobody's state").isEmpty();
    }

    /** The same fake as a program on the PATH, found the way the driver finds VBoxManage. */
    @Test
    void theLauncherRunsTheFakeAsAProgramWithItsStateInVboxUserHome() throws Exception {
        Path bin = FakeVBoxInstall.writeLauncher(dir.resolve("bin"));
        Environment env = new Environment(dir, dir.resolve("kubeconfig"), HostOs.LINUX, "amd64",
                Map.of("PATH", bin + ":/usr/bin:/bin", "VBOX_USER_HOME", vbox.home().toString()));
        VBoxManager onPath = LocalVBoxManager.locate(env).orElseThrow();
        assertThat(onPath.commandLine(List.of("--version"))).isEqualTo(bin.resolve("VBoxManage") + " --version");
        CommandResult created = onPath.run(List.of("createvm", "--name", "jmk-p", "--basefolder", base.toString(), "--register"));
        assertThat(created.exitCode()).as(created.stderr()).isZero();
        assertThat(ok("list", "vms").stdout()).as("the in-process fake sees what the program did").startsWith("\"jmk-p\" {");
        CommandResult missing = onPath.run(List.of("showvminfo", "nothere"));
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.stderr()).startsWith("VBoxManage: error: Could not find a registered machine named 'nothere'");

        Environment noHome = new Environment(dir, dir.resolve("kubeconfig"), HostOs.LINUX, "amd64",
                Map.of("PATH", bin + ":/usr/bin:/bin"));
        CommandResult refused = LocalVBoxManager.locate(noHome).orElseThrow().run(List.of("list", "vms"));
        assertThat(refused.exitCode()).as("without VBOX_USER_HOME it never touches a real VirtualBox's files").isEqualTo(1);
        assertThat(refused.stderr()).contains("needs VBOX_USER_HOME");
    }

    private static boolean eventually(BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }
}
