package dev.jminikube.drivers.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.jminikube.core.Environment;
import dev.jminikube.core.exec.RunOptions;
import dev.jminikube.core.exec.SshCommandRunner;
import dev.jminikube.drivers.Driver;
import dev.jminikube.drivers.DriverDefinition;
import dev.jminikube.drivers.LoopbackPortAllocator;
import dev.jminikube.drivers.PortForward;
import dev.jminikube.drivers.qemu.QemuDriver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The driver contract against the real hypervisor: the node image (-Djminikube.iso, which scripts/test
 * passes) booted by QEMU (TCG where KVM does not run guests), with SSH, the data disk kept across a
 * stop, live NodePort forwards, kill and remove.
 */
class QemuDriverContractIT extends DriverContract {
    @Override
    protected DriverDefinition definition() {
        return QemuDriver.definition();
    }

    @Override
    protected Environment environment(Path home) {
        Map<String, String> vars = new HashMap<>(System.getenv());
        vars.put("JMINIKUBE_HOME", home.toString());
        return Environment.from(vars, Path.of(System.getProperty("user.home")), System.getProperty("os.name"),
                System.getProperty("os.arch"));
    }

    @Override
    protected Path iso() {
        String prop = System.getProperty("jminikube.iso");
        if (prop == null || !Files.isRegularFile(Path.of(prop))) {
            return fail("no node image: pass -Djminikube.iso=/path/to/node.iso (scripts/test builds one)");
        }
        return Path.of(prop);
    }

    @Override
    protected boolean answersSsh() {
        return true;
    }

    @Override
    protected boolean forwardsPorts() {
        return true;
    }

    @Override
    protected Duration stopGrace() {
        return Duration.ofSeconds(90);
    }

    @Override
    protected void whileRunning(Driver driver, int boot) throws Exception {
        try (SshCommandRunner ssh = new SshCommandRunner(driver.sshEndpoint())) {
            if (boot == 1) {
                assertThat(waitForActive(ssh, "containerd")).isEqualTo("active");
                ssh.check(List.of("sh", "-c", "echo kept > /var/lib/jminikube-node/it-marker"), RunOptions.DEFAULTS);
            } else {
                assertThat(ssh.check(List.of("cat", "/var/lib/jminikube-node/it-marker"), RunOptions.DEFAULTS).stdout())
                        .as("the data disk survived the stop").isEqualTo("kept\n");
            }
        }
        assertThat(driver.ip()).isEqualTo(QemuDriver.GUEST_IP);
        if (boot == 2) {
            assertThat(notices).as("the first stop was an orderly ACPI power-off").noneMatch(n -> n.contains("forcing it off"));
            aSuspendCutShortIsContinued(driver);
        }
    }

    /**
     * What a 'stop' killed half-way through saving leaves: QEMU alive with the guest paused and a partial stream.
     * The machine counts as Suspended, and resume continues the paused guest (same boot, no reboot) and deletes the
     * partial stream rather than trusting it.
     */
    private void aSuspendCutShortIsContinued(Driver driver) throws Exception {
        String bootId = guestBootId(driver).orElseThrow();
        Path partial = paths.dir().resolve("suspend.state.partial");
        Files.writeString(partial, "the first bytes of a stream whose writer was killed");
        try (dev.jminikube.drivers.qemu.QmpClient qmp = dev.jminikube.drivers.qemu.QmpClient.connect(paths.qmpSocket(),
                Duration.ofSeconds(10))) {
            qmp.execute("stop", null);
        }
        assertThat(driver.state()).as("a paused guest counts as suspended").isEqualTo(dev.jminikube.drivers.DriverState.SUSPENDED);
        assertThat(driver.resume()).isEqualTo(dev.jminikube.drivers.ResumeOutcome.RESUMED);
        assertThat(driver.state()).isEqualTo(dev.jminikube.drivers.DriverState.RUNNING);
        assertThat(partial).as("the partial stream is deleted, not trusted").doesNotExist();
        assertThat(guestBootId(driver)).as("the paused guest was continued, not rebooted").hasValue(bootId);
    }

    @Override
    protected void forwardIsLive(Driver driver, PortForward forward) {
        assertThat(new LoopbackPortAllocator().isFree(forward.hostPort())).as("QEMU listens on the new forward").isFalse();
    }

    @Override
    protected void forwardIsGone(Driver driver, PortForward forward) {
        assertThat(new LoopbackPortAllocator().isFree(forward.hostPort())).as("QEMU closed the forward").isTrue();
    }

    @Override
    protected void nothingLeft() {
        assertThat(ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().orElse("").contains(paths.dir().toString()))).isEmpty();
    }

    /** containerd may still be starting when sshd already answers; give it a minute. */
    private static String waitForActive(SshCommandRunner ssh, String unit) throws InterruptedException {
        String state = "";
        for (int i = 0; i < 60 && !state.equals("active"); i++) {
            state = ssh.run(List.of("systemctl", "is-active", unit)).stdout().strip();
            if (!state.equals("active")) {
                Thread.sleep(1000);
            }
        }
        return state;
    }
}
