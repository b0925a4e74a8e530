package dev.jminikube.drivers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.jminikube.core.Environment;
import dev.jminikube.core.HostOs;
import dev.jminikube.core.JmkException;
import dev.jminikube.core.OwnerOnly;
import dev.jminikube.core.Reason;
import dev.jminikube.core.exec.CommandRunner;
import dev.jminikube.core.exec.RecordingCommandRunner;
import dev.jminikube.core.exec.RunOptions;
import dev.jminikube.core.exec.SshEndpoint;
import dev.jminikube.core.steps.StepFailedException;
import dev.jminikube.core.steps.StepListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The facade's bookkeeping with a fake driver (no VM): create failures, status, delete, purge. */
class MachineManagerTest {
    @TempDir
    Path home;
    Path iso;
    MachineManager machines;
    Environment env;
    HostResources host;
    final List<String> calls = new ArrayList<>();
    final List<String> steps = new ArrayList<>();
    RuntimeException failOnStart;
    boolean running;
    final RecordingCommandRunner node = new RecordingCommandRunner();

    /** Records calls; "runs" once started; its files are the config the manager wrote plus a disk. */
    final class FakeDriver implements Driver {
        final MachinePaths paths;

        FakeDriver(MachineContext ctx) {
            paths = ctx.paths();
        }

        public String name() {
            return "fake";
        }

        public DriverHealth preCreateCheck() {
            return DriverHealth.ok();
        }

        public void create() {
            calls.add("create");
            MachineConfig c = MachineConfigFile.read(paths.config()).orElseThrow();
            MachineConfigFile.write(paths.config(), c.withPort(new PortForward("ssh", 40022, 22)).withCreated(true));
        }

        public void start() {
            calls.add("start");
            if (failOnStart != null) {
                throw failOnStart;
            }
        }

        public void stop(Duration grace) {
            calls.add("stop");
        }

        public void kill() {
            calls.add("kill");
        }

        public void remove() {
            calls.add("remove");
            Trees.delete(paths.dir());
        }

        public DriverState state() {
            return !Files.exists(paths.config()) ? DriverState.NONEXISTENT : running ? DriverState.RUNNING
                    : DriverState.STOPPED;
        }

        public SshEndpoint sshEndpoint() {
            return new SshEndpoint("127.0.0.1", 40022, "root", paths.privateKey(), paths.hostKeyPin());
        }

        public String ip() {
            return "10.0.2.15";
        }

        public List<PortForward> portForwards() {
            return List.of();
        }

        public PortForward addPortForward(int guestPort) {
            throw new UnsupportedOperationException();
        }

        public void removePortForward(int hostPort) {
            throw new UnsupportedOperationException();
        }

        public String logTails(int lines) {
            return "";
        }

        @Override
        public CommandRunner guestRunner() {
            return node;
        }
    }

    @BeforeEach
    void setUp() throws Exception {
        iso = Files.createFile(home.resolve("node.iso"));
        env = new Environment(home.resolve("jmk"), home.resolve("kubeconfig"), HostOs.LINUX, "amd64", Map.of());
        DriverRegistry registry = new DriverRegistry(Duration.ofSeconds(1)).register(new DriverDefinition("fake",
                Set.of(HostOs.LINUX), DriverPriority.DEFAULT, e -> DriverHealth.ok(), FakeDriver::new, null));
        host = new HostResources() {
            public int cpus() {
                return 2;
            }

            public long totalMemoryMb() {
                return 4000;
            }

            public long availableMemoryMb() {
                return 4000;
            }
        };
        machines = new MachineManager(env, registry, host, line -> { });
    }

    private final StepListener recorder = new StepListener() {
        public void started(String title) {
            steps.add("+" + title);
        }

        public void finished(String title, Duration took) {
            steps.add("ok " + title);
        }

        public void failed(String title, Duration took, Exception cause) {
            steps.add("FAILED " + title);
        }
    };

    /** -v 1 on every verb: runners from the manager and from its Machine handles tell each command first. */
    @Test
    void showingNodeCommandsReportsEachCommandOfEveryRunnerIntoTheNode() {
        MachineConfigFile.write(home.resolve("jmk/machines/dev/config.yaml"),
                MachineConfig.fromSpec(MachineSpec.defaults("dev", iso), "fake").withCreated(true));
        running = true;
        List<String> shown = new ArrayList<>();
        MachineManager verbose = machines.showingNodeCommands(shown::add);
        try (CommandRunner guest = verbose.guestRunner("dev")) {
            guest.run(List.of("systemctl", "is-active", "jmk-kubelet"), RunOptions.DEFAULTS);
        }
        try (CommandRunner guest = verbose.machine("dev").guestRunner()) {
            guest.write("x".getBytes(java.nio.charset.StandardCharsets.UTF_8), "/tmp/a b", 0644);
        }
        try (CommandRunner quiet = machines.guestRunner("dev")) {
            quiet.run(List.of("true"), RunOptions.DEFAULTS);
        }
        assertThat(shown).containsExactly("systemctl is-active jmk-kubelet", "write 1 bytes to /tmp/a b (mode 0644)");
        assertThat(node.calls()).hasSize(3);
    }

    @Test
    void resourceProblemsStopBeforeAnythingIsCreated() {
        MachineSpec tooBig = new MachineSpec("dev", null, 2, 9000, 20000, iso, Duration.ofSeconds(1));
        assertThatThrownBy(() -> machines.start(tooBig, recorder))
                .isInstanceOfSatisfying(StepFailedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.RESOURCE_MEMORY);
                    assertThat(e.step()).isEqualTo("Checking host resources");
                });
        assertThat(steps).containsExactly("+Choosing the driver", "ok Choosing the driver", "+Checking host resources",
                "FAILED Checking host resources");
        assertThat(machines.status("dev").host()).isEqualTo(DriverState.NONEXISTENT);
        assertThat(calls).isEmpty();
    }

    @Test
    void aFailedBootLeavesAMachineThatDeleteRemoves() {
        failOnStart = new JmkException(Reason.DRIVER_FAILED, "qemu exploded");
        MachineSpec spec = MachineSpec.defaults("dev", iso);
        assertThatThrownBy(() -> machines.start(new MachineSpec("dev", "fake", 2, 2000, 4000, iso,
                Duration.ofSeconds(1)), recorder)).hasMessageContaining("Booting the VM").hasMessageContaining("qemu exploded");
        assertThat(machines.profiles()).containsExactly("dev");
        assertThat(machines.status("dev")).isEqualTo(MachineStatus.ofHost("dev", "fake", DriverState.STOPPED));
        machines.delete("dev");
        assertThat(machines.profiles()).isEmpty();
        assertThat(calls).containsExactly("create", "start", "remove");
        machines.delete("dev"); // idempotent
        assertThat(spec.cpus()).isEqualTo(MachineSpec.DEFAULT_CPUS);
    }

    @Test
    void aHalfCreatedMachineIsRemovedAndCreatedAgain() {
        MachineConfigFile.write(home.resolve("jmk/machines/dev/config.yaml"),
                MachineConfig.fromSpec(MachineSpec.defaults("dev", iso), "fake"));
        failOnStart = new JmkException(Reason.DRIVER_FAILED, "stop here");
        assertThatThrownBy(() -> machines.start(new MachineSpec("dev", "fake", 2, 2000, 4000, iso,
                Duration.ofSeconds(1)), recorder)).isInstanceOf(JmkException.class);
        assertThat(calls).containsExactly("remove", "create", "start");
    }

    /** A start killed while the VM booted left it running; the next start waits for its SSH before going on. */
    @Test
    void anAlreadyRunningMachineIsWaitedForUntilItAnswers() {
        MachineConfigFile.write(home.resolve("jmk/machines/dev/config.yaml"),
                MachineConfig.fromSpec(MachineSpec.defaults("dev", iso), "fake").withCreated(true));
        running = true;
        // Nothing listens on the fake's SSH port: the wait must run, and fail, instead of reporting "already running".
        assertThatThrownBy(() -> machines.start(new MachineSpec("dev", "fake", 2, 2000, 4000, iso,
                Duration.ofSeconds(1)), recorder)).isInstanceOf(JmkException.class);
        assertThat(steps).containsExactly("+Waiting for SSH", "FAILED Waiting for SSH");
        assertThat(calls).doesNotContain("start", "create");
    }

    @Test
    void queriesOnAMissingMachineSaySo() {
        assertThatThrownBy(() -> machines.ip("ghost")).isInstanceOfSatisfying(JmkException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.GUEST_NOT_FOUND));
        assertThatThrownBy(() -> machines.stop("ghost", false)).isInstanceOfSatisfying(JmkException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.GUEST_NOT_FOUND));
        assertThatThrownBy(() -> machines.status("bad/name")).isInstanceOfSatisfying(JmkException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.PROFILE_NAME_INVALID));
    }

    @Test
    void aMissingMachineIsNamedWithTheProfilesThereAre() throws Exception {
        Files.createDirectories(home.resolve("jmk/machines/dev"));
        Files.createDirectories(home.resolve("jmk/machines/test"));
        assertThatThrownBy(() -> machines.ip("ghost")).isInstanceOfSatisfying(JmkException.class, e -> {
            assertThat(e.getMessage()).isEqualTo("machine \"ghost\" does not exist (profiles: dev, test)");
            assertThat(e.advice()).isEqualTo("Check the profile name (-p), or create it with 'jminikube start -p ghost'.");
        });
    }

    @Test
    void sshNeedsARunningMachine() {
        MachineConfigFile.write(home.resolve("jmk/machines/dev/config.yaml"),
                MachineConfig.fromSpec(MachineSpec.defaults("dev", iso), "fake").withCreated(true));
        assertThatThrownBy(() -> machines.sshAccess("dev")).isInstanceOfSatisfying(JmkException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.GUEST_NOT_RUNNING));
    }

    private void machine(String profile) {
        MachineConfigFile.write(home.resolve("jmk/machines/" + profile + "/config.yaml"),
                MachineConfig.fromSpec(MachineSpec.defaults(profile, iso), "fake").withCreated(true));
    }

    @Test
    void purgeOfAHomeWithOnlyJminikubesFilesRemovesIt() throws Exception {
        Files.createDirectories(home.resolve("jmk/cache/iso"));
        Files.createDirectories(home.resolve("jmk/logs"));
        machine("a");
        machines.deleteAll();
        assertThat(home.resolve("jmk/machines/a")).doesNotExist();
        assertThat(home.resolve("jmk/cache")).exists();
        assertThat(machines.purge()).isEqualTo(new MachineManager.Purge(true, List.of()));
        assertThat(home.resolve("jmk")).doesNotExist();
    }

    /** JMINIKUBE_HOME=$HOME/somewhere that holds the user's own files: they stay, and so does the directory. */
    @Test
    void purgeDeletesOnlyWhatJminikubeMakesAndSaysWhatItLeft() throws Exception {
        Path jmk = home.resolve("jmk");
        Files.createDirectories(jmk.resolve("cache/kubernetes"));
        Files.createDirectories(jmk.resolve("logs"));
        Files.writeString(jmk.resolve("logs/build.log"), "log");
        machine("a");
        Files.writeString(jmk.resolve("notes.txt"), "mine");
        Files.createDirectories(jmk.resolve("photos"));
        Files.writeString(jmk.resolve("photos/cat.jpg"), "meow");
        Files.writeString(jmk.resolve(".bashrc"), "export X=1");
        MachineManager.Purge purge = machines.purge();
        assertThat(purge.homeRemoved()).isFalse();
        assertThat(purge.leftOver()).containsExactly(".bashrc", "notes.txt", "photos");
        assertThat(jmk.resolve("notes.txt")).hasContent("mine");
        assertThat(jmk.resolve("photos/cat.jpg")).hasContent("meow");
        assertThat(jmk.resolve(".bashrc")).exists();
        for (String own : Environment.HOME_ENTRIES) {
            assertThat(jmk.resolve(own)).as(own).doesNotExist();
        }
    }

    @Test
    void purgeKeepsAHomeThatIsASymbolicLink() throws Exception {
        Path target = Files.createDirectories(home.resolve("elsewhere"));
        Files.createDirectories(target.resolve("cache"));
        Files.createSymbolicLink(home.resolve("jmk"), target);
        machine("a");
        MachineManager.Purge purge = machines.purge();
        assertThat(purge).isEqualTo(new MachineManager.Purge(false, List.of()));
        assertThat(home.resolve("jmk")).isSymbolicLink();
        assertThat(target).isEmptyDirectory();
    }

    @Test
    void deleteOfAMissingProfileTouchesNothingAndSaysSo() {
        assertThat(machines.delete("nothere")).isEqualTo(MachineManager.DeleteOutcome.DID_NOT_EXIST);
        assertThat(home.resolve("jmk")).as("not even a lock file").doesNotExist();
        assertThatThrownBy(() -> machines.stop("nothere", true)).isInstanceOfSatisfying(JmkException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.GUEST_NOT_FOUND));
        assertThatThrownBy(() -> machines.addPortForward("nothere", 30080)).isInstanceOf(JmkException.class);
        assertThat(home.resolve("jmk")).doesNotExist();
        machine("there");
        assertThat(machines.delete("there")).isEqualTo(MachineManager.DeleteOutcome.DELETED);
        assertThat(home.resolve("jmk/locks/nothere.lock")).doesNotExist();
    }

    /** What a full disk does to the lock file: its pid cannot be written, or the file cannot even be created. */
    final class FullDisk implements ProfileLock.LockFiles {
        boolean noRoomForNewFiles;

        @Override
        public java.nio.channels.FileChannel open(Path file) throws java.io.IOException {
            if (noRoomForNewFiles && !Files.exists(file)) {
                throw new java.nio.file.FileSystemException(file.toString(), null, "No space left on device");
            }
            return ProfileLock.LockFiles.HOST.open(file);
        }

        @Override
        public void recordHolder(java.nio.channels.FileChannel channel) throws java.io.IOException {
            throw new java.io.IOException("No space left on device");
        }
    }

    private MachineManager onFullDisk(FullDisk disk, List<String> notices) {
        DriverRegistry registry = new DriverRegistry(Duration.ofSeconds(1)).register(new DriverDefinition("fake",
                Set.of(HostOs.LINUX), DriverPriority.DEFAULT, e -> DriverHealth.ok(), FakeDriver::new, null));
        return new MachineManager(env, registry, host, notices::add, disk);
    }

    @Test
    void aLockFileThatCannotTakeThePidStillLocks() {
        machine("dev");
        List<String> notices = new ArrayList<>();
        FullDisk disk = new FullDisk();
        assertThat(onFullDisk(disk, notices).stop("dev", true)).isEqualTo(MachineManager.StopOutcome.NOT_RUNNING);
        assertThat(home.resolve("jmk/locks/dev.lock")).exists().isEmptyFile();
        assertThat(onFullDisk(disk, notices).delete("dev")).isEqualTo(MachineManager.DeleteOutcome.DELETED);
        assertThat(notices).isEmpty();
    }

    @Test
    void anExistingMachineIsDeletedEvenWhenItsLockFileCannotBeCreated() {
        machine("dev");
        List<String> notices = new ArrayList<>();
        FullDisk disk = new FullDisk();
        disk.noRoomForNewFiles = true;
        MachineManager full = onFullDisk(disk, notices);
        assertThatThrownBy(() -> full.stop("dev", true)).isInstanceOfSatisfying(JmkException.class, e -> {
            assertThat(e.reason()).isEqualTo(Reason.RESOURCE_DISK_FULL);
            assertThat(e.getMessage()).contains("dev.lock").contains("the disk is full");
        });
        assertThat(full.delete("dev")).isEqualTo(MachineManager.DeleteOutcome.DELETED);
        assertThat(calls).containsExactly("remove");
        assertThat(home.resolve("jmk/machines/dev")).doesNotExist();
        assertThat(notices).singleElement().asString().contains("disk is full").contains("deleting without it");
    }

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void aNewMachineIsTheUsersOnly() throws Exception {
        assumeThat(OwnerOnly.isPosix(home)).as("POSIX file modes").isTrue();
        failOnStart = new JmkException(Reason.DRIVER_FAILED, "stop after create");
        assertThatThrownBy(() -> machines.start(new MachineSpec("dev", "fake", 2, 2000, 4000, iso,
                Duration.ofSeconds(1)), recorder)).isInstanceOf(JmkException.class);
        for (String dir : List.of("jmk", "jmk/locks", "jmk/machines", "jmk/machines/dev")) {
            assertThat(mode(home.resolve(dir))).as(dir).isEqualTo("rwx------");
        }
    }

    /** What an older jminikube left (0755 directories, a 0644 disk and key) is tightened by the next command on it. */
    @Test
    void looserModesAreTightenedWhenTheMachineIsNextTouched() throws Exception {
        assumeThat(OwnerOnly.isPosix(home)).as("POSIX file modes").isTrue();
        machine("old");
        Path dir = home.resolve("jmk/machines/old");
        Files.writeString(dir.resolve("disk.qcow2"), "etcd and the CA key");
        Files.writeString(dir.resolve("id_ed25519"), "key");
        Files.writeString(dir.resolve("console.log"), "boot");
        for (Path p : List.of(home.resolve("jmk"), home.resolve("jmk/machines"), dir)) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        for (String f : List.of("disk.qcow2", "id_ed25519", "console.log")) {
            Files.setPosixFilePermissions(dir.resolve(f), PosixFilePermissions.fromString("rw-r--r--"));
        }
        machines.stop("old", true);
        for (Path p : List.of(home.resolve("jmk"), home.resolve("jmk/machines"), dir)) {
            assertThat(mode(p)).as(p.toString()).isEqualTo("rwx------");
        }
        assertThat(mode(dir.resolve("disk.qcow2"))).isEqualTo("rw-------");
        assertThat(mode(dir.resolve("id_ed25519"))).isEqualTo("rw-------");
        assertThat(mode(dir.resolve("console.log"))).as("not a secret; its directory is private").isEqualTo("rw-r--r--");
    }

    /** JMINIKUBE_HOME=$HOME/somewhere (or $HOME): the user's directory keeps its mode; jminikube's parts in it do not. */
    @Test
    void aHomeThatHoldsTheUsersOwnFilesKeepsItsMode() throws Exception {
        assumeThat(OwnerOnly.isPosix(home)).as("POSIX file modes").isTrue();
        machine("dev");
        Files.writeString(home.resolve("jmk/.profile"), "the user's");
        for (Path p : List.of(home.resolve("jmk"), home.resolve("jmk/machines"))) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        machines.stop("dev", true);
        assertThat(mode(home.resolve("jmk"))).isEqualTo("rwxr-xr-x");
        assertThat(mode(home.resolve("jmk/machines"))).isEqualTo("rwx------");
        assertThat(mode(home.resolve("jmk/locks"))).isEqualTo("rwx------");
    }

    @Test
    void sshArgvForTheSystemClientPinsOnFirstContact() {
        MachinePaths paths = MachinePaths.of(home.resolve("jmk/machines"), "Dev");
        SshAccess access = new SshAccess(new SshEndpoint("127.0.0.1", 40022, "root", paths.privateKey(),
                paths.hostKeyPin()));

        assertThat(access.sshArgv(true, List.of())).containsExactly("ssh", "-i", paths.privateKey().toString(),
                "-p", "40022", "-o", "HostKeyAlias=dev", "-o", "UserKnownHostsFile=" + paths.knownHosts(),
                "-o", "StrictHostKeyChecking=accept-new", "-o", "HashKnownHosts=no", "-o", "CheckHostIP=no",
                "-o", "LogLevel=ERROR", "-o", "IdentitiesOnly=yes", "-t", "root@127.0.0.1");
    }

    @Test
    void sshArgvForTheSystemClientChecksStrictlyOncePinned() throws Exception {
        MachinePaths paths = MachinePaths.of(home.resolve("jmk/machines"), "dev");
        Files.createDirectories(paths.dir());
        Files.writeString(paths.knownHosts(), "dev ssh-ed25519 "
                + "AAAAC3NzaC1lZDI1NTE5AAAAIP+w56G239mtS6bhjftj6kdRRavSw+tnO5mtXCrK4t7u\n");
        SshAccess access = new SshAccess(new SshEndpoint("10.0.0.7", 22, "root", paths.privateKey(),
                paths.hostKeyPin()));

        assertThat(access.sshArgv(false, List.of("journalctl", "-u", "kubelet"))).containsExactly("ssh",
                "-i", paths.privateKey().toString(), "-p", "22", "-o", "HostKeyAlias=dev",
                "-o", "UserKnownHostsFile=" + paths.knownHosts(), "-o", "StrictHostKeyChecking=yes",
                "-o", "HashKnownHosts=no", "-o", "CheckHostIP=no", "-o", "LogLevel=ERROR", "-o", "IdentitiesOnly=yes",
                "root@10.0.0.7", "journalctl", "-u", "kubelet");
    }

    @Test
    void aNewMachineDoesNotInheritThePinOfAnEarlierOneOfTheSameName() throws Exception {
        // Left by a machine whose directory was not removed completely: its guest's key, not the new guest's.
        Path stalePin = home.resolve("jmk/machines/dev/known_hosts");
        Files.createDirectories(stalePin.getParent());
        Files.writeString(stalePin, "dev ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIP+w56G239mtS6bhjftj6kdRRavSw+tnO5mtXCrK4t7u\n");
        failOnStart = new JmkException(Reason.DRIVER_FAILED, "stop after create");

        assertThatThrownBy(() -> machines.start(new MachineSpec("dev", "fake", 2, 2000, 4000, iso,
                Duration.ofSeconds(1)), recorder)).isInstanceOf(JmkException.class);

        assertThat(calls).containsExactly("create", "start");
        assertThat(stalePin).doesNotExist();
    }
}
