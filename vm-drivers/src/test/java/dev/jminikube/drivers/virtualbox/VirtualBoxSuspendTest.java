package dev.jminikube.drivers.virtualbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jminikube.core.Environment;
import dev.jminikube.core.HostOs;
import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import dev.jminikube.core.exec.RunOptions;
import dev.jminikube.core.exec.SshCommandRunner;
import dev.jminikube.drivers.DriverState;
import dev.jminikube.drivers.LoopbackPortAllocator;
import dev.jminikube.drivers.MachineConfig;
import dev.jminikube.drivers.MachineConfigFile;
import dev.jminikube.drivers.MachineContext;
import dev.jminikube.drivers.MachinePaths;
import dev.jminikube.drivers.PortForward;
import dev.jminikube.drivers.ResumeOutcome;
import dev.jminikube.drivers.virtualbox.fake.FakeVBoxManage;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Suspend and resume of the VirtualBox driver against the stateful fake VirtualBox, whose guest keeps a boot id
 * in "memory": the same id after a resume, a new one after a cold boot, read over SSH as on a real node.
 */
class VirtualBoxSuspendTest {
    @TempDir
    Path home;
    FakeVBoxManage vbox;
    MachinePaths paths;
    final List<String> notices = new CopyOnWriteArrayList<>();
    VirtualBoxDriver driver;

    @BeforeEach
    void setUp() throws Exception {
        vbox = new FakeVBoxManage(home.resolve("vbox-home"));
        paths = MachinePaths.of(home.resolve("machines"), "dev");
        Environment env = new Environment(home, home.resolve("kubeconfig"), HostOs.LINUX, "amd64", Map.of());
        driver = new VirtualBoxDriver(new MachineContext(env, paths, notices::add), Optional.of(vbox),
                new LoopbackPortAllocator(), Sleeper.SYSTEM, Clock.systemUTC());
        Path iso = FakeVBoxManage.writeIso(home.resolve("node.iso"));
        MachineConfigFile.write(paths.config(), new MachineConfig("dev", "virtualbox", 2, 2048, 4000, iso, List.of(),
                null, false, home.resolve("cache/bin")));
        driver.create();
    }

    @AfterEach
    void killGuests() {
        vbox.killAllGuests();
    }

    /**
     * Runs a command in the fake guest. Its sshd is a JVM of its own that a resume restarts, so on a loaded host it
     * may take a while to listen again: connecting is retried as start's SSH wait would, for up to a minute.
     */
    private String ssh(String command) throws Exception {
        long deadline = System.nanoTime() + java.time.Duration.ofMinutes(1).toNanos();
        while (true) {
            try (SshCommandRunner runner = new SshCommandRunner(driver.sshEndpoint())) {
                return runner.check(List.of("sh", "-c", command), RunOptions.DEFAULTS).stdout().strip();
            } catch (dev.jminikube.core.exec.SshConnectException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(500);
            }
        }
    }

    private String bootId() throws Exception {
        return ssh("cat /proc/sys/kernel/random/boot_id");
    }

    private List<String> commandsSince(int index) {
        List<List<String>> all = vbox.invocations();
        List<String> result = new ArrayList<>();
        all.subList(index, all.size()).forEach(a -> result.add(String.join(" ", a)));
        return result;
    }

    @Test
    void resumeContinuesTheGuestAndPutsForwardsRightLive() throws Exception {
        driver.start();
        String bootId = bootId();
        assertThat(bootId).matches("[0-9a-f-]{36}");
        ssh("echo kept > marker");
        assertThat(driver.canSuspend()).isTrue();

        driver.suspend();
        assertThat(driver.state()).isEqualTo(DriverState.SUSPENDED);
        Path sav = vbox.stateFile("jmk-dev").orElseThrow();
        assertThat(sav).exists();
        driver.suspend(); // already suspended: nothing to do

        int mark = vbox.invocations().size();
        PortForward added = driver.addPortForward(30080);
        assertThat(driver.portForwards()).contains(added);
        assertThat(vbox.natRules("jmk-dev")).as("a saved VM is not mutable: the forward waits for the resume")
                .noneMatch(r -> r.startsWith("nodeport-30080,"));
        int oldSsh = driver.sshEndpoint().port();
        try (ServerSocket squatter = new ServerSocket(oldSsh, 1, InetAddress.getLoopbackAddress())) {
            assertThat(driver.resume()).isEqualTo(ResumeOutcome.RESUMED);
            assertThat(driver.state()).isEqualTo(DriverState.RUNNING);
            int newSsh = driver.sshEndpoint().port();
            assertThat(newSsh).isNotEqualTo(oldSsh);
            assertThat(notices).contains("Port " + oldSsh + " (ssh) is taken on 127.0.0.1; using " + newSsh + " instead.");
            assertThat(vbox.natRules("jmk-dev")).contains("ssh,tcp,127.0.0.1," + newSsh + ",,22",
                    "nodeport-30080,tcp,127.0.0.1," + added.hostPort() + ",,30080");
            assertThat(bootId()).as("the guest did not reboot").isEqualTo(bootId);
            assertThat(ssh("cat marker")).isEqualTo("kept");
        }
        List<String> commands = commandsSince(mark);
        assertThat(commands).as("nothing may modifyvm a saved VM").noneMatch(c -> c.startsWith("modifyvm"));
        assertThat(commands).contains("controlvm " + driver.vmId() + " natpf1 delete ssh",
                "controlvm " + driver.vmId() + " natpf1 ssh,tcp,127.0.0.1," + driver.sshEndpoint().port() + ",,22");
        assertThat(sav).as("VirtualBox deletes the state it resumed from").doesNotExist();
        assertThat(notices).noneMatch(n -> n.contains("saved state"));
    }

    @Test
    void suspendNeedsARunningVmAndSaysWhenTheDiskIsFull() throws Exception {
        int mark = vbox.invocations().size();
        assertThatThrownBy(driver::suspend).isInstanceOfSatisfying(JmkException.class, e -> {
            assertThat(e.reason()).isEqualTo(Reason.GUEST_NOT_RUNNING);
            assertThat(e.getMessage()).isEqualTo("cannot suspend machine dev: the VM jmk-dev is poweroff, not running");
        });
        assertThat(driver.state()).isEqualTo(DriverState.STOPPED);
        assertThat(commandsSince(mark)).noneMatch(c -> c.contains("savestate"));

        driver.start();
        String bootId = bootId();
        vbox.hostDiskFull(true);
        assertThatThrownBy(driver::suspend).isInstanceOfSatisfying(JmkException.class, e -> {
            assertThat(e.reason()).isEqualTo(Reason.RESOURCE_DISK_FULL);
            assertThat(e.details()).contains("VERR_DISK_FULL");
        });
        assertThat(driver.state()).as("the VM is left running").isEqualTo(DriverState.RUNNING);
        assertThat(bootId()).isEqualTo(bootId);
    }

    @Test
    void aStateVirtualBoxRefusesIsDiscardedAndTheVmBootsColdFromItsDisk() throws Exception {
        driver.start();
        String bootId = bootId();
        ssh("echo kept > marker");
        driver.suspend();
        Files.writeString(vbox.stateFile("jmk-dev").orElseThrow(), "damaged\n");

        assertThat(driver.resume()).isEqualTo(ResumeOutcome.BOOTED_COLD);
        assertThat(notices).singleElement().asString().startsWith("VirtualBox could not restore the saved state of "
                + "jmk-dev (Failed to load the saved state '").contains("VERR_SSM_INTEGRITY_MAGIC")
                .endsWith("); discarding it and booting from the disk.");
        assertThat(driver.state()).isEqualTo(DriverState.RUNNING);
        assertThat(bootId()).as("a cold boot").isNotEqualTo(bootId);
        assertThat(ssh("cat marker")).as("the disk is untouched").isEqualTo("kept");
    }

    @Test
    void discardAndRemoveDeleteTheSavedState() throws Exception {
        driver.start();
        String bootId = bootId();
        driver.suspend();
        Path sav = vbox.stateFile("jmk-dev").orElseThrow();
        driver.discardSuspendedState();
        assertThat(driver.state()).isEqualTo(DriverState.STOPPED);
        assertThat(sav).doesNotExist();
        driver.discardSuspendedState(); // nothing saved: nothing to do

        driver.start();
        assertThat(bootId()).as("booted cold").isNotEqualTo(bootId);
        driver.suspend();
        Path second = vbox.stateFile("jmk-dev").orElseThrow();
        driver.remove();
        assertThat(driver.state()).isEqualTo(DriverState.NONEXISTENT);
        assertThat(second).doesNotExist();
        assertThat(vbox.inventory().empty()).as("%s", vbox.inventory()).isTrue();
    }

    @Test
    void aSaveCutShortByTheVmDyingLeavesNothingToResume() throws Exception {
        driver.start();
        String bootId = bootId();
        vbox.vmDiesWhileSaving(true);
        assertThatThrownBy(driver::suspend).isInstanceOfSatisfying(JmkException.class, e -> {
            assertThat(e.reason()).isEqualTo(Reason.DRIVER_FAILED);
            assertThat(e.getMessage()).startsWith("VBoxManage controlvm failed: ").endsWith("; the VM is now aborted");
        });
        vbox.vmDiesWhileSaving(false);
        assertThat(driver.state()).as("not Suspended: the half-written file is not a state").isEqualTo(DriverState.STOPPED);
        assertThat(driver.resume()).isEqualTo(ResumeOutcome.BOOTED_COLD);
        assertThat(bootId()).isNotEqualTo(bootId);
    }
}
