package dev.jminikube.drivers.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import dev.jminikube.core.Environment;
import dev.jminikube.core.JmkException;
import dev.jminikube.core.OwnerOnly;
import dev.jminikube.core.exec.CommandResult;
import dev.jminikube.core.exec.RunOptions;
import dev.jminikube.core.exec.SshCommandRunner;
import dev.jminikube.core.exec.SshEndpoint;
import dev.jminikube.drivers.Driver;
import dev.jminikube.drivers.DriverDefinition;
import dev.jminikube.drivers.DriverHealth;
import dev.jminikube.drivers.DriverState;
import dev.jminikube.drivers.HostEndpoint;
import dev.jminikube.drivers.MachineConfig;
import dev.jminikube.drivers.MachineConfigFile;
import dev.jminikube.drivers.MachineContext;
import dev.jminikube.drivers.MachinePaths;
import dev.jminikube.drivers.MachineSpec;
import dev.jminikube.drivers.PortForward;
import dev.jminikube.drivers.ResumeOutcome;
import dev.jminikube.drivers.Trees;
import dev.jminikube.drivers.wait.SshReady;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The one lifecycle every driver must pass, against the real hypervisor (QEMU here) or a faithful fake of
 * its native tool: create, start, Running, SSH endpoint and IP, port forwards, suspend and resume (drivers that
 * {@link Driver#canSuspend}; the others must refuse), stop, Stopped, start again (a new boot), kill, remove,
 * nothing left, remove again. A subclass supplies the driver and says what its hypervisor
 * can do; the hooks let it check what only it can see (the fake's VM registry, the guest over SSH).
 */
public abstract class DriverContract {
    static final String BOOT_ID = "/proc/sys/kernel/random/boot_id";
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");

    protected Path home;
    protected Environment env;
    protected MachinePaths paths;
    protected final List<String> notices = new CopyOnWriteArrayList<>();
    private Driver driver;
    private Optional<String> firstBootId = Optional.empty();
    private String firstPin;

    /** The driver as the registry would know it, its factory wired to the real tool or the fake. */
    protected abstract DriverDefinition definition();

    /** The environment the driver runs in (e.g. with the fake tool's directory first on PATH). */
    protected abstract Environment environment(Path home) throws Exception;

    /** The node image the machine boots (a real ISO for real hypervisors, any file for fakes). */
    protected abstract Path iso() throws Exception;

    /**
     * True when something really answers SSH on {@link Driver#sshEndpoint()} once the machine runs; the
     * contract then logs in and runs {@code true}. Drivers whose guest address is not 127.0.0.1 must
     * return false here: this host sends no traffic to private-range addresses.
     */
    protected abstract boolean answersSsh();

    /** True when the driver forwards host ports to the guest (NAT); false for bridged guests reached by IP. */
    protected abstract boolean forwardsPorts();

    /** How long the hypervisor may take from start() to state Running. */
    protected Duration bootTimeout() {
        return Duration.ofSeconds(30);
    }

    /** How long the guest may take to answer SSH once Running (when {@link #answersSsh()}). */
    protected Duration sshTimeout() {
        return Duration.ofMinutes(6);
    }

    /** Grace for an orderly stop. */
    protected Duration stopGrace() {
        return Duration.ofSeconds(60);
    }

    /** Called once the machine runs, after boot number {@code boot} (1, then 2 after a stop). */
    protected void whileRunning(Driver driver, int boot) throws Exception {
    }

    /** Called after the forward to {@code forward.guestPort()} was added; e.g. check the fake's NAT rules. */
    protected void forwardIsLive(Driver driver, PortForward forward) throws Exception {
    }

    /** Called after the forward was removed. */
    protected void forwardIsGone(Driver driver, PortForward forward) throws Exception {
    }

    /**
     * Something of the running guest that only survives a resume: the kernel's boot id. By default read over SSH
     * ({@code cat /proc/sys/kernel/random/boot_id}) when {@link #answersSsh()}; drivers whose guests the contract
     * cannot reach ask their fake's guest. Empty when nothing can tell.
     */
    protected Optional<String> guestBootId(Driver driver) throws Exception {
        if (!answersSsh()) {
            return Optional.empty();
        }
        try (SshCommandRunner runner = new SshCommandRunner(driver.sshEndpoint(), Duration.ofSeconds(5))) {
            CommandResult r = runner.run(List.of("cat", BOOT_ID), RunOptions.DEFAULTS.withTimeout(Duration.ofSeconds(15)));
            assertThat(r.succeeded()).as("cat %s: %s", BOOT_ID, r.stderr()).isTrue();
            return Optional.of(r.stdout().strip());
        }
    }

    /** Called after remove(): whatever the hypervisor knew of the machine (VMs, disks, processes) is gone. */
    protected abstract void nothingLeft() throws Exception;

    protected MachineSpec spec() throws Exception {
        return new MachineSpec("contract", definition().name(), 2, 2048, 4000, iso(), sshTimeout());
    }

    @BeforeEach
    void createHome() throws Exception {
        // A short path: some drivers keep unix sockets in the machine directory (sun_path is ~104 bytes).
        home = Files.createTempDirectory(Path.of("/tmp"), "jmk-contract-");
        env = environment(home);
        paths = MachinePaths.of(env.machinesDir(), "contract");
    }

    @AfterEach
    void removeEverything() throws Exception {
        if (driver != null) {
            try {
                driver.remove();
            } catch (RuntimeException e) {
                System.out.println("[contract] cleanup: remove failed: " + e);
            }
        }
        Trees.delete(home);
    }

    @Test
    void lifecycle() throws Exception {
        DriverDefinition definition = definition();
        driver = definition.factory().create(new MachineContext(env, paths, notices::add));
        assertThat(driver.name()).isEqualTo(definition.name());
        assertThat(driver.state()).as("state before anything exists").isEqualTo(DriverState.NONEXISTENT);

        DriverHealth health = driver.preCreateCheck();
        assertThat(health.healthy()).as("preCreateCheck: " + health.error()).isTrue();

        MachineConfigFile.write(paths.config(), MachineConfig.fromSpec(spec(), definition.name()));
        driver.create();
        assertThat(MachineConfigFile.read(paths.config()).orElseThrow().created()).as("created once create() returns")
                .isTrue();
        assertThat(driver.state()).as("state after create").isEqualTo(DriverState.STOPPED);
        machineFilesAreTheUsersOnly();

        boot(1);
        if (driver.hasSsh()) {
            SshEndpoint ssh = driver.sshEndpoint();
            assertThat(ssh.port()).isBetween(1, 65535);
            assertThat(ssh.privateKey()).exists();
            assertThat(ssh.hostKeyPin().knownHostsFile()).as("the host key is pinned in the machine's directory")
                    .isEqualTo(paths.knownHosts());
            assertThat(ssh.hostKeyPin().alias()).as("under the machine's name, not its address").isEqualTo("contract");
            if (forwardsPorts()) {
                assertThat(ssh.host()).as("NAT drivers reach SSH through a loopback forward").isEqualTo("127.0.0.1");
            }
        } else {
            assertThatThrownBy(driver::sshEndpoint).as("a driver without SSH says so").isInstanceOf(JmkException.class);
        }
        assertThat(driver.ip()).as("the guest's IP").matches(IPV4);
        HostEndpoint api = driver.hostEndpoint(8443);
        if (forwardsPorts()) {
            assertThat(api).as("NAT drivers reach the API server through its persisted forward").isEqualTo(
                    HostEndpoint.loopback(MachineConfigFile.read(paths.config()).orElseThrow()
                            .port(PortForward.APISERVER).orElseThrow().hostPort()));
        } else if (driver.hasSsh()) {
            assertThat(api).as("bridged drivers reach the guest's own address").isEqualTo(new HostEndpoint(driver.ip(), 8443));
        } else {
            assertThat(api).as("a driver on this host reaches it on loopback").isEqualTo(HostEndpoint.loopback(8443));
        }

        if (!forwardsPorts()) {
            assertThat(driver.portForwards()).as("no forwards without NAT").isEmpty();
            assertThatThrownBy(() -> driver.addPortForward(30080)).as("forwards are NAT-only")
                    .isInstanceOf(JmkException.class);
        }
        if (forwardsPorts()) {
            PortForward forward = driver.addPortForward(30080);
            assertThat(forward.guestPort()).isEqualTo(30080);
            assertThat(driver.portForwards()).contains(forward);
            assertThat(driver.addPortForward(30080)).as("a second add reuses the forward").isEqualTo(forward);
            forwardIsLive(driver, forward);
            driver.removePortForward(forward.hostPort());
            assertThat(driver.portForwards()).doesNotContain(forward);
            forwardIsGone(driver, forward);
        }

        if (driver.canSuspend()) {
            suspendAndResume();
        } else {
            DriverState before = driver.state();
            assertThatThrownBy(driver::suspend).as("a driver that cannot suspend says so").isInstanceOf(JmkException.class);
            assertThat(driver.state()).as("a refused suspend changes nothing").isEqualTo(before);
        }

        driver.stop(stopGrace());
        assertThat(driver.state()).as("state after stop").isEqualTo(DriverState.STOPPED);
        driver.stop(stopGrace()); // stopping a stopped machine is fine

        boot(2);
        driver.kill();
        assertThat(driver.state()).as("state after kill").isEqualTo(DriverState.STOPPED);

        driver.remove();
        assertThat(driver.state()).as("state after remove").isEqualTo(DriverState.NONEXISTENT);
        assertThat(paths.dir()).as("machine directory after remove").doesNotExist();
        nothingLeft();
        driver.remove(); // idempotent
    }

    /**
     * The machine directory and what in it holds secrets (the SSH key, the disk images, where the guest keeps the
     * cluster's CA key and etcd) are the user's only, whatever the umask and whatever tool made the disk.
     */
    private void machineFilesAreTheUsersOnly() throws Exception {
        if (!OwnerOnly.isPosix(paths.dir())) {
            return;
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(paths.dir())))
                .as("mode of the machine directory").isEqualTo("rwx------");
        for (Path file : paths.privateFiles()) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).as("mode of %s", file)
                    .isEqualTo("rw-------");
        }
    }

    /**
     * One suspend and one resume of the running machine (cheap enough for slow emulation): Suspended in between,
     * then Running with SSH answering and the same boot id, so the guest continued rather than rebooted.
     */
    private void suspendAndResume() throws Exception {
        String before = firstBootId.orElseThrow(() -> new AssertionError(
                "a driver that can suspend must show whether its guest rebooted (guestBootId)"));
        long t0 = System.nanoTime();
        driver.suspend();
        assertThat(driver.state()).as("state after suspend").isEqualTo(DriverState.SUSPENDED);
        long t1 = System.nanoTime();
        assertThat(driver.resume()).as("resume of a good saved state").isEqualTo(ResumeOutcome.RESUMED);
        awaitState(DriverState.RUNNING, bootTimeout());
        awaitSsh();
        assertThat(guestBootId(driver)).as("the resumed guest did not reboot").hasValue(before);
        System.out.printf("[contract] %s suspend: %.1f s, resume to %s: %.1f s%n", driver.name(), (t1 - t0) / 1e9,
                answersSsh() ? "SSH" : "Running", (System.nanoTime() - t1) / 1e9);
    }

    private void boot(int number) throws Exception {
        long t0 = System.nanoTime();
        driver.start();
        awaitState(DriverState.RUNNING, bootTimeout());
        awaitSsh();
        if (answersSsh()) {
            // Every connection checks the pin, so reaching SSH again after a stop means the guest kept its key.
            String pinned = Files.readString(paths.knownHosts());
            if (number == 1) {
                firstPin = pinned;
            } else {
                assertThat(pinned).as("the host key pinned at first contact, unchanged by boot " + number)
                        .isEqualTo(firstPin);
            }
        }
        Optional<String> bootId = guestBootId(driver);
        if (number == 1) {
            firstBootId = bootId;
        } else if (firstBootId.isPresent()) {
            assertThat(bootId).as("a start after a stop is a new boot").isPresent().get().isNotEqualTo(firstBootId.get());
        }
        System.out.printf("[contract] %s boot %d to %s: %.1f s%n", driver.name(), number,
                answersSsh() ? "SSH" : "Running", (System.nanoTime() - t0) / 1e9);
        whileRunning(driver, number);
    }

    private void awaitSsh() throws Exception {
        if (answersSsh()) {
            SshEndpoint endpoint = driver.sshEndpoint();
            new SshReady(endpoint.address(), () -> {
                try (SshCommandRunner runner = new SshCommandRunner(endpoint, Duration.ofSeconds(5))) {
                    CommandResult r = runner.run(List.of("true"), RunOptions.DEFAULTS.withTimeout(Duration.ofSeconds(15)));
                    if (!r.succeeded()) {
                        throw new IllegalStateException("true exited " + r.exitCode());
                    }
                }
            }, () -> driver.state() == DriverState.RUNNING, () -> driver.logTails(20)).waitUntilReady(sshTimeout());
        }
    }

    private void awaitState(DriverState wanted, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        DriverState state = driver.state();
        while (state != wanted && System.nanoTime() < deadline) {
            Thread.sleep(200);
            state = driver.state();
        }
        if (state != wanted) {
            fail("state " + state + " after " + timeout.toSeconds() + " s, wanted " + wanted + "\n" + driver.logTails(20));
        }
    }
}
