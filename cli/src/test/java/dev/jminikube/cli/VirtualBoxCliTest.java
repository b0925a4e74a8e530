package dev.jminikube.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jminikube.drivers.virtualbox.fake.FakeVBoxInstall;
import dev.jminikube.drivers.virtualbox.fake.FakeVBoxManage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The whole VM lifecycle through the CLI with --driver=virtualbox, against the fake VirtualBox installed on
 * the PATH (a VBoxManage script running the fake; each call a fresh process, as with the real tool). The
 * fake's VM is a process that serves SSH on the forwarded port with the key from the disk's seed, so start
 * waits for a real SSH login and 'jminikube ssh' runs the system ssh client against it.
 */
class VirtualBoxCliTest {
    private Path home;
    private Path vboxHome;
    private FakeVBoxManage vbox;
    private CliHarness cli;
    private Path iso;

    @BeforeEach
    void setUp() throws IOException {
        // A short path: keep clear of socket path limits, as the driver contract does.
        home = Files.createTempDirectory(Path.of("/tmp"), "jmk-vbox-cli-");
        vboxHome = home.resolve("vbox-user-home");
        vbox = new FakeVBoxManage(vboxHome);
        Path bin = FakeVBoxInstall.writeLauncher(home.resolve("bin"));
        iso = FakeVBoxManage.writeIso(home.resolve("node.iso"));
        cli = new CliHarness(home.resolve("jmk"), Map.of("PATH", bin + ":/usr/bin:/bin",
                "VBOX_USER_HOME", vboxHome.toString()), true);
    }

    @AfterEach
    void cleanUp() throws IOException {
        vbox.killAllGuests();
        try (Stream<Path> walk = Files.walk(home)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void startStatusIpSshStopStartDelete() throws IOException {
        CliHarness.Run started = cli.run("start", "-p", "vb", "--driver=virtualbox", "--no-kubernetes",
                "--iso-url", iso.toString(), "--memory=2048mb", "--disk-size=4g");
        assertThat(started.code()).as(started.err()).isZero();
        assertThat(started.out()).contains("Waiting for SSH").contains("Done! The \"vb\" VM is up (no Kubernetes)");
        Path machine = home.resolve("jmk/machines/vb");
        assertThat(Files.readString(machine.resolve("config.yaml"))).contains("driver: \"virtualbox\"");
        assertThat(vbox.inventory().vms()).singleElement().asString().startsWith("jmk-vb {").endsWith("running");

        CliHarness.Run status = cli.run("status", "-p", "vb");
        assertThat(status.code()).isZero();
        assertThat(status.out()).contains("host: Running");
        CliHarness.Run ip = cli.run("ip", "-p", "vb");
        assertThat(ip.code()).isZero();
        assertThat(ip.out().strip()).isEqualTo("10.0.2.15");

        // The system ssh client against the fake guest: the command runs in the guest's files.
        assertThat(cli.run("ssh", "-p", "vb", "--", "sh", "-c", "'echo from-the-cli > marker'").code()).isZero();
        assertThat(guestFile("marker")).hasContent("from-the-cli");
        assertThat(cli.run("ssh", "-p", "vb", "--", "sh", "-c", "'exit 3'").code()).as("exit code passed through")
                .isEqualTo(3);

        // stop suspends (savestate), start resumes (startvm of the saved VM).
        assertThat(cli.run("stop", "-p", "vb").code()).isZero();
        CliHarness.Run suspended = cli.run("status", "-p", "vb");
        assertThat(suspended.code()).isEqualTo(StatusCommand.EXIT_HOST_NOT_RUNNING);
        assertThat(suspended.out()).contains("host: Suspended");
        assertThat(vbox.inventory().vms()).singleElement().asString().endsWith("saved");
        assertThat(vbox.inventory().liveGuests()).isEmpty();
        CliHarness.Run resumed = cli.run("start", "-p", "vb", "--no-kubernetes");
        assertThat(resumed.code()).as(resumed.err()).isZero();
        assertThat(resumed.out()).contains("Resuming the VM from its saved state");
        assertThat(cli.run("status", "-p", "vb").code()).isZero();

        // stop --power-off shuts it down; the next start boots it.
        assertThat(cli.run("stop", "-p", "vb", "--power-off").code()).isZero();
        assertThat(cli.run("status", "-p", "vb").code()).isEqualTo(StatusCommand.EXIT_HOST_NOT_RUNNING);
        assertThat(vbox.inventory().vms()).singleElement().asString().endsWith("poweroff");
        assertThat(vbox.inventory().liveGuests()).isEmpty();

        CliHarness.Run again = cli.run("start", "-p", "vb", "--no-kubernetes");
        assertThat(again.code()).as(again.err()).isZero();
        assertThat(again.out()).contains("Booting the VM");
        assertThat(cli.run("status", "-p", "vb").code()).isZero();
        assertThat(guestFile("marker")).as("the data disk kept the file across the stop").hasContent("from-the-cli");

        assertThat(cli.run("delete", "-p", "vb").code()).isZero();
        assertThat(vbox.inventory().empty()).as("%s", vbox.inventory()).isTrue();
        assertThat(machine).doesNotExist();
        assertThat(iso).as("the user's ISO is not VirtualBox's to delete").exists();
        assertThat(cli.run("status", "-p", "vb").code()).isEqualTo(StatusCommand.EXIT_NONEXISTENT);
    }

    /** A file in the guest's root home, the working directory of its shell. */
    private Path guestFile(String name) throws IOException {
        try (Stream<Path> disks = Files.list(vboxHome.resolve("guest-fs"))) {
            List<Path> all = disks.toList();
            assertThat(all).as("one guest disk").hasSize(1);
            return all.get(0).resolve("root").resolve(name);
        }
    }
}
