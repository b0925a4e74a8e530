package dev.jminikube.drivers.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jminikube.core.Environment;
import dev.jminikube.core.HostOs;
import dev.jminikube.core.exec.RunOptions;
import dev.jminikube.core.exec.SshCommandRunner;
import dev.jminikube.drivers.Driver;
import dev.jminikube.drivers.DriverDefinition;
import dev.jminikube.drivers.LoopbackPortAllocator;
import dev.jminikube.drivers.PortForward;
import dev.jminikube.drivers.virtualbox.VirtualBoxDriver;
import dev.jminikube.drivers.virtualbox.fake.FakeVBoxManage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;

/**
 * The driver contract against the fake VirtualBox (no hypervisor): the real driver, its VBoxManage calls
 * answered in-process by {@link FakeVBoxManage}, whose VM is a separate process serving SSH on the
 * forwarded port with the key from the disk's seed. Never run against a real VirtualBox.
 */
class VirtualBoxDriverContractTest extends DriverContract {
    private FakeVBoxManage vbox;
    private Path iso;

    @Override
    protected DriverDefinition definition() {
        return VirtualBoxDriver.definition(environment -> Optional.of(vbox));
    }

    @Override
    protected Environment environment(Path home) {
        vbox = new FakeVBoxManage(home.resolve("vbox-user-home"));
        return new Environment(home, home.resolve("kubeconfig"), HostOs.LINUX, "amd64", Map.of("PATH", "/usr/bin:/bin"));
    }

    @Override
    protected Path iso() throws Exception {
        if (iso == null) {
            iso = FakeVBoxManage.writeIso(home.resolve("images").resolve("node.iso"));
        }
        return iso;
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
    protected Duration sshTimeout() {
        return Duration.ofSeconds(60);
    }

    @Override
    protected void whileRunning(Driver driver, int boot) throws Exception {
        try (SshCommandRunner ssh = new SshCommandRunner(driver.sshEndpoint())) {
            if (boot == 1) {
                ssh.check(List.of("sh", "-c", "echo kept > contract-marker"), RunOptions.DEFAULTS);
            } else {
                assertThat(ssh.check(List.of("cat", "contract-marker"), RunOptions.DEFAULTS).stdout())
                        .as("the guest's disk survived the stop").isEqualTo("kept\n");
            }
        }
        assertThat(driver.ip()).isEqualTo(VirtualBoxDriver.GUEST_IP);
        if (boot == 2) {
            assertThat(notices).as("the first stop was an orderly ACPI power-off").noneMatch(n -> n.contains("forcing it off"));
        }
    }

    @Override
    protected void forwardIsLive(Driver driver, PortForward forward) {
        assertThat(vbox.natRules("jmk-contract")).contains("nodeport-30080,tcp,127.0.0.1," + forward.hostPort() + ",,30080");
        assertThat(eventually(() -> !new LoopbackPortAllocator().isFree(forward.hostPort())))
                .as("the running VM's NAT listens on the new forward").isTrue();
    }

    @Override
    protected void forwardIsGone(Driver driver, PortForward forward) {
        assertThat(vbox.natRules("jmk-contract")).noneMatch(r -> r.startsWith("nodeport-30080,"));
        assertThat(eventually(() -> new LoopbackPortAllocator().isFree(forward.hostPort())))
                .as("the running VM's NAT closed the forward").isTrue();
    }

    @Override
    protected void nothingLeft() throws Exception {
        assertThat(vbox.inventory().empty()).as("the fake VirtualBox still holds %s", vbox.inventory()).isTrue();
        assertThat(iso()).as("the node image is the user's file: unregistervm --delete must not take it").exists();
    }

    @AfterEach
    void killStrayGuests() {
        vbox.killAllGuests();
    }

    /** The guest applies rule changes within a poll (100 ms); allow two seconds. */
    private static boolean eventually(BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }
}
