package dev.jminikube.drivers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jminikube.core.Environment;
import dev.jminikube.core.HostOs;
import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import dev.jminikube.core.exec.SshEndpoint;
import dev.jminikube.core.steps.StepFailedException;
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

/** The facade's bookkeeping with a fake driver (no VM): create failures, status, delete, purge. */
class MachineManagerTest {
    @TempDir
    Path home;
    Path iso;
    MachineManager machines;
    final List<String> calls = new ArrayList<>();
    final List<String> steps = new ArrayList<>();
    RuntimeException failOnStart;

    /** Records calls; "runs" once started; its files are the config the manager wrote plus a disk. */
    final class FakeDriver implements Driver {
        final MachinePaths paths;

        FakeDriver(MachineContext ctx) {
            paths = ctx.paths();
        }

        public String name() {
            return "fake";
        }

        public DriverHealth preCreateCheck() {
            return DriverHealth.ok();
        }

        public void create() {
            calls.add("create");
            MachineConfig c = MachineConfigFile.read(paths.config()).orElseThrow();
            MachineConfigFile.write(paths.config(), c.withPort(new PortForward("ssh", 40022, 22)).withCreated(true));
        }

        public void start() {
            calls.add("start");
            if (failOnStart != null) {
                throw failOnStart;
            }
        }

        public void stop(Duration grace) {
            calls.add("stop");
        }

        public void kill() {
            calls.add("kill");
        }

        public void remove() {
            calls.add("remove");
            Trees.delete(paths.dir());
        }

        public DriverState state() {
            return Files.exists(paths.config()) ? DriverState.STOPPED : DriverState.NONEXISTENT;
        }

        public SshEndpoint sshEndpoint() {
            return new SshEndpoint("127.0.0.1", 40022, "root", paths.privateKey());
        }

        public String ip() {
            return "10.0.2.15";
        }

        public List<PortForward> portForwards() {
            return List.of();
        }

        public PortForward addPortForward(int guestPort) {
            throw new UnsupportedOperationException();
        }

        public void removePortForward(int hostPort) {
            throw new UnsupportedOperationException();
        }

        public String logTails(int lines) {
            return "";
        }
    }

    @BeforeEach
    void setUp() throws Exception {
        iso = Files.createFile(home.resolve("node.iso"));
        Environment env = new Environment(home.resolve("jmk"), home.resolve("kubeconfig"), HostOs.LINUX, "amd64", Map.of());
        DriverRegistry registry = new DriverRegistry(Duration.ofSeconds(1)).register(new DriverDefinition("fake",
                Set.of(HostOs.LINUX), DriverPriority.DEFAULT, e -> DriverHealth.ok(), FakeDriver::new, null));
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
            steps.add("+" + title);
        }

        public void finished(String title, Duration took) {
            steps.add("ok " + title);
        }

        public void failed(String title, Duration took, Exception cause) {
            steps.add("FAILED " + title);
        }
    };

    @Test
    void resourceProblemsStopBeforeAnythingIsCreated() {
        MachineSpec tooBig = new MachineSpec("dev", null, 2, 9000, 20000, iso, Duration.ofSeconds(1));
        assertThatThrownBy(() -> machines.start(tooBig, recorder))
                .isInstanceOfSatisfying(StepFailedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.RESOURCE_MEMORY);
                    assertThat(e.step()).isEqualTo("Checking host resources");
                });
        assertThat(steps).containsExactly("+Choosing the driver", "ok Choosing the driver", "+Checking host resources",
                "FAILED Checking host resources");
        assertThat(machines.status("dev").host()).isEqualTo(DriverState.NONEXISTENT);
        assertThat(calls).isEmpty();
    }

    @Test
    void aFailedBootLeavesAMachineThatDeleteRemoves() {
        failOnStart = new JmkException(Reason.DRIVER_FAILED, "qemu exploded");
        MachineSpec spec = MachineSpec.defaults("dev", iso);
        assertThatThrownBy(() -> machines.start(new MachineSpec("dev", "fake", 2, 2000, 4000, iso,
                Duration.ofSeconds(1)), recorder)).hasMessageContaining("Booting the VM").hasMessageContaining("qemu exploded");
        assertThat(machines.profiles()).containsExactly("dev");
        assertThat(machines.status("dev")).isEqualTo(MachineStatus.ofHost("dev", "fake", DriverState.STOPPED));
        machines.delete("dev");
        assertThat(machines.profiles()).isEmpty();
        assertThat(calls).containsExactly("create", "start", "remove");
        machines.delete("dev"); // idempotent
        assertThat(spec.cpus()).isEqualTo(MachineSpec.DEFAULT_CPUS);
    }

    @Test
    void aHalfCreatedMachineIsRemovedAndCreatedAgain() {
        MachineConfigFile.write(home.resolve("jmk/machines/dev/config.yaml"),
                MachineConfig.fromSpec(MachineSpec.defaults("dev", iso), "fake"));
        failOnStart = new JmkException(Reason.DRIVER_FAILED, "stop here");
        assertThatThrownBy(() -> machines.start(new MachineSpec("dev", "fake", 2, 2000, 4000, iso,
                Duration.ofSeconds(1)), recorder)).isInstanceOf(JmkException.class);
        assertThat(calls).containsExactly("remove", "create", "start");
    }

    @Test
    void queriesOnAMissingMachineSaySo() {
        assertThatThrownBy(() -> machines.ip("ghost")).isInstanceOfSatisfying(JmkException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.GUEST_NOT_FOUND));
        assertThatThrownBy(() -> machines.stop("ghost", false)).isInstanceOfSatisfying(JmkException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.GUEST_NOT_FOUND));
        assertThatThrownBy(() -> machines.status("bad/name")).isInstanceOfSatisfying(JmkException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.PROFILE_NAME_INVALID));
    }

    @Test
    void aMissingMachineIsNamedWithTheProfilesThereAre() throws Exception {
        Files.createDirectories(home.resolve("jmk/machines/dev"));
        Files.createDirectories(home.resolve("jmk/machines/test"));
        assertThatThrownBy(() -> machines.ip("ghost")).isInstanceOfSatisfying(JmkException.class, e -> {
            assertThat(e.getMessage()).isEqualTo("machine \"ghost\" does not exist (profiles: dev, test)");
            assertThat(e.advice()).isEqualTo("Check the profile name (-p), or create it with 'jminikube start -p ghost'.");
        });
    }

    @Test
    void sshNeedsARunningMachine() {
        MachineConfigFile.write(home.resolve("jmk/machines/dev/config.yaml"),
                MachineConfig.fromSpec(MachineSpec.defaults("dev", iso), "fake").withCreated(true));
        assertThatThrownBy(() -> machines.sshAccess("dev")).isInstanceOfSatisfying(JmkException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.GUEST_NOT_RUNNING));
    }

    @Test
    void purgeRemovesTheWholeHome() throws Exception {
        Files.createDirectories(home.resolve("jmk/cache"));
        MachineConfigFile.write(home.resolve("jmk/machines/a/config.yaml"),
                MachineConfig.fromSpec(MachineSpec.defaults("a", iso), "fake").withCreated(true));
        machines.deleteAll(false);
        assertThat(home.resolve("jmk/machines/a")).doesNotExist();
        assertThat(home.resolve("jmk/cache")).exists();
        machines.deleteAll(true);
        assertThat(home.resolve("jmk")).doesNotExist();
    }

    @Test
    void sshArgvForTheSystemClient() {
        SshAccess access = new SshAccess(new SshEndpoint("127.0.0.1", 40022, "root", Path.of("/k/id_ed25519")));
        assertThat(access.sshArgv(true, List.of())).containsExactly("ssh", "-i", "/k/id_ed25519", "-p", "40022",
                "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR",
                "-o", "IdentitiesOnly=yes", "-t", "root@127.0.0.1");
    }
}
