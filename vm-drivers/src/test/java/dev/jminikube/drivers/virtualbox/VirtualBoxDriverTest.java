package dev.jminikube.drivers.virtualbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jminikube.core.Environment;
import dev.jminikube.core.HostOs;
import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import dev.jminikube.core.exec.RecordingCommandRunner;
import dev.jminikube.drivers.DriverState;
import dev.jminikube.drivers.MachineConfig;
import dev.jminikube.drivers.MachineConfigFile;
import dev.jminikube.drivers.MachineContext;
import dev.jminikube.drivers.MachinePaths;
import dev.jminikube.drivers.PortAllocator;
import dev.jminikube.drivers.PortForward;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The VBoxManage command sequences of the driver, against a recording runner (no VirtualBox, no fake). */
class VirtualBoxDriverTest {
    static final String NOT_FOUND = """
            VBoxManage: error: Could not find a registered machine with UUID {%s}
            VBoxManage: error: Details: code VBOX_E_OBJECT_NOT_FOUND (0x80bb0001), component VirtualBoxWrap, interface IVirtualBox, callee nsISupports
            VBoxManage: error: Context: "FindMachine(Bstr(VMNameOrUuid).raw(), machine.asOutParam())" at line 2886 of file VBoxManageInfo.cpp
            """;

    @TempDir
    Path home;
    MachinePaths paths;
    final RecordingCommandRunner runner = new RecordingCommandRunner();
    final List<String> notices = new ArrayList<>();
    final Set<Integer> taken = new HashSet<>();
    int nextFree = 50000;
    final FakeClock clock = new FakeClock();
    VirtualBoxDriver driver;
    String id;

    /** A clock that only the sleeper moves. */
    static final class FakeClock extends Clock {
        Instant now = Instant.parse("2024-01-01T00:00:00Z");
        final List<Duration> sleeps = new ArrayList<>();

        void sleep(Duration d) {
            sleeps.add(d);
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @BeforeEach
    void setUp() {
        paths = MachinePaths.of(home.resolve("machines"), "dev");
        driver = driver(Optional.of(new LocalVBoxManager(Path.of("VBoxManage"), runner)));
        id = driver.vmId();
    }

    private VirtualBoxDriver driver(Optional<VBoxManager> vbox) {
        Environment env = new Environment(home, home.resolve("kubeconfig"), HostOs.LINUX, "amd64", Map.of());
        PortAllocator ports = new PortAllocator() {
            @Override
            public boolean isFree(int port) {
                return !taken.contains(port);
            }

            @Override
            public int pickFree(Set<Integer> exclude) {
                int p = nextFree++;
                while (exclude.contains(p) || taken.contains(p)) {
                    p = nextFree++;
                }
                return p;
            }
        };
        return new VirtualBoxDriver(new MachineContext(env, paths, notices::add), vbox, ports, clock::sleep, clock);
    }

    private MachineConfig writeConfig(boolean created, PortForward... forwards) {
        MachineConfig c = new MachineConfig("dev", "virtualbox", 2, 2200, 20000, Path.of("/isos/node.iso"),
                List.of(forwards), null, created, home.resolve("cache/bin"));
        MachineConfigFile.write(paths.config(), c);
        return c;
    }

    private static String info(String state, String... rules) {
        StringBuilder sb = new StringBuilder("name=\"jmk-dev\"\nmemory=2200\nVMState=\"" + state + "\"\n");
        for (int i = 0; i < rules.length; i++) {
            sb.append("Forwarding(").append(i).append(")=\"").append(rules[i]).append("\"\n");
        }
        return sb.toString();
    }

    private void vmIs(String state, String... rules) {
        runner.whenRun("VBoxManage", "showvminfo").thenReturn(0, info(state, rules));
    }

    private void noVm() {
        runner.whenRun("VBoxManage", "showvminfo").thenReturn(1, "", NOT_FOUND.formatted(id));
    }

    private static final PortForward SSH = new PortForward("ssh", 40022, 22);
    private static final PortForward API = new PortForward("apiserver", 40443, 8443);
    private static final String SSH_RULE = "ssh,tcp,127.0.0.1,40022,,22";
    private static final String API_RULE = "apiserver,tcp,127.0.0.1,40443,,8443";

    // ---- create --------------------------------------------------------------------------------------

    @Test
    void createRunsDockerMachinesSequenceWithAVdiSeedAndTwoForwards() throws Exception {
        writeConfig(false);
        noVm();
        driver.create();
        String dir = paths.dir().toString();
        assertThat(runner.commandsRun()).containsExactly(
                "VBoxManage showvminfo " + id + " --machinereadable",
                "VBoxManage createvm --name jmk-dev --uuid " + id + " --ostype Linux26_64 --basefolder " + dir + " --register",
                "VBoxManage modifyvm " + id + " --firmware bios --bioslogofadein off --bioslogofadeout off"
                        + " --bioslogodisplaytime 0 --biosbootmenu disabled --ostype Linux26_64 --cpus 2 --memory 2200"
                        + " --acpi on --ioapic on --rtcuseutc on --pae on --hpet on --nestedpaging on --largepages on"
                        + " --vtxvpid on --cpuhotplug off --audio none --accelerate3d off --natdnshostresolver1 on"
                        + " --natdnsproxy1 on --boot1 dvd --boot2 disk --boot3 none --boot4 none",
                "VBoxManage modifyvm " + id + " --nic1 nat --nictype1 virtio --cableconnected1 on",
                "VBoxManage storagectl " + id + " --name SATA --add sata --controller IntelAhci --portcount 2"
                        + " --hostiocache on --bootable on",
                "VBoxManage storageattach " + id + " --storagectl SATA --port 0 --device 0 --type dvddrive"
                        + " --medium /isos/node.iso",
                "VBoxManage convertfromraw " + dir + "/seed.raw " + dir + "/disk.vdi --format VDI",
                "VBoxManage modifymedium disk " + dir + "/disk.vdi --resize 20000",
                "VBoxManage storageattach " + id + " --storagectl SATA --port 1 --device 0 --type hdd --medium "
                        + dir + "/disk.vdi",
                "VBoxManage modifyvm " + id + " --natpf1 ssh,tcp,127.0.0.1,50000,,22"
                        + " --natpf1 apiserver,tcp,127.0.0.1,50001,,8443");
        MachineConfig config = MachineConfigFile.read(paths.config()).orElseThrow();
        assertThat(config.created()).isTrue();
        assertThat(config.ports()).containsExactly(new PortForward("ssh", 50000, 22), new PortForward("apiserver", 50001, 8443));
        assertThat(config.hostShare()).as("VirtualBox exports no 9p share: the bootstrapper copies over SSH").isNull();
        assertThat(paths.privateKey()).exists();
        assertThat(paths.seed()).as("the raw seed is deleted once converted").doesNotExist();
    }

    @Test
    void createFirstRemovesAVmLeftUnderTheMachinesUuid() {
        writeConfig(false);
        runner.whenRun("VBoxManage", "showvminfo").thenReturn(0, info("running"));
        driver.create();
        assertThat(runner.commandsRun().subList(0, 4)).containsExactly(
                "VBoxManage showvminfo " + id + " --machinereadable",
                "VBoxManage controlvm " + id + " poweroff",
                "VBoxManage unregistervm " + id + " --delete",
                "VBoxManage createvm --name jmk-dev --uuid " + id + " --ostype Linux26_64 --basefolder " + paths.dir()
                        + " --register");
    }

    @Test
    void createStopsAtTheFirstFailureWithThePasteReadyCommand() {
        writeConfig(false);
        noVm();
        runner.whenRun("VBoxManage", "storagectl").thenReturn(1, "",
                "VBoxManage: error: Storage controller named 'SATA' already exists\n");
        assertThatThrownBy(driver::create).isInstanceOfSatisfying(JmkException.class, e -> {
            assertThat(e.reason()).isEqualTo(Reason.DRIVER_FAILED);
            assertThat(e.getMessage()).isEqualTo("VBoxManage storagectl failed: Storage controller named 'SATA' already exists");
            assertThat(e.details()).startsWith("$ VBoxManage storagectl " + id + " --name SATA --add sata");
        });
        assertThat(runner.commandsRun()).last().asString().startsWith("VBoxManage storagectl");
        assertThat(MachineConfigFile.read(paths.config()).orElseThrow().created()).isFalse();
    }

    @Test
    void vmIdIsFixedByTheMachineDirectory() {
        assertThat(driver.vmId()).isEqualTo(id).matches("[0-9a-f-]{36}");
        assertThat(driver.vmName()).isEqualTo("jmk-dev");
        MachinePaths other = MachinePaths.of(home.resolve("other-home/machines"), "dev");
        Environment env = new Environment(home, home, HostOs.LINUX, "amd64", Map.of());
        VirtualBoxDriver elsewhere = new VirtualBoxDriver(new MachineContext(env, other, n -> { }), Optional.empty(),
                null, clock::sleep, clock);
        assertThat(elsewhere.vmName()).isEqualTo("jmk-dev");
        assertThat(elsewhere.vmId()).as("same profile in another JMINIKUBE_HOME: another VM").isNotEqualTo(id);
    }

    // ---- start ---------------------------------------------------------------------------------------

    @Test
    void startBootsAStoppedVmHeadless() {
        writeConfig(true, SSH, API);
        vmIs("poweroff", API_RULE, SSH_RULE);
        driver.start();
        assertThat(runner.commandsRun()).containsExactly(
                "VBoxManage showvminfo " + id + " --machinereadable",
                "VBoxManage startvm " + id + " --type headless");
    }

    @Test
    void startGivesTakenPortsNewOnesAndRewritesTheVmsRules() {
        writeConfig(true, SSH, API);
        taken.add(40022);
        vmIs("poweroff", API_RULE, SSH_RULE);
        driver.start();
        assertThat(runner.commandsRun()).containsExactly(
                "VBoxManage showvminfo " + id + " --machinereadable",
                "VBoxManage modifyvm " + id + " --natpf1 delete ssh --natpf1 ssh,tcp,127.0.0.1,50000,,22",
                "VBoxManage startvm " + id + " --type headless");
        assertThat(notices).containsExactly("Port 40022 (ssh) is taken on 127.0.0.1; using 50000 instead.");
        assertThat(driver.sshEndpoint().port()).isEqualTo(50000);
    }

    @Test
    void startOfARunningVmDoesNothing() {
        writeConfig(true, SSH, API);
        vmIs("running", API_RULE, SSH_RULE);
        driver.start();
        assertThat(runner.commandsRun()).containsExactly("VBoxManage showvminfo " + id + " --machinereadable");
    }

    @Test
    void startAfterAnAbortedRunSaysSo() {
        writeConfig(true, SSH, API);
        vmIs("aborted", API_RULE, SSH_RULE);
        driver.start();
        assertThat(notices).containsExactly("The VM had stopped unexpectedly (VirtualBox says \"aborted\"); booting it again.");
        assertThat(runner.commandsRun()).last().isEqualTo("VBoxManage startvm " + id + " --type headless");
    }

    @Test
    void startWithoutVtxIsNotHealthyAndShowsTheVmLog() throws Exception {
        writeConfig(true, SSH, API);
        vmIs("poweroff", API_RULE, SSH_RULE);
        Files.createDirectories(driver.vmLog().getParent());
        Files.writeString(driver.vmLog(), "00:00:00.512 HM: HMR3Init: VT-x is not available\n"
                + "00:00:00.513 Power up failed (vrc=VERR_VMX_NO_VMX, rc=NS_ERROR_FAILURE (0X80004005))\n");
        runner.whenRun("VBoxManage", "startvm").thenReturn(1, "Waiting for VM \"jmk-dev\" to power on...\n",
                "VBoxManage: error: VT-x is not available (VERR_VMX_NO_VMX)\n"
                        + "VBoxManage: error: Details: code NS_ERROR_FAILURE (0x80004005), component ConsoleWrap, interface IConsole\n");
        assertThatThrownBy(driver::start).isInstanceOfSatisfying(JmkException.class, e -> {
            assertThat(e.reason()).isEqualTo(Reason.DRIVER_NOT_HEALTHY);
            assertThat(e.advice()).contains("enable Intel Virtualization Technology (VT-x)");
            assertThat(e.details()).startsWith("$ VBoxManage startvm " + id + " --type headless\n")
                    .contains("--- " + driver.vmLog()).contains("Power up failed (vrc=VERR_VMX_NO_VMX");
        });
    }

    @Test
    void whyTheVmDidNotPowerUpMayBeOnlyInItsLog() throws Exception {
        writeConfig(true, SSH, API);
        vmIs("poweroff");
        Files.createDirectories(driver.vmLog().getParent());
        Files.writeString(driver.vmLog(), "00:00:00.61 HM: HMR3Init: Attempting fall back to NEM: VERR_VMX_IN_VMX_ROOT_MODE\n");
        runner.whenRun("VBoxManage", "startvm").thenReturn(1, "", "VBoxManage: error: The virtual machine 'jmk-dev' has "
                + "terminated unexpectedly during startup with exit code 1 (0x1)\n");
        assertThatThrownBy(driver::start).isInstanceOfSatisfying(JmkException.class, e -> {
            assertThat(e.reason()).isEqualTo(Reason.DRIVER_NOT_HEALTHY);
            assertThat(e.getMessage()).contains("another hypervisor (KVM) is using VT-x");
            assertThat(e.advice()).contains("sudo modprobe -r kvm_intel kvm_amd");
        });
    }

    @Test
    void startOfAVmVirtualBoxForgotSaysToDeleteTheMachine() {
        writeConfig(true, SSH, API);
        noVm();
        assertThatThrownBy(driver::start).isInstanceOfSatisfying(JmkException.class, e -> {
            assertThat(e.reason()).isEqualTo(Reason.DRIVER_FAILED);
            assertThat(e.getMessage()).startsWith("VirtualBox has no VM jmk-dev {" + id + "}");
            assertThat(e.advice()).isEqualTo("Run 'jminikube delete -p dev' and start again.");
        });
    }

    // ---- stop, kill ----------------------------------------------------------------------------------

    @Test
    void stopPressesThePowerButtonAndWaitsForPowerOff() {
        writeConfig(true, SSH, API);
        runner.whenRun("VBoxManage", "showvminfo").thenReturn(0, info("running")).thenReturn(0, info("running"))
                .thenReturn(0, info("running")).thenReturn(0, info("poweroff"));
        driver.stop(Duration.ofSeconds(90));
        assertThat(runner.commandsRun()).containsExactly(
                "VBoxManage showvminfo " + id + " --machinereadable",
                "VBoxManage controlvm " + id + " acpipowerbutton",
                "VBoxManage showvminfo " + id + " --machinereadable",
                "VBoxManage showvminfo " + id + " --machinereadable",
                "VBoxManage showvminfo " + id + " --machinereadable");
        assertThat(clock.sleeps).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1));
        assertThat(notices).isEmpty();
    }

    @Test
    void stopForcesThePowerOffAfterTheGrace() {
        writeConfig(true, SSH, API);
        vmIs("running");
        driver.stop(Duration.ofSeconds(3));
        assertThat(runner.commandsRun()).containsExactly(
                "VBoxManage showvminfo " + id + " --machinereadable",
                "VBoxManage controlvm " + id + " acpipowerbutton",
                "VBoxManage showvminfo " + id + " --machinereadable",
                "VBoxManage showvminfo " + id + " --machinereadable",
                "VBoxManage showvminfo " + id + " --machinereadable",
                "VBoxManage controlvm " + id + " poweroff");
        assertThat(notices).containsExactly("The guest did not power off within 3s; forcing it off.");
    }

    @Test
    void stopOfAPausedVmResumesItFirst() {
        writeConfig(true, SSH, API);
        runner.whenRun("VBoxManage", "showvminfo").thenReturn(0, info("paused")).thenReturn(0, info("poweroff"));
        driver.stop(Duration.ofSeconds(90));
        assertThat(runner.commandsRun().subList(1, 3)).containsExactly(
                "VBoxManage controlvm " + id + " resume",
                "VBoxManage controlvm " + id + " acpipowerbutton");
    }

    @Test
    void stopOfAStoppedOrMissingVmDoesNothing() {
        writeConfig(true, SSH, API);
        vmIs("poweroff");
        driver.stop(Duration.ofSeconds(90));
        noVm();
        driver.stop(Duration.ofSeconds(90));
        assertThat(runner.commandsRun()).containsExactly(
                "VBoxManage showvminfo " + id + " --machinereadable",
                "VBoxManage showvminfo " + id + " --machinereadable");
    }

    @Test
    void aGuestThatWentDownMeanwhileIsStopped() {
        writeConfig(true, SSH, API);
        vmIs("running");
        runner.whenRun("VBoxManage", "controlvm").thenReturn(1, "", "VBoxManage: error: Machine 'jmk-dev' is not currently running\n");
        driver.stop(Duration.ofSeconds(90));
        driver.kill();
        assertThat(clock.sleeps).isEmpty();
    }

    @Test
    void killPowersARunningVmOff() {
        writeConfig(true, SSH, API);
        vmIs("running");
        driver.kill();
        vmIs("poweroff");
        driver.kill();
        assertThat(runner.commandsRun()).containsExactly(
                "VBoxManage showvminfo " + id + " --machinereadable",
                "VBoxManage controlvm " + id + " poweroff",
                "VBoxManage showvminfo " + id + " --machinereadable");
    }

    // ---- remove --------------------------------------------------------------------------------------

    @Test
    void removePowersOffUnregistersWithItsDisksAndDeletesTheDirectory() throws Exception {
        writeConfig(true, SSH, API);
        vmIs("running");
        Files.writeString(driver.disk(), "left behind");
        driver.remove();
        assertThat(runner.commandsRun()).containsExactly(
                "VBoxManage showvminfo " + id + " --machinereadable",
                "VBoxManage controlvm " + id + " poweroff",
                "VBoxManage unregistervm " + id + " --delete",
                "VBoxManage closemedium disk " + driver.disk() + " --delete");
        assertThat(paths.dir()).doesNotExist();
        runner.clearCalls();
        noVm();
        driver.remove();
        assertThat(runner.commandsRun()).containsExactly("VBoxManage showvminfo " + id + " --machinereadable");
    }

    @Test
    void removeWithoutVBoxManageStillDeletesTheMachineAndSaysWhatMayRemain() throws Exception {
        VirtualBoxDriver noVBox = driver(Optional.empty());
        writeConfig(true, SSH, API);
        Files.createDirectories(noVBox.vmFolder());
        Files.writeString(noVBox.vmFolder().resolve("jmk-dev.vbox"), "<VirtualBox/>");
        assertThat(noVBox.state()).isEqualTo(DriverState.ERROR);
        noVBox.remove();
        assertThat(paths.dir()).doesNotExist();
        assertThat(notices).containsExactly("VBoxManage was not found, so VirtualBox may still list the VM jmk-dev; "
                + "remove it in VirtualBox.");
        assertThatThrownBy(noVBox::create).isInstanceOfSatisfying(JmkException.class, e -> {
            assertThat(e.reason()).isEqualTo(Reason.HOST_TOOL_MISSING);
            assertThat(e.advice()).startsWith("Install VirtualBox: sudo apt-get install virtualbox");
        });
    }

    // ---- state, forwards -----------------------------------------------------------------------------

    @Test
    void stateFollowsTheConfigAndVirtualBox() {
        assertThat(driver.state()).isEqualTo(DriverState.NONEXISTENT);
        assertThat(runner.commandsRun()).as("no config: VirtualBox is not asked").isEmpty();
        writeConfig(false);
        noVm();
        assertThat(driver.state()).as("half-created, never registered").isEqualTo(DriverState.NONEXISTENT);
        writeConfig(true, SSH, API);
        assertThat(driver.state()).as("made, but VirtualBox forgot the VM").isEqualTo(DriverState.ERROR);
        vmIs("running");
        assertThat(driver.state()).isEqualTo(DriverState.RUNNING);
        vmIs("saved");
        assertThat(driver.state()).isEqualTo(DriverState.SUSPENDED);
        runner.whenRun("VBoxManage", "showvminfo").thenReturn(1, "", "VBoxManage: error: Failed to create the VirtualBox object!\n");
        assertThatThrownBy(driver::state).hasMessage("VBoxManage showvminfo failed: Failed to create the VirtualBox object!");
    }

    @Test
    void forwardsAreLiveWhileRunningAndPersistedWhileStopped() {
        writeConfig(true, SSH, API);
        vmIs("running");
        PortForward added = driver.addPortForward(30080);
        assertThat(added).isEqualTo(new PortForward("nodeport-30080", 50000, 30080));
        assertThat(driver.addPortForward(30080)).isEqualTo(added);
        driver.removePortForward(50000);
        vmIs("poweroff");
        driver.addPortForward(30081);
        driver.removePortForward(50001);
        assertThat(runner.commandsRun()).filteredOn(c -> !c.contains("showvminfo")).containsExactly(
                "VBoxManage controlvm " + id + " natpf1 nodeport-30080,tcp,127.0.0.1,50000,,30080",
                "VBoxManage controlvm " + id + " natpf1 delete nodeport-30080",
                "VBoxManage modifyvm " + id + " --natpf1 nodeport-30081,tcp,127.0.0.1,50001,,30081",
                "VBoxManage modifyvm " + id + " --natpf1 delete nodeport-30081");
        assertThat(driver.portForwards()).containsExactly(SSH, API);
        assertThatThrownBy(() -> driver.removePortForward(40022)).isInstanceOfSatisfying(JmkException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.USAGE));
    }

    @Test
    void aRuleVirtualBoxNoLongerHasIsRemovedFromTheConfigAnyway() {
        writeConfig(true, SSH, API, PortForward.nodePort(40901, 30080));
        vmIs("poweroff");
        runner.whenRun("VBoxManage", "modifyvm").thenReturn(1, "", "VBoxManage: error: A NAT rule of this name does not exist\n");
        driver.removePortForward(40901);
        assertThat(driver.portForwards()).containsExactly(SSH, API);
    }

    @Test
    void sshIsThroughTheLoopbackForwardAndTheLogIsTheVmsVBoxLog() {
        writeConfig(true, SSH, API);
        assertThat(driver.sshEndpoint().host()).isEqualTo("127.0.0.1");
        assertThat(driver.sshEndpoint().port()).isEqualTo(40022);
        assertThat(driver.sshEndpoint().user()).isEqualTo("root");
        assertThat(driver.ip()).isEqualTo("10.0.2.15");
        assertThat(driver.vmLog()).isEqualTo(paths.dir().resolve("jmk-dev/Logs/VBox.log"));
        assertThat(driver.logTails(5)).startsWith("--- " + driver.vmLog() + " (last 5 lines)\n")
                .endsWith("does not exist)");
    }

    @Test
    void preCreateCheckAsksTheDriversVBoxManage() {
        runner.whenRun("VBoxManage", "--version").thenReturn(0, "6.0.24r139119\n");
        assertThat(driver.preCreateCheck().error()).isEqualTo("VirtualBox 6.0.24 is too old (6.1 or newer is needed)");
    }
}
