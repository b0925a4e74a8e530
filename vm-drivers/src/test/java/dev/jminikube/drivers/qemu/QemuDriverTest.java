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

    @BeforeEach
    void setUp() {
        Environment env = new Environment(home, home.resolve("kubeconfig"), HostOs.LINUX, "amd64", Map.of());
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
                probe, new LocalCommandRunner(), QemuTarget.x86_64(), dir -> usableBytes);
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

    @Test
    void stateFollowsConfigAndProcess() throws Exception {
        assertThat(driver.state()).isEqualTo(DriverState.NONEXISTENT);
        writeConfig(new PortForward("ssh", 40022, 22));
        assertThat(driver.state()).isEqualTo(DriverState.STOPPED);
        // A live pid that is not our QEMU (this JVM: its command line does not name the machine dir): PID reuse.
        Files.writeString(paths.pidFile(), ProcessHandle.current().pid() + "\n");
        Files.createFile(paths.qmpSocket());
        assertThat(driver.state()).isEqualTo(DriverState.STOPPED);
        // kill and stop on such leftovers touch no process and clean the stale files.
        driver.kill();
        assertThat(paths.pidFile()).doesNotExist();
        assertThat(paths.qmpSocket()).doesNotExist();
        assertThat(ProcessHandle.current().isAlive()).isTrue();
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
        // Stands in for this machine's QEMU: alive, and its command line names the machine directory.
        Process qemu = new ProcessBuilder("sh", "-c", "sleep 60", paths.dir().toString()).start();
        try {
            Files.writeString(paths.pidFile(), qemu.pid() + "\n");
            usableBytes = 900L << 20; // less than the guest's 2200 MB of RAM
            assertThatThrownBy(driver::suspend).isInstanceOfSatisfying(JmkException.class, e -> {
                assertThat(e.reason()).isEqualTo(Reason.RESOURCE_DISK_FULL);
                assertThat(e.getMessage()).contains("900 MB are free").contains("the VM is still running");
            });
            assertThat(qemu.isAlive()).as("the VM is left running").isTrue();
            try (Stream<Path> files = Files.list(paths.dir())) {
                assertThat(files.map(f -> f.getFileName().toString())).noneMatch(n -> n.startsWith("suspend."));
            }
        } finally {
            qemu.destroyForcibly();
        }
    }
}
