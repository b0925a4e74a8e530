package dev.jminikube.drivers.qemu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jminikube.core.Environment;
import dev.jminikube.core.HostOs;
import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import dev.jminikube.core.exec.LocalCommandRunner;
import dev.jminikube.drivers.DriverHealth;
import dev.jminikube.drivers.DriverState;
import dev.jminikube.drivers.MachineConfig;
import dev.jminikube.drivers.MachineConfigFile;
import dev.jminikube.drivers.MachineContext;
import dev.jminikube.drivers.MachinePaths;
import dev.jminikube.drivers.PortAllocator;
import dev.jminikube.drivers.PortForward;
import dev.jminikube.core.ToolLocator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The QEMU driver's bookkeeping without QEMU: ports, stale process files, state, removal. */
class QemuDriverTest {
    @TempDir
    Path home;
    MachinePaths paths;
    final List<String> notices = new ArrayList<>();
    /** Ports some other program listens on. */
    final Set<Integer> taken = new HashSet<>();
    int nextFree = 50000;
    QemuDriver driver;
    /** What the machine directory's file system has free, as the driver sees it. */
    long usableBytes = 50L << 30;
    final FakeProcessTable processes = new FakeProcessTable();
    Environment env;

    @BeforeEach
    void setUp() {
        env = new Environment(home, home.resolve("kubeconfig"), HostOs.LINUX, "amd64", Map.of());
        paths = MachinePaths.of(env.machinesDir(), "dev");
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
        AccelProbe probe = new AccelProbe((argv, out, marker, timeout) -> {
            throw new AssertionError("no probe expected");
        }, HostOs.LINUX, QemuTarget.x86_64(), home.resolve("no-kvm"), home.resolve("cache"), Duration.ofSeconds(1),
                Duration.ofMinutes(1), Clock.systemUTC());
        driver = new QemuDriver(new MachineContext(env, paths, notices::add), new ToolLocator("", HostOs.LINUX), ports,
                probe, new LocalCommandRunner(), QemuTarget.x86_64(), processes, dir -> usableBytes);
    }

    private MachineConfig writeConfig(PortForward... forwards) {
        MachineConfig c = new MachineConfig("dev", "qemu", 2, 2200, 20000, Path.of("/isos/node.iso"), List.of(forwards),
                "tcg", true);
        MachineConfigFile.write(paths.config(), c);
        return c;
    }

    @Test
    void takenPersistedPortsAreReplacedAndReported() {
        MachineConfig c = writeConfig(new PortForward("ssh", 40022, 22), new PortForward("apiserver", 40443, 8443));
        taken.add(40022);
        nextFree = 40443; // the allocator would hand out the apiserver's own port: must be skipped
        MachineConfig fixed = driver.reassignTakenPorts(c);
        assertThat(fixed.port("ssh").orElseThrow().hostPort()).isEqualTo(40444);
        assertThat(fixed.port("apiserver").orElseThrow().hostPort()).isEqualTo(40443);
        assertThat(notices).containsExactly("Port 40022 (ssh) is taken on 127.0.0.1; using 40444 instead.");
    }

    /** The command line QEMU of profile {@code profile} in this home would show. */
    private List<String> qemuArgv(String profile) {
        MachineConfig c = new MachineConfig(profile, "qemu", 2, 2200, 20000, Path.of("/isos/node.iso"), List.of(),
                "tcg", true);
        return QemuCommandLine.build(Path.of("/usr/bin/qemu-system-x86_64"), QemuTarget.x86_64(), c,
                MachinePaths.of(env.machinesDir(), profile), Accel.TCG);
    }

    private void pidFileSays(long pid) throws Exception {
        Files.writeString(paths.pidFile(), pid + "\n");
    }

    @Test
    void stateFollowsConfigAndProcess() throws Exception {
        assertThat(driver.state()).isEqualTo(DriverState.NONEXISTENT);
        writeConfig(new PortForward("ssh", 40022, 22));
        assertThat(driver.state()).isEqualTo(DriverState.STOPPED);
        processes.start(4242, qemuArgv("dev"));
        pidFileSays(4242);
        // Its QMP socket is missing, so nothing can tell how the guest is: an error, not Running.
        assertThat(driver.state()).isEqualTo(DriverState.ERROR);
    }

    /**
     * Processes the pidfile may name that are not this machine's QEMU: the QEMU of profile "dev2" (whose paths
     * contain "machines/dev"), a tail of the console log, an unrelated program that got the number after a reboot,
     * another user's process (arguments hidden), no process at all. None is signalled; the machine is Stopped; stop
     * returns without waiting and removes the stale pidfile and socket.
     */
    @Test
    void aPidfileNamingAnyOtherProcessIsStaleAndNothingIsSignalled() throws Exception {
        writeConfig(new PortForward("ssh", 40022, 22));
        processes.start(100, qemuArgv("dev2"));
        processes.start(101, List.of("tail", "-f", paths.consoleLog().toString()));
        processes.start(102, List.of("/usr/lib/firefox/firefox", "--new-window"));
        processes.startHidden(103);
        for (long pid : new long[] {100, 101, 102, 103, 104}) {
            pidFileSays(pid);
            Files.writeString(paths.qmpSocket(), "");
            assertThat(driver.state()).as("pid %d", pid).isEqualTo(DriverState.STOPPED);
            long t0 = System.nanoTime();
            driver.stop(Duration.ofSeconds(90));
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("pid %d", pid).isLessThan(Duration.ofSeconds(5));
            assertThat(paths.pidFile()).as("pid %d", pid).doesNotExist();
            assertThat(paths.qmpSocket()).as("pid %d", pid).doesNotExist();
            pidFileSays(pid);
            driver.kill();
            assertThat(paths.pidFile()).as("pid %d", pid).doesNotExist();
        }
        driver.remove();
        assertThat(processes.signals).isEmpty();
        assertThat(processes.waits).isEmpty();
        assertThat(notices).isEmpty();
        assertThat(paths.dir()).doesNotExist();
    }

    /**
     * Its own QEMU whose QMP socket is gone: the power-off cannot be asked for, so stop does not sit out the 90 s
     * grace waiting for it; it ends QEMU with SIGTERM (QEMU closes its disk cleanly) and says so.
     */
    @Test
    void ownQemuWithoutItsMonitorIsTerminatedAtOnceNotAfterTheGrace() throws Exception {
        writeConfig(new PortForward("ssh", 40022, 22));
        processes.start(4242, qemuArgv("dev"));
        pidFileSays(4242);
        driver.stop(Duration.ofSeconds(90));
        assertThat(processes.signals).containsExactly("TERM 4242");
        assertThat(processes.waits).containsExactly(Duration.ofSeconds(10));
        assertThat(notices).singleElement().asString().contains("does not answer").contains("pid 4242");
        assertThat(paths.pidFile()).doesNotExist();
        assertThat(driver.state()).isEqualTo(DriverState.STOPPED);
    }

    @Test
    void ownQemuThatIgnoresSigtermIsKilled() throws Exception {
        writeConfig(new PortForward("ssh", 40022, 22));
        processes.start(4242, qemuArgv("dev")).exitsOnTerm = false;
        pidFileSays(4242);
        driver.stop(Duration.ofSeconds(90));
        assertThat(processes.signals).containsExactly("TERM 4242", "KILL 4242");
        assertThat(processes.waits).doesNotContain(Duration.ofSeconds(90));
    }

    /** The real match: kill and remove end the machine's own QEMU, and only it. */
    @Test
    void killAndRemoveEndTheMachinesOwnQemu() throws Exception {
        writeConfig(new PortForward("ssh", 40022, 22));
        processes.start(4242, qemuArgv("dev"));
        processes.start(4343, qemuArgv("dev2"));
        pidFileSays(4242);
        driver.kill();
        assertThat(processes.signals).containsExactly("KILL 4242");
        assertThat(driver.state()).isEqualTo(DriverState.STOPPED);
        processes.start(4444, qemuArgv("dev"));
        pidFileSays(4444);
        driver.remove();
        assertThat(processes.signals).containsExactly("KILL 4242", "KILL 4444");
        assertThat(paths.dir()).doesNotExist();
    }

    @Test
    void nodePortForwardsPersistWhileStopped() {
        writeConfig(new PortForward("ssh", 40022, 22), new PortForward("apiserver", 40443, 8443));
        PortForward added = driver.addPortForward(30080);
        assertThat(added).isEqualTo(new PortForward("nodeport-30080", 50000, 30080));
        assertThat(driver.addPortForward(30080)).isEqualTo(added); // same guest port: same forward
        assertThat(driver.portForwards()).contains(added).hasSize(3);
        driver.removePortForward(50000);
        assertThat(driver.portForwards()).extracting(PortForward::name).containsExactly("ssh", "apiserver");
        assertThatThrownBy(() -> driver.removePortForward(40022)).isInstanceOfSatisfying(JmkException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.USAGE));
        assertThatThrownBy(() -> driver.removePortForward(1)).hasMessageContaining("no port forward");
    }

    /** What QEMU 7.2's HMP prints (captured from a real VM) and how it is read. */
    @Test
    void hostfwdOutputIsInterpreted() {
        QemuDriver.checkHostfwdOutput("hostfwd_add net0 tcp:127.0.0.1:40901-:30080", "");
        QemuDriver.checkHostfwdOutput("hostfwd_remove net0 tcp:127.0.0.1:40901",
                "host forwarding rule for tcp:127.0.0.1:40901 removed\r\n");
        assertThatThrownBy(() -> QemuDriver.checkHostfwdOutput("hostfwd_add net0 tcp:127.0.0.1:22-:30080",
                "Could not set up host forwarding rule 'tcp:127.0.0.1:22-:30080'\r\n"))
                .isInstanceOfSatisfying(JmkException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.NETWORK_PORT_IN_USE))
                .hasMessageContaining("Could not set up host forwarding rule");
        assertThatThrownBy(() -> QemuDriver.checkHostfwdOutput("hostfwd_remove net0 tcp:127.0.0.1:1",
                "host forwarding rule for tcp:127.0.0.1:1 not found\r\n")).hasMessageContaining("not found");
    }

    @Test
    void sshEndpointIsLoopbackWithTheMachineKey() {
        writeConfig(new PortForward("ssh", 40022, 22));
        assertThat(driver.sshEndpoint().host()).isEqualTo("127.0.0.1");
        assertThat(driver.sshEndpoint().port()).isEqualTo(40022);
        assertThat(driver.sshEndpoint().user()).isEqualTo("root");
        assertThat(driver.sshEndpoint().privateKey()).isEqualTo(paths.privateKey());
    }

    @Test
    void preCreateCheckNamesTheInstallCommand() {
        DriverHealth h = driver.preCreateCheck();
        assertThat(h.installed()).isFalse();
        assertThat(h.error()).contains("qemu-system-x86_64");
        assertThat(h.fix()).isEqualTo("sudo apt-get install qemu-system-x86 qemu-utils (Debian/Ubuntu)");
        assertThat(QemuInstallHint.forHost(HostOs.MACOS, true)).isEqualTo("brew install qemu");
    }

    @Test
    void removeDeletesTheMachineDirectoryAndIsIdempotent() throws Exception {
        writeConfig();
        Files.writeString(paths.consoleLog(), "boot");
        driver.remove();
        assertThat(paths.dir()).doesNotExist();
        driver.remove();
    }

    @Test
    void suspendOntoAFullDiskIsRefusedBeforeTheGuestIsTouched() throws Exception {
        writeConfig(new PortForward("ssh", 40022, 22));
        FakeProcessTable.FakeProcess qemu = processes.start(4242, qemuArgv("dev"));
        pidFileSays(4242);
        usableBytes = 900L << 20; // less than the guest's 2200 MB of RAM
        assertThatThrownBy(driver::suspend).isInstanceOfSatisfying(JmkException.class, e -> {
            assertThat(e.reason()).isEqualTo(Reason.RESOURCE_DISK_FULL);
            assertThat(e.getMessage()).contains("900 MB are free").contains("the VM is still running");
        });
        assertThat(qemu.isAlive()).as("the VM is left running").isTrue();
        assertThat(processes.signals).isEmpty();
        try (Stream<Path> files = Files.list(paths.dir())) {
            assertThat(files.map(f -> f.getFileName().toString())).noneMatch(n -> n.startsWith("suspend."));
        }
    }

    /**
     * The VM killed while its memory is saved (found by scripts/fault-injection): nothing is saved, the disk is kept,
     * and the advice is to start it again, not the generic "delete and start afresh" that would throw the cluster away.
     */
    @Test
    void aVmThatDiesWhileItIsSavedIsReportedAsGoneWithItsDiskKept() throws Exception {
        writeConfig(new PortForward("ssh", 40022, 22));
        Files.writeString(paths.disk(), "the cluster's data");
        FakeProcessTable.FakeProcess qemu = processes.start(4242, qemuArgv("dev"));
        pidFileSays(4242);
        try (java.nio.channels.ServerSocketChannel monitor = java.nio.channels.ServerSocketChannel.open(
                java.net.StandardProtocolFamily.UNIX)) {
            monitor.bind(java.net.UnixDomainSocketAddress.of(paths.qmpSocket()));
            Thread vm = new Thread(() -> {
                try (java.nio.channels.SocketChannel c = monitor.accept()) {
                    qemu.die(); // it dies as the save begins: the monitor closes without a word
                } catch (java.io.IOException ignored) {
                    // the test fails on its own assertions if this goes wrong
                }
            });
            vm.start();
            assertThatThrownBy(driver::suspend).isInstanceOfSatisfying(JmkException.class, e -> {
                assertThat(e.reason()).isEqualTo(Reason.GUEST_DIED);
                assertThat(e.getMessage()).contains("exited while its memory was being saved").contains("disk is kept");
                assertThat(e.advice()).isEqualTo("'jminikube start -p dev' boots it again from its disk.");
            });
            vm.join(5000);
        }
        assertThat(processes.signals).isEmpty();
        assertThat(paths.disk()).hasContent("the cluster's data");
        try (Stream<Path> files = Files.list(paths.dir())) {
            assertThat(files.map(f -> f.getFileName().toString())).noneMatch(n -> n.startsWith("suspend."));
        }
    }
}
