package dev.jminikube.drivers.vmware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jminikube.core.Environment;
import dev.jminikube.core.HostOs;
import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import dev.jminikube.core.exec.CommandResult;
import dev.jminikube.core.exec.LocalCommandRunner;
import dev.jminikube.drivers.DriverHealth;
import dev.jminikube.drivers.DriverState;
import dev.jminikube.drivers.MachineConfig;
import dev.jminikube.drivers.MachineConfigFile;
import dev.jminikube.drivers.MachineContext;
import dev.jminikube.drivers.MachinePaths;
import dev.jminikube.drivers.MachineSpec;
import dev.jminikube.drivers.ResumeOutcome;
import dev.jminikube.drivers.qemu.SeedDisk;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The VMware driver against fake vmrun/vmware-vdiskmanager, plus its pure parts: vmx, vmrun output, the flat VMDK. */
class VmwareTest {
    @TempDir
    Path home;
    FakeVmrun vmrun;
    FakeVdiskManager vdisk;
    MachinePaths paths;
    final List<String> notices = new ArrayList<>();
    VmwareDriver driver;

    @BeforeEach
    void setUp() {
        vmrun = new FakeVmrun(home.resolve("fake"));
        vdisk = new FakeVdiskManager();
        Environment env = new Environment(home, home.resolve("kubeconfig"), HostOs.LINUX, "amd64", Map.of());
        paths = MachinePaths.of(env.machinesDir(), "dev");
        driver = new VmwareDriver(new MachineContext(env, paths, notices::add), Optional.of(vmrun), Optional.of(vdisk),
                HostOs.LINUX, d -> { }, System::nanoTime);
    }

    private void writeConfig() throws Exception {
        Path iso = Files.write(home.resolve("node.iso"), new byte[] {1});
        MachineConfigFile.write(paths.config(), MachineConfig.fromSpec(new MachineSpec("dev", "vmware", 2, 2200, 4000,
                iso, Duration.ofMinutes(1), home.resolve("cache")), "vmware"));
    }

    @Test
    void vmxIsAPureFunctionOfTheConfig() throws Exception {
        MachineConfig config = new MachineConfig("dev", "vmware", 2, 2200, 20000, Path.of("/isos/node \"v1\".iso"),
                List.of(), null, true);
        String golden;
        try (InputStream in = getClass().getResourceAsStream("/vmware/golden.vmx")) {
            golden = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(VmxFile.render(config, "jmk-dev", "disk.vmdk", "/m/dev/console.log")).isEqualTo(golden);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "'\nvmrun version 1.17.0 build-21139696\n\nUsage: vmrun' | 1.17.0 | false",
        "'vmrun version 1.15.2 build-1234'                   | 1.15.2 | true",
        "'vmrun version 2.0.0 build-24238078'                | 2.0.0  | false",
        "'vmrun version 1.16.9 build-1'                      | 1.16.9 | true"})
    void versions(String usage, String version, boolean tooOld) {
        VmrunOutput.Version v = VmrunOutput.version(usage).orElseThrow();
        assertThat(v).hasToString(version);
        assertThat(VmrunOutput.tooOld(v)).isEqualTo(tooOld);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "'192.168.100.129\n'                                                   | 192.168.100.129",
        "'169.254.33.7\n'                                                      | ''",
        "'fe80::20c:29ff:fe12:3456\n'                                          | ''",
        "'Error: The VMware Tools are not running in the virtual machine: /m/x.vmx\n' | ''",
        "'unknown\n'                                                           | ''"})
    void guestAddresses(String output, String expected) {
        assertThat(VmrunOutput.usableIpv4(output)).isEqualTo(expected.isEmpty() ? Optional.empty() : Optional.of(expected));
    }

    @Test
    void listedMatchesWholePathsAndIgnoresCaseWhereTheFileSystemDoes() {
        String list = "Total running VMs: 2\n/vms/other/jminikube.vmx\nC:\\Users\\Ann\\.jminikube\\machines\\dev\\jminikube.vmx\n";
        assertThat(VmrunOutput.runningCount(list)).isEqualTo(2);
        assertThat(VmrunOutput.listed(list, Path.of("/vms/other/jminikube.vmx"), false)).isTrue();
        assertThat(VmrunOutput.listed(list, Path.of("/vms/OTHER/jminikube.vmx"), false)).isFalse();
        assertThat(VmrunOutput.listed(list, Path.of("/vms/OTHER/jminikube.vmx"), true)).isTrue();
        assertThat(VmrunOutput.listed(list, Path.of("/vms/other/jminikube.vmx.bak"), false)).isFalse();
        assertThat(VmrunOutput.listed("Total running VMs: 0\n", Path.of("/vms/other/jminikube.vmx"), false)).isFalse();
    }

    @Test
    void health() {
        Environment mac = new Environment(home, home, HostOs.MACOS, "aarch64", Map.of());
        DriverHealth missing = new VmwareHealth((env, tool) -> Optional.empty(), (env, p) -> vmrun).check(mac);
        assertThat(missing.installed()).isFalse();
        assertThat(missing.error()).contains("vmrun was not found").contains(VmwareLocator.FUSION_LIBRARY);
        assertThat(missing.fix()).contains("brew install --cask vmware-fusion");

        DriverHealth noVdisk = new VmwareHealth((env, tool) -> tool.equals("vmrun") ? Optional.of(Path.of("/x/vmrun"))
                : Optional.empty(), (env, p) -> vmrun).check(mac);
        assertThat(noVdisk.installed()).isFalse();
        assertThat(noVdisk.error()).contains("vmware-vdiskmanager");

        assertThat(VmwareHealth.check(vmrun, "hint")).isEqualTo(DriverHealth.ok());
        vmrun.usage = "vmrun version 1.14.0 build-123\n";
        DriverHealth old = VmwareHealth.check(vmrun, "hint");
        assertThat(old.healthy()).isFalse();
        assertThat(old.error()).isEqualTo("vmrun 1.14.0 is older than 1.17.0 (Workstation 15 / Fusion 11)");
        assertThat(old.fix()).isEqualTo("upgrade: hint");
        vmrun.usage = "Segmentation fault\n";
        assertThat(VmwareHealth.check(vmrun, "hint").error()).contains("no version").contains("Segmentation fault");
        assertThat(VmwareHealth.check((args, t) -> new CommandResult(args, -1, "", "", t, true), "hint").error())
                .contains("did not answer");
    }

    @Test
    void theFlatSeedVmdkIsOneQemuReads() throws Exception {
        byte[] data = "jminikube, please format-me".getBytes(StandardCharsets.US_ASCII);
        Path vmdk = home.resolve("seed.vmdk");
        Path extent = FlatVmdk.write(vmdk, data, 10L * 1024 * 1024);
        assertThat(extent).hasFileName("seed-flat.vmdk");
        LocalCommandRunner local = new LocalCommandRunner();
        var info = new ObjectMapper().readTree(local.check("qemu-img", "info", "--output=json", vmdk.toString()).stdout());
        assertThat(info.path("format").asText()).isEqualTo("vmdk");
        assertThat(info.path("virtual-size").asLong()).isEqualTo(10L * 1024 * 1024);
        assertThat(info.path("format-specific").path("data").path("create-type").asText()).isEqualTo("monolithicFlat");
        Path raw = home.resolve("seed.raw");
        local.check("qemu-img", "convert", "-f", "vmdk", "-O", "raw", vmdk.toString(), raw.toString());
        assertThat(Arrays.copyOf(Files.readAllBytes(raw), data.length)).isEqualTo(data);
    }

    @Test
    void createConvertsTheSeedThenGrowsItAndWritesTheVmx() throws Exception {
        writeConfig();
        driver.create();
        Path disk = paths.dir().resolve("disk.vmdk");
        assertThat(vdisk.calls).containsExactly(
                List.of("-r", paths.dir().resolve("seed.vmdk").toString(), "-t", "0", disk.toString()),
                List.of("-x", "4000MB", disk.toString()));
        assertThat(paths.dir().resolve("seed.vmdk")).doesNotExist();
        assertThat(paths.dir().resolve("seed-flat.vmdk")).doesNotExist();
        FakeVdiskManager.Disk d = FakeVdiskManager.read(disk);
        assertThat(d.sectors() * 512).isEqualTo(4000L * 1024 * 1024);
        byte[] seed = SeedDisk.seedBytes(Files.readString(paths.publicKey()).strip());
        byte[] head = new byte[seed.length];
        try (var raf = new java.io.RandomAccessFile(d.extent().toFile(), "r")) {
            raf.readFully(head);
        }
        assertThat(head).as("the disk starts with the seed tar").isEqualTo(seed);
        assertThat(FakeVmrun.value(driver.vmx(), "memsize")).isEqualTo("2200");
        assertThat(FakeVmrun.value(driver.vmx(), "ide1:0.fileName")).isEqualTo(home.resolve("node.iso").toString());
        MachineConfig after = MachineConfigFile.read(paths.config()).orElseThrow();
        assertThat(after.created()).isTrue();
        assertThat(after.hostShare()).isNull();
        assertThat(driver.state()).isEqualTo(DriverState.STOPPED);
        assertThat(vmrun.calls).allMatch(c -> c.subList(0, 2).equals(List.of("-T", "ws")));
    }

    @Test
    void startWaitsPastALinkLocalAnswerAndStopFallsBackToHard() throws Exception {
        writeConfig();
        driver.create();
        assertThatThrownBy(driver::ip).isInstanceOfSatisfying(JmkException.class, e -> {
            assertThat(e.reason()).isEqualTo(Reason.GUEST_NOT_RUNNING);
            assertThat(e.getMessage()).contains("Error: The virtual machine is not powered on: " + driver.vmx());
        });
        vmrun.linkLocalAnswers = 2;
        driver.start();
        long waits = vmrun.calls.stream().filter(c -> c.contains("-wait")).count();
        assertThat(waits).isEqualTo(3);
        assertThat(driver.state()).isEqualTo(DriverState.RUNNING);
        assertThat(driver.ip()).startsWith("192.168.");
        vmrun.guestIgnoresSoftStop = true;
        driver.stop(Duration.ofSeconds(20));
        assertThat(notices).containsExactly("The guest did not power off within 20s; forcing it off.");
        assertThat(vmrun.calls).contains(List.of("-T", "ws", "stop", driver.vmx().toString(), "hard"));
        assertThat(driver.state()).isEqualTo(DriverState.STOPPED);
    }

    @Test
    void vmrunErrorsAreShownAsVmrunSaidThem() throws Exception {
        writeConfig();
        driver.create();
        Files.delete(home.resolve("node.iso"));
        assertThatThrownBy(driver::start).isInstanceOfSatisfying(JmkException.class, e -> {
            assertThat(e.reason()).isEqualTo(Reason.DRIVER_FAILED);
            assertThat(e.getMessage()).startsWith("vmrun start failed: Error: Cannot open VM: " + driver.vmx());
            assertThat(e.details()).startsWith("$ vmrun -T ws start " + driver.vmx() + " nogui");
        });
        assertThat(vmrun.run(List.of("-T", "ws", "start", "/m/x.vmdk", "nogui"), Duration.ZERO).stdout())
                .isEqualTo("Error: Cannot open VM: /m/x.vmdk, unknown file suffix\n");
    }

    // ---- suspend and resume ----------------------------------------------------------------------------

    private String bootId() {
        return vmrun.state().bootIds.get(driver.vmx().toString());
    }

    private CommandResult vmrun(String... args) {
        List<String> argv = new ArrayList<>(List.of("-T", "ws"));
        argv.addAll(List.of(args));
        return vmrun.run(argv, Duration.ofSeconds(5));
    }

    @Test
    void theFakeVmrunSuspendsToAVmssNamedInTheVmxAndResumesFromIt() throws Exception {
        writeConfig();
        driver.create();
        String vmx = driver.vmx().toString();
        CommandResult off = vmrun("suspend", vmx, "soft");
        assertThat(off.exitCode()).isEqualTo(255);
        assertThat(off.stdout()).isEqualTo("Error: The virtual machine is not powered on: " + vmx + "\n");
        assertThat(vmrun("start", vmx, "nogui").exitCode()).isZero();
        String bootId = bootId();
        vmrun("getGuestIPAddress", vmx, "-wait"); // the first answer is link-local
        String ip = vmrun("getGuestIPAddress", vmx, "-wait").stdout();
        assertThat(ip).startsWith("192.168.");

        assertThat(vmrun("suspend", vmx, "soft").exitCode()).isZero();
        assertThat(vmrun("list").stdout()).isEqualTo("Total running VMs: 0\n");
        assertThat(driver.vmss()).exists();
        assertThat(driver.vmem()).exists();
        assertThat(FakeVmrun.value(driver.vmx(), "checkpoint.vmState")).isEqualTo("jminikube.vmss");
        assertThat(vmrun("getGuestIPAddress", vmx).stdout()).startsWith("Error: The virtual machine is not powered on");

        assertThat(vmrun("start", vmx, "nogui").exitCode()).isZero();
        assertThat(bootId()).as("resumed, not rebooted").isEqualTo(bootId);
        assertThat(vmrun("getGuestIPAddress", vmx).stdout()).as("the tools answer at once, with the same address")
                .isEqualTo(ip);
        assertThat(driver.vmss()).doesNotExist();
        assertThat(driver.vmem()).doesNotExist();
        assertThat(FakeVmrun.value(driver.vmx(), "checkpoint.vmState")).isEmpty();
        assertThat(vmrun("stop", vmx, "hard").exitCode()).isZero();
        assertThat(vmrun("start", vmx, "nogui").exitCode()).isZero();
        assertThat(bootId()).as("a cold boot").isNotEqualTo(bootId);

        vmrun.hostDiskFull = true;
        CommandResult full = vmrun("suspend", vmx, "hard");
        assertThat(full.stdout()).startsWith("Error: Failed to suspend the virtual machine: No space left on device");
        assertThat(vmrun("list").stdout()).contains(vmx);
        assertThat(driver.vmss()).doesNotExist();
        vmrun.hostDiskFull = false;
        assertThat(vmrun("suspend", vmx, "hard").exitCode()).isZero();
        Files.writeString(driver.vmss(), "damaged");
        CommandResult refused = vmrun("start", vmx, "nogui");
        assertThat(refused.exitCode()).isEqualTo(255);
        assertThat(refused.stdout()).contains("The suspended state in 'jminikube.vmss' could not be restored");
        assertThat(FakeVmrun.value(driver.vmx(), "checkpoint.vmState")).as("still suspended").isEqualTo("jminikube.vmss");
    }

    @Test
    void suspendAndResumeContinueTheGuestWithItsAddress() throws Exception {
        writeConfig();
        driver.create();
        driver.start();
        String bootId = bootId();
        String ip = driver.ip();
        assertThat(driver.canSuspend()).isTrue();
        driver.suspend();
        assertThat(vmrun.calls).contains(List.of("-T", "ws", "suspend", driver.vmx().toString(), "soft"));
        assertThat(driver.state()).isEqualTo(DriverState.SUSPENDED);
        driver.suspend(); // already suspended
        driver.stop(Duration.ofSeconds(5)); // nothing runs: the state stays
        assertThat(driver.state()).isEqualTo(DriverState.SUSPENDED);

        assertThat(driver.resume()).isEqualTo(ResumeOutcome.RESUMED);
        assertThat(driver.state()).isEqualTo(DriverState.RUNNING);
        assertThat(bootId()).isEqualTo(bootId);
        assertThat(driver.ip()).isEqualTo(ip);
        assertThat(notices).isEmpty();
        driver.stop(Duration.ofSeconds(5));
        driver.start();
        assertThat(bootId()).isNotEqualTo(bootId);
    }

    @Test
    void suspendNeedsARunningVmAndSaysWhenTheDiskIsFull() throws Exception {
        writeConfig();
        driver.create();
        assertThatThrownBy(driver::suspend).isInstanceOfSatisfying(JmkException.class, e -> {
            assertThat(e.reason()).isEqualTo(Reason.GUEST_NOT_RUNNING);
            assertThat(e.getMessage()).isEqualTo("cannot suspend machine dev: the VMware VM is not running");
        });
        assertThat(vmrun.calls).noneMatch(c -> c.contains("suspend"));
        assertThat(driver.state()).isEqualTo(DriverState.STOPPED);
        driver.start();
        String bootId = bootId();
        vmrun.hostDiskFull = true;
        assertThatThrownBy(driver::suspend).isInstanceOfSatisfying(JmkException.class, e -> {
            assertThat(e.reason()).isEqualTo(Reason.RESOURCE_DISK_FULL);
            assertThat(e.details()).contains("No space left on device");
        });
        assertThat(driver.state()).as("left running").isEqualTo(DriverState.RUNNING);
        assertThat(bootId()).isEqualTo(bootId);
    }

    @Test
    void aStateVmwareCannotRestoreIsDiscardedAndTheVmBootsCold() throws Exception {
        writeConfig();
        driver.create();
        driver.start();
        String bootId = bootId();
        driver.suspend();
        Files.writeString(driver.vmss(), "damaged");
        assertThat(driver.resume()).isEqualTo(ResumeOutcome.BOOTED_COLD);
        assertThat(notices).singleElement().asString().startsWith("VMware could not restore the suspended state (Error: "
                + "Cannot open VM: ").endsWith("); discarding it and booting from the disk.");
        assertThat(driver.state()).isEqualTo(DriverState.RUNNING);
        assertThat(bootId()).isNotEqualTo(bootId);
        assertThat(paths.dir().resolve(VmwareDriver.DISK)).as("the data disk is untouched").exists();
    }

    @Test
    void discardRemoveAndAnInterruptedSuspendLeaveNoStateToResume() throws Exception {
        writeConfig();
        driver.create();
        driver.start();
        driver.suspend();
        driver.discardSuspendedState();
        assertThat(driver.state()).isEqualTo(DriverState.STOPPED);
        assertThat(driver.vmss()).doesNotExist();
        assertThat(driver.vmem()).doesNotExist();

        driver.start();
        String bootId = bootId();
        vmrun.suspendInterrupted = true;
        assertThatThrownBy(driver::suspend).isInstanceOfSatisfying(JmkException.class, e -> {
            assertThat(e.reason()).isEqualTo(Reason.DRIVER_FAILED);
            assertThat(e.getMessage()).isEqualTo("vmrun suspend failed: timed out; the VM is off and its state is lost");
        });
        assertThat(driver.state()).as("half a .vmss is no state").isEqualTo(DriverState.STOPPED);
        assertThat(driver.vmss()).doesNotExist();
        assertThat(driver.resume()).isEqualTo(ResumeOutcome.BOOTED_COLD);
        assertThat(bootId()).isNotEqualTo(bootId);

        driver.suspend();
        driver.remove();
        assertThat(driver.state()).isEqualTo(DriverState.NONEXISTENT);
        assertThat(paths.dir()).doesNotExist();
        assertThat(vmrun.state().running).isEmpty();
    }
}
