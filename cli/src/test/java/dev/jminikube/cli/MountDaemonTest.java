package dev.jminikube.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jminikube.cluster.mount.MountProcess;
import dev.jminikube.core.Environment;
import dev.jminikube.core.HostOs;
import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import dev.jminikube.drivers.MachinePaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * start --mount's background process: a shell script stands in for 'jminikube mount' (it is given the same
 * arguments and environment), started by the real process launcher.
 */
class MountDaemonTest {
    @TempDir
    Path home;

    private Environment env;
    private MachinePaths paths;

    @BeforeEach
    void setUp() throws Exception {
        env = new Environment(home, home.resolve("kubeconfig"), HostOs.LINUX, "amd64", Map.of());
        paths = MachinePaths.of(env.machinesDir(), "dev");
        Files.createDirectories(paths.dir());
    }

    @AfterEach
    void endWhatWasStarted() {
        MountProcess.end(paths, Duration.ofSeconds(2));
    }

    private MountDaemon daemon(String script, Duration patience) {
        return new MountDaemon(env, MountDaemon.PROCESSES, List.of("sh", "-c", script, "jminikube"), patience);
    }

    @Test
    void startsTheMountInTheBackgroundAndRecordsItUntilStopEndsIt() throws Exception {
        MountDaemon daemon = daemon("echo \"args: $*\"; echo \"home: $JMINIKUBE_HOME\"; "
                + "echo '* Successfully mounted /src to /node (9P on 127.0.0.1:4000)'; exec sleep 60", Duration.ofSeconds(20));

        String line = daemon.start("dev", "/src:/node");

        assertThat(line).isEqualTo("Successfully mounted /src to /node (9P on 127.0.0.1:4000)");
        assertThat(paths.mountLog()).content().contains("args: mount -p dev /src:/node").contains("home: " + home);
        MountProcess recorded = MountProcess.recorded(paths).orElseThrow();
        assertThat(recorded.spec()).isEqualTo("/src:/node");
        assertThat(recorded.live()).as("it runs on after start returns").isPresent();
        assertThat(MountProcess.end(paths, Duration.ofSeconds(5))).isTrue();
    }

    @Test
    void aNewMountEndsTheProfilesEarlierOne() {
        daemon("echo '* Successfully mounted'; exec sleep 60", Duration.ofSeconds(20)).start("dev", "/a:/a");
        ProcessHandle first = MountProcess.recorded(paths).orElseThrow().live().orElseThrow();

        daemon("echo '* Successfully mounted'; exec sleep 60", Duration.ofSeconds(20)).start("dev", "/b:/b");

        assertThat(first.onExit()).succeedsWithin(Duration.ofSeconds(5));
        assertThat(MountProcess.recorded(paths).orElseThrow().spec()).isEqualTo("/b:/b");
    }

    @Test
    void aMountThatFailsIsReportedWithItsOwnReasonAndAdvice() {
        MountDaemon daemon = daemon("echo 'X Exiting due to DRV_UNSUPPORTED_OS: the none driver has no node to mount in' >&2; "
                + "echo '* Advice: Use the host path in the pod.' >&2; exit 56", Duration.ofSeconds(20));

        assertThatThrownBy(() -> daemon.start("dev", "/src:/node")).isInstanceOfSatisfying(JmkException.class, e -> {
            assertThat(e.reason()).isEqualTo(Reason.DRIVER_UNSUPPORTED_OS);
            assertThat(e.getMessage()).isEqualTo("the mount process: the none driver has no node to mount in");
            assertThat(e.advice()).isEqualTo("Use the host path in the pod.");
        });
    }

    @Test
    void aMountThatDiesWithoutSayingWhyNamesItsLog() {
        MountDaemon daemon = daemon("echo 'Error: could not find or load main class'; exit 1", Duration.ofSeconds(20));

        assertThatThrownBy(() -> daemon.start("dev", "/src:/node")).isInstanceOfSatisfying(JmkException.class, e -> {
            assertThat(e.reason()).isEqualTo(Reason.GUEST_MOUNT);
            assertThat(e.getMessage()).contains("exited 1 (Error: could not find or load main class)")
                    .contains(paths.mountLog().toString());
        });
    }

    @Test
    void aMountThatNeverReportsIsEndedAfterThePatience() {
        MountDaemon daemon = daemon("exec sleep 60", Duration.ofSeconds(1));

        assertThatThrownBy(() -> daemon.start("dev", "/src:/node")).isInstanceOfSatisfying(JmkException.class,
                e -> assertThat(e.getMessage()).contains("did not mount /src:/node within 1 s"));
        assertThat(paths.mountPidFile()).as("ended and forgotten").doesNotExist();
    }

    /** The real program, as start runs it: a profile with no machine is the mount process's GUEST_NOT_FOUND. */
    @Test
    void theRealMountCommandRunsInTheBackgroundProcessAndItsFailureComesBack() {
        MountDaemon daemon = new MountDaemon(env, MountDaemon.PROCESSES, MountDaemon.thisJvm(env), Duration.ofSeconds(60));
        assertThatThrownBy(() -> daemon.start("dev", home + ":/src")).isInstanceOfSatisfying(JmkException.class, e -> {
            assertThat(e.reason()).isEqualTo(Reason.GUEST_NOT_FOUND);
            assertThat(e.getMessage()).startsWith("the mount process: ").contains("dev");
        });
        assertThat(paths.mountPidFile()).as("a process that ended leaves no record").doesNotExist();
    }

    @Test
    void thisJvmRunsMainWithThisClassPath() {
        List<String> argv = MountDaemon.thisJvm(env);
        assertThat(argv).containsSubsequence("-cp", System.getProperty("java.class.path"), Main.class.getName());
        assertThat(Path.of(argv.get(argv.indexOf("-cp") - 1))).isExecutable();
    }
}
