package dev.jminikube.drivers.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jminikube.core.Environment;
import dev.jminikube.core.HostOs;
import dev.jminikube.drivers.Driver;
import dev.jminikube.drivers.DriverDefinition;
import dev.jminikube.drivers.hyperv.HyperVTesting;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** The driver contract against the fake PowerShell/Hyper-V: never a real hypervisor, never a connection to its IPs. */
class HyperVDriverContractTest extends DriverContract {
    private HyperVTesting.World world;

    @Override
    protected DriverDefinition definition() {
        return world.definition();
    }

    @Override
    protected Environment environment(Path home) {
        world = new HyperVTesting.World(home.resolve("fake-hyperv"));
        return new Environment(home, home.resolve("kubeconfig"), HostOs.WINDOWS, "amd64",
                Map.of("JMINIKUBE_HOME", home.toString()));
    }

    @Override
    protected Path iso() throws Exception {
        return Files.write(home.resolve("node.iso"), new byte[] {1});
    }

    @Override
    protected boolean answersSsh() {
        return false; // the fake's 172.25.x addresses are nobody's; this host sends nothing there
    }

    @Override
    protected boolean forwardsPorts() {
        return false;
    }

    @Override
    protected void whileRunning(Driver driver, int boot) {
        assertThat(driver.ip()).startsWith("172.25.");
        assertThat(driver.sshEndpoint().host()).isEqualTo(driver.ip());
        assertThat(driver.sshEndpoint().port()).isEqualTo(22);
        assertThat(driver.hostEndpoint(8443).toString()).isEqualTo(driver.ip() + ":8443");
        assertThat(world.vmStates()).containsEntry("jmk-contract", "Running");
    }

    @Override
    protected Optional<String> guestBootId(Driver driver) {
        return world.guestBootId("jmk-contract"); // the fake guest's memory: this host cannot reach its address
    }

    @Override
    protected void nothingLeft() {
        assertThat(world.vmStates()).isEmpty();
    }
}
