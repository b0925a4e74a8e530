package dev.jminikube.drivers.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jminikube.core.Environment;
import dev.jminikube.core.HostOs;
import dev.jminikube.drivers.Driver;
import dev.jminikube.drivers.DriverDefinition;
import dev.jminikube.drivers.none.NoneDriver;
import dev.jminikube.drivers.none.NoneTesting;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The contract for the none driver on a made-up host (its commands recorded, never run: this container is
 * no systemd host and its units are not ours to stop). No SSH, no forwards: the node is the host.
 */
class NoneDriverContractTest extends DriverContract {
    private final NoneTesting host = new NoneTesting();

    @Override
    protected DriverDefinition definition() {
        return host.definition();
    }

    @Override
    protected Environment environment(Path home) {
        return new Environment(home, home.resolve("kubeconfig"), HostOs.LINUX, "amd64", Map.of());
    }

    @Override
    protected Path iso() throws Exception {
        return Files.write(home.resolve("node.iso"), new byte[] {1});
    }

    @Override
    protected boolean answersSsh() {
        return false;
    }

    @Override
    protected boolean forwardsPorts() {
        return false;
    }

    @Override
    protected void whileRunning(Driver driver, int boot) {
        assertThat(driver.hasSsh()).isFalse();
        assertThat(driver.hostEndpoint(8443).toString()).isEqualTo("127.0.0.1:8443");
        assertThat(driver.ip()).isEqualTo("192.168.1.20");
        assertThat(driver.guestRunner()).isSameAs(host.runner);
    }

    @Override
    protected void nothingLeft() {
        assertThat(host.runner.commandsRun()).contains("systemctl daemon-reload")
                .anyMatch(c -> c.startsWith("rm -rf /etc/systemd/system/jmk-kubelet.service")
                        && c.endsWith(String.join(" ", NoneDriver.OWN_DIRECTORIES)));
    }
}
