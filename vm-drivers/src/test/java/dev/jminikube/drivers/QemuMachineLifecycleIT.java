package dev.jminikube.drivers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.jminikube.core.Environment;
import dev.jminikube.core.exec.CommandResult;
import dev.jminikube.core.exec.RunOptions;
import dev.jminikube.core.exec.SshCommandRunner;
import dev.jminikube.core.steps.StepListener;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Boots the real node image under QEMU (TCG on hosts where KVM does not run guests) through the
 * machine layer: create, SSH, persistence across stop/start, kill -9 recovery, delete.
 * One VM at a time; every QEMU process started here is killed in {@link #cleanUp} whatever happens.
 */
class QemuMachineLifecycleIT {
    private static final String PROFILE = "it-lifecycle";
    private static Path home;
    private static MachineManager machines;
    private static final List<String> notices = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void setUp() throws IOException {
        // A short path: QMP's unix socket lives in the machine directory and sun_path is ~104 bytes.
        home = Files.createTempDirectory(Path.of("/tmp"), "jmk-it-");
        Map<String, String> vars = new HashMap<>(System.getenv());
        vars.put("JMINIKUBE_HOME", home.toString());
        Environment env = Environment.from(vars, Path.of(System.getProperty("user.home")),
                System.getProperty("os.name"), System.getProperty("os.arch"));
        machines = new MachineManager(env, line -> {
            notices.add(line);
            System.out.println("[notice] " + line);
        });
    }

    @AfterAll
    static void cleanUp() {
        Path pidFile = home.resolve("machines").resolve(PROFILE).resolve("qemu.pid");
        try {
            long pid = Long.parseLong(Files.readString(pidFile).strip());
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        } catch (IOException | NumberFormatException e) {
            // No pidfile: no VM left running.
        }
        MachineManager.deleteTree(home);
    }

    static Path iso() {
        String prop = System.getProperty("jminikube.iso");
        if (prop != null && !prop.isBlank()) {
            Path p = Path.of(prop);
            if (!Files.isRegularFile(p)) {
                fail("-Djminikube.iso=" + prop + " does not exist");
            }
            return p;
        }
        return fail("no node image: pass -Djminikube.iso=/path/to/node.iso (scripts/test builds one)");
    }

    @Test
    void lifecycle() throws Exception {
        MachineSpec spec = new MachineSpec(PROFILE, "qemu", 2, 2048, 4000, iso(), Duration.ofMinutes(6));

        long t0 = System.nanoTime();
        StartResult first = machines.start(spec, printing());
        double bootSeconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("[timing] create+boot to SSH-ready: %.1f s%n", bootSeconds);
        assertThat(first.outcome()).isEqualTo(StartResult.Outcome.CREATED);
        assertThat(first.ssh().host()).isEqualTo("127.0.0.1");
        assertThat(machines.status(PROFILE).host()).isEqualTo(DriverState.RUNNING);

        try (SshCommandRunner ssh = machines.sshRunner(PROFILE)) {
            assertThat(waitForActive(ssh, "containerd")).isEqualTo("active");
            ssh.check(List.of("sh", "-c", "echo kept > /var/lib/jminikube-node/it-marker"), RunOptions.DEFAULTS);
        }
        assertThat(machines.ip(PROFILE)).isEqualTo("10.0.2.15");

        // A NodePort-style forward added while running: QEMU listens on the new loopback port at once.
        PortForward nodePort = machines.addPortForward(PROFILE, 30080);
        assertThat(new LoopbackPortAllocator().isFree(nodePort.hostPort())).isFalse();
        machines.removePortForward(PROFILE, nodePort.hostPort());
        assertThat(new LoopbackPortAllocator().isFree(nodePort.hostPort())).isTrue();

        assertThat(machines.start(spec, StepListener.SILENT).outcome()).isEqualTo(StartResult.Outcome.ALREADY_RUNNING);

        long t1 = System.nanoTime();
        assertThat(machines.stop(PROFILE)).isTrue();
        System.out.printf("[timing] stop (ACPI power-off until QEMU exited): %.1f s%n", (System.nanoTime() - t1) / 1e9);
        assertThat(machines.status(PROFILE).host()).isEqualTo(DriverState.STOPPED);
        assertThat(notices).noneMatch(n -> n.contains("forcing it off"));

        long t2 = System.nanoTime();
        StartResult second = machines.start(spec, printing());
        System.out.printf("[timing] restart to SSH-ready: %.1f s%n", (System.nanoTime() - t2) / 1e9);
        assertThat(second.outcome()).isEqualTo(StartResult.Outcome.RESTARTED);
        try (SshCommandRunner ssh = machines.sshRunner(PROFILE)) {
            CommandResult r = ssh.check(List.of("cat", "/var/lib/jminikube-node/it-marker"), RunOptions.DEFAULTS);
            assertThat(r.stdout().strip()).isEqualTo("kept");
        }

        // kill -9 from outside: the stale pidfile and socket must not confuse status...
        Path dir = home.resolve("machines").resolve(PROFILE);
        long pid = Long.parseLong(Files.readString(dir.resolve("qemu.pid"), StandardCharsets.US_ASCII).strip());
        ProcessHandle qemu = ProcessHandle.of(pid).orElseThrow();
        qemu.destroyForcibly();
        qemu.onExit().get();
        assertThat(dir.resolve("qemu.pid")).exists();
        assertThat(machines.status(PROFILE).host()).isEqualTo(DriverState.STOPPED);

        // ...nor start: it boots again over the stale files, with the disk intact.
        long t3 = System.nanoTime();
        assertThat(machines.start(spec, printing()).outcome()).isEqualTo(StartResult.Outcome.RESTARTED);
        System.out.printf("[timing] start after kill -9 to SSH-ready: %.1f s%n", (System.nanoTime() - t3) / 1e9);
        try (SshCommandRunner ssh = machines.sshRunner(PROFILE)) {
            assertThat(ssh.check(List.of("cat", "/var/lib/jminikube-node/it-marker"), RunOptions.DEFAULTS).stdout())
                    .isEqualTo("kept\n");
        }

        // delete of a running machine kills it and leaves nothing behind.
        machines.delete(PROFILE);
        assertThat(dir).doesNotExist();
        assertThat(machines.status(PROFILE).host()).isEqualTo(DriverState.NONEXISTENT);
        assertThat(ProcessHandle.allProcesses().filter(p -> p.info().commandLine().orElse("").contains(dir.toString())))
                .isEmpty();
        machines.delete(PROFILE); // idempotent
    }

    /** containerd may still be starting when sshd already answers; give it a minute. */
    private static String waitForActive(SshCommandRunner ssh, String unit) throws InterruptedException {
        String state = "";
        for (int i = 0; i < 60; i++) {
            state = ssh.run(List.of("systemctl", "is-active", unit)).stdout().strip();
            if (state.equals("active")) {
                break;
            }
            Thread.sleep(1000);
        }
        return state;
    }

    private static StepListener printing() {
        return new StepListener() {
            @Override
            public void started(String title) {
                System.out.println("[step] " + title + " ...");
            }

            @Override
            public void finished(String title, Duration took) {
                System.out.printf("[step] %s done in %.1f s%n", title, took.toMillis() / 1000.0);
            }

            @Override
            public void failed(String title, Duration took, Exception cause) {
                System.out.printf("[step] %s FAILED after %.1f s: %s%n", title, took.toMillis() / 1000.0, cause);
                Optional.ofNullable(cause instanceof dev.jminikube.core.JmkException j ? j.details() : null)
                        .ifPresent(System.out::println);
            }
        };
    }
}
