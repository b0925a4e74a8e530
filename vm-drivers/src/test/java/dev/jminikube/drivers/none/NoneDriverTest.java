package dev.jminikube.drivers.none;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jminikube.core.Environment;
import dev.jminikube.core.HostOs;
import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import dev.jminikube.drivers.DriverHealth;
import dev.jminikube.drivers.DriverState;
import dev.jminikube.drivers.MachineConfig;
import dev.jminikube.drivers.MachineConfigFile;
import dev.jminikube.drivers.MachineContext;
import dev.jminikube.drivers.MachinePaths;
import dev.jminikube.drivers.MachineSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The none driver's host checks and bookkeeping on a made-up host. */
class NoneDriverTest {
    @TempDir
    Path home;
    final NoneTesting fake = new NoneTesting();
    final List<String> notices = new ArrayList<>();

    private NoneDriver driver(String configDriver) {
        Environment env = new Environment(home, home.resolve("kubeconfig"), HostOs.LINUX, "amd64", Map.of());
        MachinePaths paths = MachinePaths.of(env.machinesDir(), "dev");
        if (configDriver != null) {
            MachineConfigFile.write(paths.config(), MachineConfig.fromSpec(new MachineSpec("dev", configDriver, 2, 2200,
                    4000, home.resolve("node.iso"), Duration.ofMinutes(1), home.resolve("cache")), configDriver));
        }
        return new NoneDriver(new MachineContext(env, paths, notices::add), fake.host());
    }

    @Test
    void aHealthyHost() {
        assertThat(fake.host().check()).isEqualTo(DriverHealth.ok());
    }

    @Test
    void notRoot() {
        fake.runner.whenRun("id", "-u").thenOutput("1000\n");
        DriverHealth h = fake.host().check();
        assertThat(h.healthy()).isFalse();
        assertThat(h.error()).isEqualTo("the none driver must run as root (id -u says 1000)");
        assertThat(h.fix()).startsWith("sudo ");
    }

    @Test
    void notSystemd() {
        fake.files.put("/proc/1/comm", "bash\n");
        DriverHealth h = fake.host().check();
        assertThat(h.healthy()).isFalse();
        assertThat(h.error()).contains("PID 1 is \"bash\", not systemd");
        fake.files.remove("/proc/1/comm");
        assertThat(fake.host().check().error()).contains("\"unknown\"");
    }

    @Test
    void missingToolsAreListedTogether() {
        fake.missingTools.addAll(List.of("conntrack", "socat"));
        DriverHealth h = fake.host().check();
        assertThat(h.installed()).isFalse();
        assertThat(h.error()).isEqualTo("missing on this host: conntrack, socat");
        assertThat(h.fix()).contains("apt-get install");
    }

    @Test
    void notLinux() {
        fake.os = HostOs.MACOS;
        assertThat(fake.host().check().error()).contains("only on Linux");
        assertThat(fake.runner.calls()).as("nothing run on a host it cannot use").isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"'192.168.1.20 172.17.0.1 fe80::1 ' | 192.168.1.20",
        "'fe80::1 169.254.3.4 10.0.5.6' | 10.0.5.6", "'127.0.1.1' | ''", "'' | ''"})
    void primaryAddress(String printed, String expected) {
        assertThat(NoneHost.firstIpv4(printed)).isEqualTo(expected.isEmpty() ? Optional.empty() : Optional.of(expected));
    }

    @Test
    void createWarnsAboutTheHostAndSwapAndRefusesTakenPorts() {
        fake.files.put("/proc/swaps", "Filename\tType\tSize\tUsed\tPriority\n/swapfile file 1048572 0 -2\n");
        NoneDriver d = driver("none");
        d.create();
        assertThat(notices).hasSize(2);
        assertThat(notices.get(0)).contains("runs Kubernetes directly on this host").contains("does not undo everything");
        assertThat(notices.get(1)).contains("Swap is on");
        assertThat(d.state()).isEqualTo(DriverState.STOPPED);
        d.start();
        assertThat(d.state()).isEqualTo(DriverState.RUNNING);

        fake.takenPorts.add(8443);
        assertThatThrownBy(() -> driver("none").create()).isInstanceOfSatisfying(JmkException.class, e -> {
            assertThat(e.reason()).isEqualTo(Reason.NETWORK_PORT_IN_USE);
            assertThat(e.getMessage()).contains("[8443]");
        });
    }

    @Test
    void stopStopsTheUnitsAndSshSaysThereIsNone() {
        NoneDriver d = driver("none");
        d.create();
        d.start();
        d.stop(Duration.ofSeconds(30));
        assertThat(fake.runner.commandsRun()).contains("systemctl stop jmk-kubelet.service jmk-kube-proxy.service "
                + "jmk-kube-scheduler.service jmk-kube-controller-manager.service jmk-kube-apiserver.service jmk-etcd.service");
        assertThat(d.state()).isEqualTo(DriverState.STOPPED);
        assertThatThrownBy(d::sshEndpoint).isInstanceOfSatisfying(JmkException.class,
                e -> assertThat(e.getMessage()).isEqualTo("the none driver runs on this host; no ssh needed"));
    }

    @Test
    void removeTouchesTheHostOnlyForANoneMachine() {
        driver("qemu").remove();
        driver(null).remove();
        assertThat(fake.runner.calls()).as("another driver's or an unreadable machine").isEmpty();
        driver("none").remove();
        assertThat(fake.runner.commandsRun()).last().isEqualTo("systemctl daemon-reload");
        assertThat(notices).last().asString().startsWith("Left on this host: /etc/hosts lines");
    }
}
