package dev.jminikube.drivers.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jminikube.core.Environment;
import dev.jminikube.core.HostOs;
import dev.jminikube.drivers.Driver;
import dev.jminikube.drivers.DriverDefinition;
import dev.jminikube.drivers.vmware.VmwareTesting;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** The driver contract against the fake vmrun and vmware-vdiskmanager: never VMware, never a connection to its IPs. */
class VmwareDriverContractTest extends DriverContract {
    private VmwareTesting.World world;

    @Override
    protected DriverDefinition definition() {
        return world.definition();
    }

    @Override
    protected Environment environment(Path home) {
        world = new VmwareTesting.World(home.resolve("fake-vmware"));
        return new Environment(home, home.resolve("kubeconfig"), HostOs.LINUX, "amd64", Map.of());
    }

    @Override
    protected Path iso() throws Exception {
        return Files.write(home.resolve("node.iso"), new byte[] {1});
    }

    @Override
    protected boolean answersSsh() {
        return false; // 192.168.x from the fake is nobody's; this host sends nothing there
    }

    @Override
    protected boolean forwardsPorts() {
        return false;
    }

    @Override
    protected void whileRunning(Driver driver, int boot) {
        assertThat(driver.ip()).startsWith("192.168.");
        assertThat(driver.sshEndpoint().address()).isEqualTo("root@" + driver.ip() + ":22");
        assertThat(driver.hostEndpoint(8443).port()).isEqualTo(8443);
        assertThat(world.runningVms()).isEqualTo(1);
    }

    @Override
    protected Optional<String> guestBootId(Driver driver) {
        return world.guestBootId(paths.dir().resolve("jminikube.vmx")); // the fake guest's memory: its address is nobody's
    }

    @Override
    protected void nothingLeft() {
        assertThat(world.runningVms()).isZero();
    }
}
