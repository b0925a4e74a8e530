package dev.jminikube.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.jminikube.core.Reason;
import dev.jminikube.drivers.virtualbox.fake.FakeVBoxInstall;
import dev.jminikube.drivers.virtualbox.fake.FakeVBoxManage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * start, ssh, stop, close and reuse through the API against the fake VirtualBox on the PATH (its VM is a process
 * serving SSH on the forwarded port), VM only: what close() deletes and keeps, and that a reused suspended cluster
 * is resumed, without a real VM.
 */
class ClusterLifecycleTest {
    private Path home;
    private Path vboxHome;
    private FakeVBoxManage vbox;
    private Path iso;
    private final List<String> events = new ArrayList<>();

    /** Records every event as one line, so a test can say which steps ran. */
    private final ClusterListener recorder = new ClusterListener() {
        @Override
        public void stepStarted(String step) {
            events.add("started " + step);
        }

        @Override
        public void stepFinished(String step, Duration took) {
            events.add("finished " + step);
        }

        @Override
        public void stepFailed(String step, Duration took, JminikubeException why) {
            events.add("failed " + step + ": " + why.reasonId());
        }

        @Override
        public void note(String line) {
            events.add("note " + line);
        }

        @Override
        public void warning(String line) {
            events.add("warning " + line);
        }
    };

    @BeforeEach
    void setUp() throws IOException {
        // A short path: keep clear of socket path limits, as the driver contract does.
        home = Files.createTempDirectory(Path.of("/tmp"), "jmk-api-");
        vboxHome = home.resolve("vbox-user-home");
        vbox = new FakeVBoxManage(vboxHome);
        iso = FakeVBoxManage.writeIso(home.resolve("node.iso"));
    }

    @AfterEach
    void cleanUp() throws IOException {
        vbox.killAllGuests();
        try (Stream<Path> walk = Files.walk(home)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private ClusterBuilder vm(String profile) throws IOException {
        Path bin = FakeVBoxInstall.writeLauncher(home.resolve("bin"));
        return Jminikube.cluster(profile).jminikubeHome(home.resolve("jmk")).driver("virtualbox")
                .isoUrl(iso.toString()).memory("2048mb").diskSize("4g").listener(recorder)
                .environment(Map.of("PATH", bin + ":/usr/bin:/bin", "VBOX_USER_HOME", vboxHome.toString(),
                        "KUBECONFIG", home.resolve("kubeconfig").toString()))
                .vmOnly();
    }

    private Path machineDir(String profile) {
        return home.resolve("jmk/machines").resolve(profile);
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void aClusterThatIsNotReusedIsDeletedOnClose() throws IOException {
        try (Cluster c = vm("once").start()) {
            assertThat(c.keptOnClose()).isFalse();
            assertThat(machineDir("once")).isDirectory();
            SshResult r = c.ssh("sh", "-c", "echo from-the-api; echo oops >&2; exit 3");
            assertThat(r.exitCode()).isEqualTo(3);
            assertThat(r.stdout()).isEqualTo("from-the-api\n");
            assertThat(r.stderr()).isEqualTo("oops\n");
        }
        assertThat(machineDir("once")).doesNotExist();
        assertThat(vbox.inventory().empty()).as("%s", vbox.inventory()).isTrue();
        // The start's steps reached the listener as they ran.
        assertThat(events).contains("started Waiting for SSH", "finished Waiting for SSH");
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void aReusedClusterOutlivesCloseAndIsResumedWhenSuspended() throws IOException {
        try (Cluster c = vm("kept").reuse(true).start()) {
            assertThat(c.keptOnClose()).isTrue();
            assertThat(c.ssh("sh", "-c", "echo first-run > marker").succeeded()).isTrue();
        }
        assertThat(vbox.inventory().vms()).singleElement().asString().endsWith("running");
        String bootId = vbox.guestBootId("jmk-kept").orElseThrow();

        // Without reuse, an existing profile is refused rather than taken over (its close would delete it).
        JminikubeException refused = catchThrowableOfType(JminikubeException.class, () -> vm("kept").start());
        assertThat(refused.reasonId()).isEqualTo(Reason.USAGE.id());
        assertThat(refused.getMessage()).contains("\"kept\" exists already");
        assertThat(machineDir("kept")).as("a refused start deletes nothing").isDirectory();

        try (Cluster c = vm("kept").reuse(true).start()) {
            c.stop();
            assertThat(vbox.inventory().vms()).singleElement().asString().endsWith("saved");
        }
        events.clear();
        try (Cluster c = vm("kept").reuse(true).start()) {
            assertThat(events).contains("started Resuming the VM from its saved state");
            assertThat(vbox.guestBootId("jmk-kept")).as("resumed, not booted").contains(bootId);
            assertThat(c.ssh("cat", "marker").stdout()).isEqualTo("first-run\n");
            c.delete();
            assertThat(machineDir("kept")).doesNotExist();
            JminikubeException gone = catchThrowableOfType(JminikubeException.class, () -> c.ssh("true"));
            assertThat(gone.reasonId()).isEqualTo(Reason.GUEST_NOT_FOUND.id());
        }
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void aFailedStartOfANewClusterLeavesNothingBehind() throws IOException {
        // The fake VBoxManage refuses to attach a file that is no ISO: the start fails after the machine was made.
        Path notAnIso = Files.writeString(home.resolve("not-an.iso"), "plain text");
        JminikubeException e = catchThrowableOfType(JminikubeException.class,
                () -> vm("broken").isoUrl(notAnIso.toString()).start());
        assertThat(e).isNotNull();
        assertThat(e.getCause()).isNull();
        assertThat(e.reasonId()).isEqualTo(Reason.DRIVER_FAILED.id());
        assertThat(events).as("the machine was being made when the start failed")
                .contains("started Creating the machine (SSH key, data disk, ports)");
        assertThat(machineDir("broken")).as("deleted after the failure: the next run starts afresh").doesNotExist();
        assertThat(vbox.inventory().empty()).as("%s", vbox.inventory()).isTrue();
        assertThat(events).anyMatch(line -> line.startsWith("failed ") && line.endsWith(": " + e.reasonId()));
    }
}
