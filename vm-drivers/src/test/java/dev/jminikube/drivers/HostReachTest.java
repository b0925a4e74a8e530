package dev.jminikube.drivers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jminikube.core.Environment;
import dev.jminikube.core.HostOs;
import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import dev.jminikube.core.exec.CommandRunner;
import dev.jminikube.core.exec.SshCommandRunner;
import dev.jminikube.core.exec.SshEndpoint;
import dev.jminikube.core.steps.StepListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The seam between drivers and callers: where a guest port is reached, how guest commands run, SSH-less drivers. */
class HostReachTest {
    @TempDir
    Path home;
    Path iso;
    final List<String> calls = new ArrayList<>();
    final List<String> titles = new ArrayList<>();
    boolean ssh = true;
    boolean running;

    /** A NAT driver that keeps its forwards in the config and relies on the Driver defaults. */
    final class NatDriver implements Driver {
        final MachinePaths paths;
        int nextPort = 41000;

        NatDriver(MachineContext ctx) {
            paths = ctx.paths();
        }

        public String name() {
            return "nat";
        }

        public DriverHealth preCreateCheck() {
            return DriverHealth.ok();
        }

        public void create() {
            MachineConfig c = MachineConfigFile.read(paths.config()).orElseThrow();
            MachineConfigFile.write(paths.config(), c.withPort(new PortForward(PortForward.APISERVER, 40443, 8443))
                    .withCreated(true));
        }

        public void start() {
            calls.add("start");
            running = true;
        }

        public void stop(Duration grace) {
            running = false;
        }

        public void kill() {
            running = false;
        }

        public void remove() {
            Trees.delete(paths.dir());
        }

        public DriverState state() {
            return !Files.exists(paths.config()) ? DriverState.NONEXISTENT
                    : running ? DriverState.RUNNING : DriverState.STOPPED;
        }

        public SshEndpoint sshEndpoint() {
            calls.add("sshEndpoint");
            if (!ssh) {
                throw new JmkException(Reason.USAGE, "no ssh here");
            }
            return new SshEndpoint("127.0.0.1", 40022, "root", paths.privateKey(), paths.hostKeyPin());
        }

        public boolean hasSsh() {
            return ssh;
        }

        public String ip() {
            return "10.0.2.15";
        }

        public List<PortForward> portForwards() {
            return MachineConfigFile.read(paths.config()).orElseThrow().ports();
        }

        public PortForward addPortForward(int guestPort) {
            calls.add("add " + guestPort);
            PortForward f = PortForward.nodePort(nextPort++, guestPort);
            MachineConfigFile.write(paths.config(), MachineConfigFile.read(paths.config()).orElseThrow().withPort(f));
            return f;
        }

        public void removePortForward(int hostPort) {
            throw new UnsupportedOperationException();
        }

        public String logTails(int lines) {
            return "";
        }
    }

    MachineManager machines;

    @BeforeEach
    void setUp() throws Exception {
        iso = Files.createFile(home.resolve("node.iso"));
        Environment env = new Environment(home.resolve("jmk"), home.resolve("kubeconfig"), HostOs.LINUX, "amd64", Map.of());
        DriverRegistry registry = new DriverRegistry(Duration.ofSeconds(1)).register(new DriverDefinition("nat",
                Set.of(HostOs.LINUX), DriverPriority.DEFAULT, e -> DriverHealth.ok(), NatDriver::new, null));
        HostResources host = new HostResources() {
            public int cpus() {
                return 2;
            }

            public long totalMemoryMb() {
                return 4000;
            }

            public long availableMemoryMb() {
                return 4000;
            }
        };
        machines = new MachineManager(env, registry, host, line -> { });
    }

    private final StepListener recorder = new StepListener() {
        public void started(String title) {
            titles.add(title);
        }

        public void finished(String title, Duration took) {
        }

        public void failed(String title, Duration took, Exception cause) {
        }
    };

    @Test
    void endpointUrisBracketIpv6() {
        assertThat(HostEndpoint.loopback(40443).uri("https")).hasToString("https://127.0.0.1:40443");
        assertThat(new HostEndpoint("172.25.84.17", 8443).uri("https")).hasToString("https://172.25.84.17:8443");
        assertThat(new HostEndpoint("fe80::1", 30080).uri("http")).hasToString("http://[fe80::1]:30080");
        assertThatThrownBy(() -> new HostEndpoint("h", 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void natDefaultUsesTheExistingForwardAndAddsAMissingOneOnce() {
        ssh = false; // nothing answers SSH in this test; endpoints must not need it
        machines.start(new MachineSpec("dev", "nat", 2, 2000, 4000, iso, Duration.ofSeconds(1)), recorder);
        assertThat(machines.hostEndpoint("dev", 8443)).isEqualTo(HostEndpoint.loopback(40443));
        HostEndpoint nodePort = machines.hostEndpoint("dev", 30080);
        assertThat(nodePort).isEqualTo(HostEndpoint.loopback(41000));
        assertThat(machines.hostEndpoint("dev", 30080)).as("reused from the config").isEqualTo(nodePort);
        assertThat(calls).containsOnlyOnce("add 30080").doesNotContain("add 8443");
    }

    @Test
    void hostEndpointNeedsARunningMachine() {
        ssh = false;
        machines.start(new MachineSpec("dev", "nat", 2, 2000, 4000, iso, Duration.ofSeconds(1)), recorder);
        machines.stop("dev", false);
        assertThatThrownBy(() -> machines.hostEndpoint("dev", 8443)).isInstanceOfSatisfying(JmkException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.GUEST_NOT_RUNNING));
    }

    @Test
    void aDriverWithoutSshIsNotWaitedForAndItsStartResultHasNoEndpoint() {
        ssh = false;
        StartResult result = machines.start(new MachineSpec("dev", "nat", 2, 2000, 4000, iso, Duration.ofSeconds(1)),
                recorder);
        assertThat(result.ssh()).isNull();
        assertThat(calls).containsExactly("start");
        assertThat(titles).last().isEqualTo("Using this host as the node (no SSH)");
        assertThat(machines.hasSsh("dev")).isFalse();
    }

    @Test
    void theDefaultGuestRunnerIsSshOnTheEndpoint() throws Exception {
        Driver d = new NatDriver(new MachineContext(null, MachinePaths.of(home, "x"), n -> { }));
        try (CommandRunner runner = d.guestRunner()) {
            assertThat(runner).isInstanceOfSatisfying(SshCommandRunner.class, r -> {
                assertThat(r.endpoint().address()).isEqualTo("root@127.0.0.1:40022");
                assertThat(r.endpoint().hostKeyPin().knownHostsFile()).isEqualTo(home.resolve("x/known_hosts"));
            });
        }
    }
}
