package dev.jminikube.drivers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jminikube.core.Environment;
import dev.jminikube.core.HostOs;
import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
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

/** stop suspends by default, --power-off shuts down, start resumes a suspended machine or refuses to resize it. */
class MachineManagerSuspendTest {
    @TempDir
    Path home;
    Path iso;
    MachineManager machines;
    final List<String> calls = new ArrayList<>();
    final List<String> notices = new ArrayList<>();
    /** The one fake machine's state, shared by the driver instances the registry makes per call. */
    DriverState state = DriverState.NONEXISTENT;
    boolean suspendable = true;
    ResumeOutcome resumeAnswer = ResumeOutcome.RESUMED;

    /** A guest-less driver (like none: no SSH) whose lifecycle is a field of the test. */
    final class SuspendableDriver implements Driver {
        final MachinePaths paths;

        SuspendableDriver(MachineContext ctx) {
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
            MachineConfigFile.write(paths.config(), c.withCreated(true));
            state = DriverState.STOPPED;
        }

        public void start() {
            calls.add("start");
            state = DriverState.RUNNING;
        }

        public void stop(Duration grace) {
            calls.add("stop");
            if (state != DriverState.NONEXISTENT) {
                state = DriverState.STOPPED;
            }
        }

        public boolean canSuspend() {
            return suspendable;
        }

        public void suspend() {
            calls.add("suspend");
            state = DriverState.SUSPENDED;
        }

        public ResumeOutcome resume() {
            calls.add("resume");
            state = DriverState.RUNNING;
            return resumeAnswer;
        }

        public void discardSuspendedState() {
            calls.add("discard");
            state = DriverState.STOPPED;
        }

        public void kill() {
            calls.add("kill");
        }

        public void remove() {
            calls.add("remove");
            Trees.delete(paths.dir());
            state = DriverState.NONEXISTENT;
        }

        public DriverState state() {
            return state;
        }

        public boolean hasSsh() {
            return false;
        }

        public SshEndpoint sshEndpoint() {
            throw new UnsupportedOperationException();
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

    private static final StepListener QUIET = new StepListener() {
        public void started(String title) {
        }

        public void finished(String title, Duration took) {
        }

        public void failed(String title, Duration took, Exception cause) {
        }
    };

    @BeforeEach
    void setUp() throws Exception {
        iso = Files.createFile(home.resolve("node.iso"));
        Environment env = new Environment(home.resolve("jmk"), home.resolve("kubeconfig"), HostOs.LINUX, "amd64", Map.of());
        DriverRegistry registry = new DriverRegistry(Duration.ofSeconds(1)).register(new DriverDefinition("fake",
                Set.of(HostOs.LINUX), DriverPriority.DEFAULT, e -> DriverHealth.ok(), SuspendableDriver::new, null));
        HostResources host = new HostResources() {
            public int cpus() {
                return 2;
            }

            public long totalMemoryMb() {
                return 8000;
            }

            public long availableMemoryMb() {
                return 8000;
            }
        };
        machines = new MachineManager(env, registry, host, notices::add);
    }

    private MachineSpec spec(int cpus, long memoryMb) {
        return new MachineSpec("dev", "fake", cpus, memoryMb, 4000, iso, Duration.ofSeconds(1));
    }

    private void running() {
        machines.start(spec(2, 2000), QUIET);
        calls.clear();
    }

    @Test
    void stopSuspendsARunningMachineAndStartResumesIt() {
        running();
        assertThat(machines.wouldSuspend("dev")).isTrue();
        assertThat(machines.stop("dev", false)).isEqualTo(MachineManager.StopOutcome.SUSPENDED);
        assertThat(machines.status("dev").host()).isEqualTo(DriverState.SUSPENDED);
        assertThat(machines.stop("dev", false)).isEqualTo(MachineManager.StopOutcome.ALREADY_SUSPENDED);
        StartResult r = machines.start(spec(2, 2000), QUIET);
        assertThat(r.outcome()).isEqualTo(StartResult.Outcome.RESUMED);
        assertThat(calls).containsExactly("suspend", "resume");
    }

    @Test
    void aResumeThatFellBackToAColdBootIsARestart() {
        running();
        machines.stop("dev", false);
        resumeAnswer = ResumeOutcome.BOOTED_COLD;
        assertThat(machines.start(spec(2, 2000), QUIET).outcome()).isEqualTo(StartResult.Outcome.RESTARTED);
    }

    @Test
    void powerOffShutsDownAndDiscardsASavedState() {
        running();
        assertThat(machines.stop("dev", true)).isEqualTo(MachineManager.StopOutcome.POWERED_OFF);
        assertThat(calls).containsExactly("stop");
        machines.start(spec(2, 2000), QUIET);
        machines.stop("dev", false);
        calls.clear();
        assertThat(machines.stop("dev", true)).isEqualTo(MachineManager.StopOutcome.POWERED_OFF);
        assertThat(calls).containsExactly("discard", "stop");
        assertThat(machines.status("dev").host()).isEqualTo(DriverState.STOPPED);
        assertThat(machines.stop("dev", false)).isEqualTo(MachineManager.StopOutcome.NOT_RUNNING);
    }

    @Test
    void aDriverThatCannotSuspendShutsDown() {
        suspendable = false;
        running();
        assertThat(machines.wouldSuspend("dev")).isFalse();
        assertThat(machines.stop("dev", false)).isEqualTo(MachineManager.StopOutcome.POWERED_OFF);
        assertThat(calls).containsExactly("stop");
    }

    @Test
    void aSuspendedMachineCannotBeResized() {
        running();
        machines.stop("dev", false);
        calls.clear();
        assertThatThrownBy(() -> machines.start(spec(4, 2000), QUIET)).isInstanceOfSatisfying(JmkException.class, e -> {
            assertThat(e.reason()).isEqualTo(Reason.GUEST_SUSPENDED);
            assertThat(e.getMessage()).contains("--cpus 4 (it has 2)");
        });
        assertThatThrownBy(() -> machines.start(spec(2, 3000), QUIET)).hasMessageContaining("--memory 3000mb (it has 2000mb)");
        assertThat(calls).isEmpty();
        assertThat(machines.status("dev").host()).isEqualTo(DriverState.SUSPENDED);
    }

    @Test
    void deleteRemovesASuspendedMachine() {
        running();
        machines.stop("dev", false);
        machines.delete("dev");
        assertThat(machines.profiles()).isEmpty();
        assertThat(calls).containsExactly("suspend", "remove");
    }
}
