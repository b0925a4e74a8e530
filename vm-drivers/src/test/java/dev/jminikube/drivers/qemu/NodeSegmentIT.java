package dev.jminikube.drivers.qemu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.jminikube.core.Environment;
import dev.jminikube.core.exec.CommandResult;
import dev.jminikube.core.exec.CommandRunner;
import dev.jminikube.core.exec.RunOptions;
import dev.jminikube.core.steps.StepListener;
import dev.jminikube.drivers.MachineManager;
import dev.jminikube.drivers.MachineSpec;
import dev.jminikube.drivers.NodeSegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Multi-node's node network (issue 18) on two real VMs, without Kubernetes: the control plane's QEMU hubs the
 * segment, a worker's QEMU connects to its socket, and the guests reach each other at their fixed addresses; a
 * worker that stops and boots again reconnects (the hub listens again). Not in CI's run (two boots under TCG);
 * {@code scripts/e2e-all} runs it.
 */
@Tag("extended")
class NodeSegmentIT {
    @TempDir
    Path home;

    private MachineManager machines;

    @AfterEach
    void tearDown() {
        if (machines != null) {
            machines.deleteAll();
        }
    }

    @Test
    void twoVmsReachEachOtherOnTheSegmentAndAWorkerRebootReconnects() throws Exception {
        Map<String, String> vars = new HashMap<>(System.getenv());
        vars.put("JMINIKUBE_HOME", home.toString());
        Environment env = Environment.from(vars, Path.of(System.getProperty("user.home")), System.getProperty("os.name"),
                System.getProperty("os.arch"));
        machines = new MachineManager(env, line -> System.out.println("notice: " + line));
        Path sockets = env.machinesDir().resolve("seg").resolve("node-net");
        Files.createDirectories(sockets);
        NodeSegment hub = NodeSegment.hub(1, sockets);
        NodeSegment worker = NodeSegment.worker(2, sockets);
        hub.checkSocketPaths();

        machines.start(spec("seg").withSegment(hub), StepListener.SILENT);
        String workerName = NodeSegment.nodeName("seg", 2);
        machines.start(spec(workerName).withSegment(worker), StepListener.SILENT);

        try (CommandRunner a = machines.guestRunner("seg"); CommandRunner b = machines.guestRunner(workerName)) {
            configure(a, hub);
            configure(b, worker);
            assertPings(a, worker.address());
            assertPings(b, hub.address());
        }

        assertThat(machines.stop(workerName, true)).isEqualTo(MachineManager.StopOutcome.POWERED_OFF);
        machines.start(spec(workerName).withSegment(worker), StepListener.SILENT);
        try (CommandRunner b = machines.guestRunner(workerName)) {
            configure(b, worker);
            assertPings(b, hub.address());
        }
    }

    private static MachineSpec spec(String name) {
        String iso = System.getProperty("jminikube.iso");
        if (iso == null || !Files.isRegularFile(Path.of(iso))) {
            return fail("no node image: pass -Djminikube.iso=/path/to/node.iso (scripts/test builds one)");
        }
        return new MachineSpec(name, "qemu", 1, 1800, 8000, Path.of(iso), Duration.ofMinutes(8));
    }

    /** The address on the NIC with the segment's MAC, as the node's start will set it. */
    private static void configure(CommandRunner node, NodeSegment segment) {
        String script = "for d in /sys/class/net/*; do if [ \"$(cat $d/address)\" = " + segment.mac()
                + " ]; then dev=${d##*/}; fi; done; if [ -z \"$dev\" ]; then ip -o link >&2; exit 3; fi; "
                + "ip link set \"$dev\" up && ip addr replace " + segment.address() + "/" + NodeSegment.PREFIX_LENGTH
                + " dev \"$dev\"";
        CommandResult r = node.run(List.of("sh", "-c", script), RunOptions.DEFAULTS);
        assertThat(r.exitCode()).as("the segment's address on the NIC with MAC " + segment.mac() + ": " + r.stdout()
                + r.stderr()).isZero();
    }

    private static void assertPings(CommandRunner from, String address) {
        CommandResult ping = from.run(List.of("ping", "-c", "3", "-W", "5", address),
                RunOptions.DEFAULTS.withTimeout(Duration.ofSeconds(60)));
        assertThat(ping.exitCode()).as("ping " + address + ": " + ping.stdout() + ping.stderr()).isZero();
    }
}
