package dev.jminikube.drivers.hyperv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jminikube.core.Environment;
import dev.jminikube.core.HostOs;
import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import dev.jminikube.drivers.DriverState;
import dev.jminikube.drivers.HostEndpoint;
import dev.jminikube.drivers.MachineConfig;
import dev.jminikube.drivers.MachineConfigFile;
import dev.jminikube.drivers.MachineContext;
import dev.jminikube.drivers.MachinePaths;
import dev.jminikube.drivers.MachineSpec;
import dev.jminikube.drivers.ResumeOutcome;
import dev.jminikube.drivers.qemu.SeedDisk;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Hyper-V driver's sequencing against the fake: what it asks Hyper-V, in what order, and what it makes of the answers. */
class HyperVDriverTest {
    @TempDir
    Path home;
    FakePowerShell ps;
    MachinePaths paths;
    final List<String> notices = new ArrayList<>();
    final List<Duration> sleeps = new ArrayList<>();
    final AtomicLong nanos = new AtomicLong();
    HyperVDriver driver;

    @BeforeEach
    void setUp() throws Exception {
        ps = new FakePowerShell(home.resolve("fake"));
        Environment env = new Environment(home, home.resolve("kubeconfig"), HostOs.WINDOWS, "amd64", Map.of());
        paths = MachinePaths.of(env.machinesDir(), "dev");
        driver = new HyperVDriver(new MachineContext(env, paths, notices::add), Optional.of(ps), d -> {
            sleeps.add(d);
            nanos.addAndGet(d.toNanos());
        }, nanos::get, Clock.systemUTC());
    }

    private MachineConfig writeConfig(String virtualSwitch) throws Exception {
        Path iso = Files.write(home.resolve("node.iso"), new byte[] {1});
        MachineConfig c = MachineConfig.fromSpec(new MachineSpec("dev", "hyperv", 2, 2200, 4000, iso,
                Duration.ofMinutes(1), home.resolve("cache"), virtualSwitch), "hyperv");
        MachineConfigFile.write(paths.config(), c);
        return c;
    }

    private List<String> cmdlets() {
        return ps.scripts.stream().map(s -> s.substring(HyperVScripts.PREAMBLE.length()))
                .map(s -> s.replaceAll("^ConvertTo-Json -Compress -InputObject @\\(", "").replaceAll("^\\(", ""))
                .map(s -> s.split(" ", 2)[0]).toList();
    }

    @Test
    void createMakesTheVmInMinikubesOrderWithTheSeededDisk() throws Exception {
        writeConfig(null);
        driver.create();
        assertThat(cmdlets()).containsExactly("Hyper-V\\Get-VMSwitch", "Hyper-V\\Convert-VHD", "Hyper-V\\Resize-VHD",
                "Hyper-V\\New-VM", "Hyper-V\\Set-VMMemory", "Hyper-V\\Set-VMProcessor", "Hyper-V\\Set-VMDvdDrive",
                "Hyper-V\\Add-VMHardDiskDrive");
        FakePowerShell.Vm vm = ps.state().vms.get("jmk-dev");
        assertThat(vm.switchName).isEqualTo("Default Switch");
        assertThat(vm.memoryMb).isEqualTo(2200);
        assertThat(vm.dynamicMemory).isFalse();
        assertThat(vm.cpus).isEqualTo(2);
        assertThat(vm.dvd).isEqualTo(home.resolve("node.iso").toString());
        assertThat(vm.disks).containsExactly(paths.dir().resolve("disk.vhd").toString());
        assertThat(paths.dir().resolve("seed.vhd")).as("Convert-VHD -DeleteSource").doesNotExist();

        DynamicVhd.Image disk = DynamicVhd.read(paths.dir().resolve("disk.vhd"));
        assertThat(disk.size()).isEqualTo(4000L * 1024 * 1024);
        String key = Files.readString(paths.publicKey()).strip();
        byte[] seed = SeedDisk.seedBytes(key);
        assertThat(Arrays.copyOf(disk.data(), seed.length)).as("the disk starts with the seed tar").isEqualTo(seed);
        assertThat(new String(disk.data(), 0, SeedDisk.MAGIC.length(), StandardCharsets.US_ASCII)).isEqualTo(SeedDisk.MAGIC);

        MachineConfig after = MachineConfigFile.read(paths.config()).orElseThrow();
        assertThat(after.created()).isTrue();
        assertThat(after.hypervVirtualSwitch()).as("persisted for later commands").isEqualTo("Default Switch");
        assertThat(after.hostShare()).as("no 9p share on Hyper-V").isNull();
        assertThat(driver.state()).isEqualTo(DriverState.STOPPED);
    }

    @Test
    void theRequestedSwitchIsUsedAndAMissingOneIsRefusedBeforeAnythingIsMade() throws Exception {
        FakePowerShell.State s = ps.state();
        s.switches.put("LAN", 2);
        ps.save(s);
        writeConfig("LAN");
        driver.create();
        assertThat(ps.state().vms.get("jmk-dev").switchName).isEqualTo("LAN");

        driver.remove();
        writeConfig("wifi");
        ps.scripts.clear();
        assertThatThrownBy(driver::create).isInstanceOfSatisfying(JmkException.class,
                e -> assertThat(e.getMessage()).contains("no Hyper-V virtual switch named \"wifi\""));
        assertThat(cmdlets()).containsExactly("Hyper-V\\Get-VMSwitch");
        assertThat(paths.privateKey()).doesNotExist();
    }

    @Test
    void startWaitsPastLinkLocalAddressesForTheLease() throws Exception {
        writeConfig(null);
        driver.create();
        ps.kvpDelayQueries = 3;
        driver.start();
        assertThat(driver.state()).isEqualTo(DriverState.RUNNING);
        assertThat(sleeps).hasSize(3).containsOnly(Duration.ofSeconds(2));
        String ip = driver.ip();
        assertThat(ip).matches("172\\.25\\.\\d+\\.\\d+");
        assertThat(driver.sshEndpoint().address()).isEqualTo("root@" + ip + ":22");
        assertThat(driver.hostEndpoint(8443)).isEqualTo(new HostEndpoint(ip, 8443));
        assertThat(driver.hostEndpoint(30080)).isEqualTo(new HostEndpoint(ip, 30080));
        assertThat(driver.portForwards()).isEmpty();
        assertThatThrownBy(() -> driver.addPortForward(30080)).isInstanceOfSatisfying(JmkException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.USAGE));
    }

    @Test
    void aLeaseThatNeverComesTimesOutNamingTheSwitch() throws Exception {
        writeConfig(null);
        driver.create();
        ps.kvpDelayQueries = Integer.MAX_VALUE;
        assertThatThrownBy(driver::start).isInstanceOfSatisfying(JmkException.class, e -> {
            assertThat(e.reason()).isEqualTo(Reason.GUEST_SSH_TIMEOUT);
            assertThat(e.getMessage()).contains("no IPv4 address within 180s");
            assertThat(e.advice()).contains("\"Default Switch\"");
        });
    }

    @Test
    void aGuestThatIgnoresShutdownIsTurnedOff() throws Exception {
        writeConfig(null);
        driver.create();
        driver.start();
        ps.guestIgnoresShutdown = true;
        ps.scripts.clear();
        driver.stop(Duration.ofSeconds(30));
        assertThat(ps.scripts).anyMatch(s -> s.endsWith("Hyper-V\\Stop-VM -Name 'jmk-dev'"))
                .anyMatch(s -> s.endsWith("Hyper-V\\Stop-VM -Name 'jmk-dev' -TurnOff"));
        assertThat(notices).containsExactly("The guest did not shut down within 30s; turning it off.");
        assertThat(driver.state()).isEqualTo(DriverState.STOPPED);
        ps.scripts.clear();
        driver.stop(Duration.ofSeconds(30));
        assertThat(cmdlets()).as("a stopped VM is only asked its state").containsExactly("Hyper-V\\Get-VM");
    }

    @Test
    void aVmRemovedBehindOurBackIsStoppedAndStartSaysItIsGone() throws Exception {
        writeConfig(null);
        driver.create();
        FakePowerShell.State s = ps.state();
        s.vms.clear();
        ps.save(s);
        assertThat(driver.state()).isEqualTo(DriverState.STOPPED);
        assertThatThrownBy(driver::start).isInstanceOfSatisfying(JmkException.class, e -> {
            assertThat(e.getMessage()).contains("jmk-dev is gone");
            assertThat(e.advice()).contains("jminikube delete -p dev");
        });
        driver.remove();
        assertThat(paths.dir()).doesNotExist();
    }

    @Test
    void hyperVErrorsArePasteReady() throws Exception {
        writeConfig(null);
        FakePowerShell.State s = ps.state();
        s.hyperVEnabled = false;
        ps.save(s);
        assertThatThrownBy(driver::create).isInstanceOfSatisfying(JmkException.class, e -> {
            assertThat(e.reason()).isEqualTo(Reason.DRIVER_FAILED);
            assertThat(e.getMessage()).isEqualTo("Hyper-V: ConvertTo-Json failed: The term 'Hyper-V\\Get-VM' is not "
                    + "recognized as the name of a cmdlet, function, script file, or operable program.");
            assertThat(e.details()).startsWith("PS> $ErrorActionPreference = 'Stop'; ").contains("Get-VMSwitch");
        });
    }

    @Test
    void withoutPowerShellRemoveStillDeletesTheDirectory() throws Exception {
        writeConfig(null);
        HyperVDriver none = new HyperVDriver(new MachineContext(null, paths, notices::add), Optional.empty(), d -> { },
                nanos::get, Clock.systemUTC());
        assertThat(none.state()).isEqualTo(DriverState.ERROR);
        assertThat(none.preCreateCheck().installed()).isFalse();
        none.remove();
        assertThat(paths.dir()).doesNotExist();
        assertThat(none.state()).isEqualTo(DriverState.NONEXISTENT);
    }

    // ---- suspend and resume ----------------------------------------------------------------------------

    private String bootId() {
        return ps.state().vms.get("jmk-dev").bootId;
    }

    private Path vmrs() {
        return FakePowerShell.savedState(ps.state().vms.get("jmk-dev"), "jmk-dev");
    }

    @Test
    void suspendSavesTheVmAndResumeContinuesItWithItsLease() throws Exception {
        writeConfig(null);
        driver.create();
        driver.start();
        String bootId = bootId();
        String ip = driver.ip();
        assertThat(driver.canSuspend()).isTrue();
        ps.scripts.clear();
        driver.suspend();
        assertThat(cmdlets()).containsExactly("Hyper-V\\Get-VM", "Hyper-V\\Save-VM");
        assertThat(driver.state()).isEqualTo(DriverState.SUSPENDED);
        assertThat(vmrs()).exists();
        driver.suspend(); // already saved
        driver.stop(Duration.ofSeconds(5)); // nothing runs: the state stays
        driver.kill();
        assertThat(driver.state()).isEqualTo(DriverState.SUSPENDED);

        assertThat(driver.resume()).isEqualTo(ResumeOutcome.RESUMED);
        assertThat(driver.state()).isEqualTo(DriverState.RUNNING);
        assertThat(bootId()).as("the guest did not reboot").isEqualTo(bootId);
        assertThat(driver.ip()).as("the resumed guest keeps its address").isEqualTo(ip);
        assertThat(vmrs()).doesNotExist();
        assertThat(notices).isEmpty();
        driver.stop(Duration.ofSeconds(5));
        driver.start();
        assertThat(bootId()).as("a cold boot").isNotEqualTo(bootId);
    }

    @Test
    void suspendNeedsARunningVmAndSaysWhenTheDiskIsFull() throws Exception {
        writeConfig(null);
        driver.create();
        ps.scripts.clear();
        assertThatThrownBy(driver::suspend).isInstanceOfSatisfying(JmkException.class, e -> {
            assertThat(e.reason()).isEqualTo(Reason.GUEST_NOT_RUNNING);
            assertThat(e.getMessage()).isEqualTo("cannot suspend machine dev: the Hyper-V VM jmk-dev is Off, not running");
        });
        assertThat(cmdlets()).doesNotContain("Hyper-V\\Save-VM");
        assertThat(driver.state()).isEqualTo(DriverState.STOPPED);

        driver.start();
        String bootId = bootId();
        ps.hostDiskFull = true;
        assertThatThrownBy(driver::suspend).isInstanceOfSatisfying(JmkException.class, e -> {
            assertThat(e.reason()).isEqualTo(Reason.RESOURCE_DISK_FULL);
            assertThat(e.details()).contains("There is not enough space on the disk. (0x80070070)");
        });
        assertThat(driver.state()).as("left running").isEqualTo(DriverState.RUNNING);
        assertThat(bootId()).isEqualTo(bootId);
        assertThat(vmrs()).doesNotExist();
    }

    @Test
    void aStateHyperVCannotRestoreIsDiscardedAndTheVmBootsCold() throws Exception {
        writeConfig(null);
        driver.create();
        driver.start();
        String bootId = bootId();
        driver.suspend();
        Files.writeString(vmrs(), "damaged");
        ps.scripts.clear();
        assertThat(driver.resume()).isEqualTo(ResumeOutcome.BOOTED_COLD);
        assertThat(notices).singleElement().asString().startsWith("Hyper-V could not restore the saved state of jmk-dev ("
                + "'jmk-dev' failed to start. Failed to restore virtual machine state.")
                .endsWith("; discarding it and booting from the disk.");
        assertThat(cmdlets()).containsSubsequence("Hyper-V\\Start-VM", "Hyper-V\\Remove-VMSavedState",
                "Hyper-V\\Start-VM");
        assertThat(driver.state()).isEqualTo(DriverState.RUNNING);
        assertThat(bootId()).isNotEqualTo(bootId);
        assertThat(ps.state().vms.get("jmk-dev").disks).as("the data disk is the same").containsExactly(
                paths.dir().resolve(HyperVDriver.DISK).toString());
        assertThat(paths.dir().resolve(HyperVDriver.DISK)).exists();
    }

    @Test
    void discardAndRemoveDeleteTheSavedState() throws Exception {
        writeConfig(null);
        driver.create();
        driver.start();
        driver.suspend();
        Path state = vmrs();
        driver.discardSuspendedState();
        assertThat(driver.state()).isEqualTo(DriverState.STOPPED);
        assertThat(state).doesNotExist();
        driver.discardSuspendedState(); // nothing saved

        driver.start();
        driver.suspend();
        ps.scripts.clear();
        driver.remove();
        assertThat(cmdlets()).containsSubsequence("Hyper-V\\Remove-VMSavedState", "Hyper-V\\Remove-VM");
        assertThat(ps.scripts).anyMatch(script -> script.endsWith("Hyper-V\\Remove-VMSavedState -VMName 'jmk-dev'"));
        assertThat(driver.state()).isEqualTo(DriverState.NONEXISTENT);
        assertThat(ps.state().vms).isEmpty();
        assertThat(state).doesNotExist();
    }
}
