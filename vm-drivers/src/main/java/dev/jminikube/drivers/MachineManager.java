package dev.jminikube.drivers;

import dev.jminikube.core.Environment;
import dev.jminikube.core.JmkException;
import dev.jminikube.core.OwnerOnly;
import dev.jminikube.core.Reason;
import dev.jminikube.core.exec.CommandResult;
import dev.jminikube.core.exec.CommandRunner;
import dev.jminikube.core.exec.LoggingCommandRunner;
import dev.jminikube.core.exec.RunOptions;
import dev.jminikube.core.exec.SshCommandRunner;
import dev.jminikube.core.exec.SshEndpoint;
import dev.jminikube.core.steps.Step;
import dev.jminikube.core.steps.StepListener;
import dev.jminikube.core.steps.StepSequence;
import dev.jminikube.drivers.wait.SshReady;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The machine layer as the CLI sees it: start, stop, delete, status, SSH. Every command that changes a
 * machine holds its profile lock; every failure is a {@link JmkException} with a reason.
 */
public final class MachineManager {
    public static final Duration LOCK_WAIT = Duration.ofSeconds(3);
    public static final Duration STOP_GRACE = Duration.ofSeconds(90);

    private final Environment env;
    private final DriverRegistry registry;
    private final ResourceCheck resources;
    private final Consumer<String> notices;
    private final ProfileLock.LockFiles lockFiles;
    /** What every runner in a node goes through before the caller gets it (identity, or -v's command log). */
    private final UnaryOperator<CommandRunner> guestView;

    /**
     * @param notices receives one-line warnings and remarks for the user (slow emulation, reassigned ports...)
     */
    public MachineManager(Environment env, DriverRegistry registry, HostResources host, Consumer<String> notices) {
        this(env, registry, host, notices, ProfileLock.LockFiles.HOST);
    }

    /** @param lockFiles how profile lock files are made (tests put a full disk in) */
    MachineManager(Environment env, DriverRegistry registry, HostResources host, Consumer<String> notices,
                   ProfileLock.LockFiles lockFiles) {
        this(env, registry, new ResourceCheck(host), notices, lockFiles, UnaryOperator.identity());
    }

    private MachineManager(Environment env, DriverRegistry registry, ResourceCheck resources, Consumer<String> notices,
                           ProfileLock.LockFiles lockFiles, UnaryOperator<CommandRunner> guestView) {
        this.env = env;
        this.registry = registry;
        this.resources = resources;
        this.notices = notices;
        this.lockFiles = lockFiles;
        this.guestView = guestView;
    }

    /**
     * This manager, whose runners in a node (from {@link #guestRunner} and every {@link Machine}) first tell
     * {@code lines} each command they run, one shell-quoted line: what {@code -v 1} shows for every verb.
     */
    public MachineManager showingNodeCommands(Consumer<String> lines) {
        return new MachineManager(env, registry, resources, notices, lockFiles,
                runner -> new LoggingCommandRunner(runner, lines));
    }

    public MachineManager(Environment env, Consumer<String> notices) {
        this(env, DriverRegistry.builtin(), new SystemHostResources(), notices);
    }

    // ---- start -------------------------------------------------------------------------------------

    /**
     * Creates the machine if absent, boots it, waits for SSH. A stopped machine boots again with its disk;
     * a running one is left alone. A failure part-way leaves a machine that {@link #delete} removes and
     * that the next start recreates.
     */
    public StartResult start(MachineSpec spec, StepListener listener) {
        String profile = ProfileName.validate(spec.profile());
        try (ProfileLock lock = lock(profile)) {
            MachinePaths paths = paths(profile);
            Optional<MachineConfig> existing = MachineConfigFile.read(paths.config());
            if (existing.isPresent() && !existing.get().created()) {
                notices.accept("A previous start of \"" + profile + "\" did not finish creating the machine; "
                        + "removing what it left and creating it again.");
                driver(existing.get().driver(), paths).remove();
                existing = Optional.empty();
            }
            if (existing.isEmpty()) {
                StartContext ctx = new StartContext(spec, paths);
                createSteps(ctx).run(ctx, listener);
                return new StartResult(StartResult.Outcome.CREATED, sshOrNull(ctx.driver), handle(ctx));
            }
            MachineConfig config = existing.get();
            warnAboutIgnoredFlags(spec, config);
            StartContext ctx = new StartContext(spec, paths);
            ctx.definition = registry.lookup(config.driver());
            ctx.driver = ctx.definition.factory().create(context(paths));
            DriverState state = ctx.driver.state();
            if (state == DriverState.RUNNING) {
                notices.accept("Machine \"" + profile + "\" is already running.");
                // A start killed while the VM booted leaves it running but perhaps not answering yet: wait for it as
                // a boot does (at once when it answers), or the next step fails on a guest that is still booting.
                new StepSequence<>(List.of(waitForGuest(ctx))).run(ctx, listener);
                return new StartResult(StartResult.Outcome.ALREADY_RUNNING, sshOrNull(ctx.driver), handle(ctx));
            }
            if (state == DriverState.SUSPENDED) {
                requireSameSize(spec, config);
                resumeSteps(config, ctx).run(ctx, listener);
                return new StartResult(ctx.resumed ? StartResult.Outcome.RESUMED : StartResult.Outcome.RESTARTED,
                        sshOrNull(ctx.driver), handle(ctx));
            }
            if (state == DriverState.ERROR) {
                notices.accept("Machine \"" + profile + "\" is in an error state; forcing it off and booting it again.");
                ctx.driver.kill();
            }
            restartSteps(config, ctx).run(ctx, listener);
            return new StartResult(StartResult.Outcome.RESTARTED, sshOrNull(ctx.driver), handle(ctx));
        }
    }

    /** The handle of the machine a start brought up, with its config as the start left it (ports, accelerator). */
    private Machine handle(StartContext ctx) {
        MachineConfig config = MachineConfigFile.read(ctx.paths.config()).orElseThrow();
        return new Machine(config, ctx.driver, () -> lock(config.profile()), guestView);
    }

    /** Shared by the start steps. */
    private static final class StartContext {
        final MachineSpec spec;
        final MachinePaths paths;
        DriverDefinition definition;
        Driver driver;
        boolean resumed;

        StartContext(MachineSpec spec, MachinePaths paths) {
            this.spec = spec;
            this.paths = paths;
        }
    }

    private StepSequence<StartContext> createSteps(StartContext ctx) {
        return new StepSequence<>(List.of(
                step("Choosing the driver", c -> {
                    c.definition = registry.choose(c.spec.driver(), env);
                    c.driver = c.definition.factory().create(context(c.paths));
                    requireHealthy(c.driver);
                }),
                step("Checking host resources", c -> resources.check(c.spec)),
                step("Creating the machine (SSH key, data disk, ports)", c -> {
                    MachineConfigFile.write(c.paths.config(), MachineConfig.fromSpec(c.spec, c.definition.name()));
                    // A new disk makes new host keys at first boot; a pin left by an earlier machine of this name
                    // would refuse them.
                    Files.deleteIfExists(c.paths.knownHosts());
                    c.driver.create();
                }),
                step("Booting the VM", c -> c.driver.start()),
                waitForGuest(ctx)));
    }

    private StepSequence<StartContext> restartSteps(MachineConfig config, StartContext ctx) {
        return new StepSequence<>(List.of(
                checkDriver(config),
                step("Booting the VM", c -> c.driver.start()),
                waitForGuest(ctx)));
    }

    /** An existing machine's driver is healthy and its node image is still there. */
    private static Step<StartContext> checkDriver(MachineConfig config) {
        return step("Checking the " + config.driver() + " driver", c -> {
            requireHealthy(c.driver);
            ResourceCheck.checkIso(new MachineSpec(config.profile(), config.driver(), config.cpus(),
                    config.memoryMb(), config.diskSizeMb(), config.iso(), c.spec.sshTimeout()));
        });
    }

    private StepSequence<StartContext> resumeSteps(MachineConfig config, StartContext ctx) {
        return new StepSequence<>(List.of(
                checkDriver(config),
                step("Resuming the VM from its saved state", c -> c.resumed = c.driver.resume() == ResumeOutcome.RESUMED),
                waitForGuest(ctx),
                new Step<StartContext>() {
                    @Override
                    public String title() {
                        return "Setting the guest's clock from the host";
                    }

                    @Override
                    public void execute(StartContext c) {
                        // A cold boot took the time from the (host-backed) RTC; only a resumed guest is behind.
                        if (c.resumed && c.driver.hasSsh()) {
                            try (CommandRunner guest = c.driver.guestRunner()) {
                                GuestClock.Result r = new GuestClock(guest, java.time.Clock.systemUTC()).set();
                                notices.accept("The guest's clock was " + r.wasBehind().toSeconds()
                                        + " s behind; set from the host (round trip " + r.roundTrip().toMillis() + " ms).");
                            } catch (RuntimeException e) {
                                // The guest runs; a clock left behind is worth a warning, not a failed start.
                                notices.accept("Could not set the guest's clock from the host (" + e.getMessage()
                                        + "); it is behind by the time it was suspended.");
                            }
                        }
                    }
                }));
    }

    /**
     * A saved state holds the guest's CPUs and memory as they were; resuming it with others is impossible. Typed
     * flags only reach here differing from the machine's (the CLI fills untyped ones from the machine).
     */
    private static void requireSameSize(MachineSpec spec, MachineConfig config) {
        List<String> changed = new ArrayList<>();
        if (spec.cpus() != config.cpus()) {
            changed.add("--cpus " + spec.cpus() + " (it has " + config.cpus() + ")");
        }
        if (spec.memoryMb() != config.memoryMb()) {
            changed.add("--memory " + spec.memoryMb() + "mb (it has " + config.memoryMb() + "mb)");
        }
        if (spec.diskSizeMb() != config.diskSizeMb()) {
            changed.add("--disk-size " + spec.diskSizeMb() + "mb (it has " + config.diskSizeMb() + "mb)");
        }
        if (!changed.isEmpty()) {
            throw new JmkException(Reason.GUEST_SUSPENDED, "machine \"" + config.profile() + "\" is suspended; its size "
                    + "cannot change on resume: " + String.join(", ", changed));
        }
    }

    /**
     * Waits for SSH; a driver without SSH (none: the node is this host) has nothing to wait for. The title is
     * read when the step starts, after the first step chose the driver.
     */
    private static Step<StartContext> waitForGuest(StartContext ctx) {
        return new Step<>() {
            @Override
            public String title() {
                return ctx.driver != null && !ctx.driver.hasSsh() ? "Using this host as the node (no SSH)"
                        : "Waiting for SSH";
            }

            @Override
            public void execute(StartContext c) {
                if (c.driver.hasSsh()) {
                    sshReady(c.driver).waitUntilReady(c.spec.sshTimeout());
                }
            }
        };
    }

    private static SshEndpoint sshOrNull(Driver driver) {
        return driver.hasSsh() ? driver.sshEndpoint() : null;
    }

    private static void requireHealthy(Driver driver) {
        DriverHealth h = driver.preCreateCheck();
        if (!h.healthy()) {
            throw new JmkException(h.installed() ? Reason.DRIVER_NOT_HEALTHY : Reason.HOST_TOOL_MISSING,
                    "the " + driver.name() + " driver cannot run: " + h.error(),
                    h.fix() == null ? null : "Fix: " + h.fix(), null, null);
        }
    }

    private void warnAboutIgnoredFlags(MachineSpec spec, MachineConfig config) {
        if (spec.cpus() != config.cpus() || spec.memoryMb() != config.memoryMb()
                || spec.diskSizeMb() != config.diskSizeMb()) {
            notices.accept("Machine \"" + config.profile() + "\" exists with cpus=" + config.cpus() + ", memory="
                    + config.memoryMb() + "mb, disk=" + config.diskSizeMb() + "mb; other values need 'jminikube delete' first.");
        }
    }

    private static SshReady sshReady(Driver driver) {
        SshEndpoint endpoint = driver.sshEndpoint();
        return new SshReady(endpoint.address(), () -> {
            try (SshCommandRunner ssh = new SshCommandRunner(endpoint, Duration.ofSeconds(5))) {
                CommandResult r = ssh.run(List.of("true"), RunOptions.DEFAULTS.withTimeout(Duration.ofSeconds(15)));
                if (!r.succeeded()) {
                    throw new IllegalStateException(ssh.pasteReady(List.of("true")) + " -> exit " + r.exitCode()
                            + " " + r.combinedOutput());
                }
            }
        }, () -> driver.state() == DriverState.RUNNING, () -> driver.logTails(25));
    }

    private static Step<StartContext> step(String title, Step.Body<StartContext> body) {
        return Step.of(title, body);
    }

    /**
     * The driver a new machine would get ({@link DriverRegistry#choose}): lets {@code start} refuse a wrong
     * or unusable --driver before it spends minutes on downloads.
     */
    public DriverDefinition chooseDriver(String requested) {
        return registry.choose(requested, env);
    }

    // ---- stop, delete ------------------------------------------------------------------------------

    /** What {@link #stop} did. */
    public enum StopOutcome {
        /** The guest's state was saved; the next start resumes it. */
        SUSPENDED,
        /** The guest was shut down (ACPI, then forced after {@link #STOP_GRACE}). */
        POWERED_OFF,
        /** It was suspended already (a power-off was not asked for). */
        ALREADY_SUSPENDED,
        /** It was not running. */
        NOT_RUNNING
    }

    /** True when {@link #stop} without power-off would suspend this machine rather than shut it down. */
    public boolean wouldSuspend(String profile) {
        Driver driver = existingDriver(ProfileName.validate(profile));
        return driver.canSuspend() && driver.state() == DriverState.RUNNING;
    }

    /**
     * Stops the machine: by default a running guest is suspended when its driver can (its state saved, the VM
     * ended), otherwise, or with {@code powerOff}, shut down. A power-off of a suspended machine discards its saved
     * state, as pulling the plug would lose what was in memory.
     */
    public StopOutcome stop(String profile, boolean powerOff) {
        try (ProfileLock lock = lockExisting(profile)) {
            Driver driver = existingDriver(profile);
            DriverState state = driver.state();
            if (state == DriverState.SUSPENDED) {
                if (!powerOff) {
                    return StopOutcome.ALREADY_SUSPENDED;
                }
                driver.discardSuspendedState();
                driver.stop(STOP_GRACE);
                return StopOutcome.POWERED_OFF;
            }
            if (state == DriverState.RUNNING && !powerOff && driver.canSuspend()) {
                driver.suspend();
                return StopOutcome.SUSPENDED;
            }
            driver.stop(STOP_GRACE);
            return state == DriverState.STOPPED ? StopOutcome.NOT_RUNNING : StopOutcome.POWERED_OFF;
        }
    }

    /** What {@link #delete} found. */
    public enum DeleteOutcome {
        /** The machine (or what a failed start left of it) was removed. */
        DELETED,
        /** There was no machine directory: nothing was touched, no lock file made. */
        DID_NOT_EXIST
    }

    /**
     * Kills the VM and removes the machine's files. Deleting a machine that does not exist is not an error; it
     * touches nothing, not even the profile's lock file. When the disk is too full for the lock file to be created,
     * an existing machine is deleted without it: a lock file that cannot be created does not exist, so no other
     * command holds or can take the profile's lock until there is space (they fail the same way), and deleting is
     * what frees the space.
     */
    public DeleteOutcome delete(String profile) {
        MachinePaths paths = paths(ProfileName.validate(profile));
        // Unlocked on purpose: a start that holds the lock and has not made the directory yet is then simply ordered
        // after this delete, as if it had come later.
        if (!Files.exists(paths.dir(), LinkOption.NOFOLLOW_LINKS)) {
            return DeleteOutcome.DID_NOT_EXIST;
        }
        try (ProfileLock lock = lockUnlessDiskFull(profile)) {
            Optional<MachineConfig> config = readQuietly(paths);
            if (config.isPresent() && registry.find(config.get().driver()).isPresent()) {
                driver(config.get().driver(), paths).remove();
            } else {
                // Unreadable or driverless leftovers: every driver of this OS cleans up what it would have made;
                // one that cannot (its tool answers oddly) must not stop the others or the delete.
                for (DriverDefinition d : registry.applicable(env)) {
                    try {
                        d.factory().create(context(paths)).remove();
                    } catch (JmkException e) {
                        notices.accept("The " + d.name() + " driver could not clean up after \"" + profile + "\": "
                                + e.getMessage());
                    }
                }
            }
            Trees.delete(paths.dir());
        }
        return DeleteOutcome.DELETED;
    }

    /** The profile's lock, or null (no lock) when the disk is too full to create its file; see {@link #delete}. */
    private ProfileLock lockUnlessDiskFull(String profile) {
        try {
            return lock(profile);
        } catch (JmkException e) {
            if (e.reason() != Reason.RESOURCE_DISK_FULL) {
                throw e;
            }
            notices.accept("The disk is full, so the lock file of \"" + profile + "\" cannot be created; deleting "
                    + "without it (no other command can lock the profile until there is space).");
            return null;
        }
    }

    /** Deletes every machine, the workers of multi-node profiles among them. */
    public void deleteAll() {
        for (String machine : machineNames(dir -> true)) {
            delete(machine);
        }
    }

    /** Every machine of {@code profile}'s cluster: node 1's (the profile's own) first, then its workers'. */
    public List<String> nodeMachines(String profile) {
        List<String> nodes = new java.util.ArrayList<>(List.of(ProfileName.validate(profile)));
        nodes.addAll(workerMachines(profile));
        return nodes;
    }

    /**
     * The machines of {@code profile}'s workers (issue 18): {@code <profile>-m02} ... {@code <profile>-m99} whose config
     * names a worker's place on the node network. A profile that merely has such a name is not one of them.
     */
    public List<String> workerMachines(String profile) {
        java.util.regex.Pattern worker = java.util.regex.Pattern.compile(
                java.util.regex.Pattern.quote(ProfileName.validate(profile)) + "-m\\d\\d");
        return machineNames(dir -> worker.matcher(dir.getFileName().toString()).matches() && isWorkerMachine(dir));
    }

    /**
     * What {@link #purge} did with JMINIKUBE_HOME.
     *
     * @param homeRemoved true when JMINIKUBE_HOME itself is gone
     * @param leftOver    what it still holds that jminikube did not make (sorted names); empty when it is gone
     */
    public record Purge(boolean homeRemoved, List<String> leftOver) {
        public Purge {
            leftOver = List.copyOf(leftOver);
        }
    }

    /**
     * Deletes every machine, then what else jminikube keeps in JMINIKUBE_HOME ({@link Environment#HOME_ENTRIES}:
     * caches, locks, logs), then JMINIKUBE_HOME itself if that left it empty. JMINIKUBE_HOME may point at a
     * directory that holds other things (the user's own files): those stay, and so does the directory. A home that
     * is a symbolic link keeps the link (its target loses jminikube's entries).
     */
    public Purge purge() {
        deleteAll();
        Path home = env.home();
        for (String entry : Environment.HOME_ENTRIES) {
            Trees.delete(home.resolve(entry));
        }
        if (!Files.exists(home, LinkOption.NOFOLLOW_LINKS)) {
            return new Purge(true, List.of());
        }
        if (Files.isDirectory(home, LinkOption.NOFOLLOW_LINKS)) {
            try {
                Files.delete(home); // only succeeds when empty: never deletes what it holds
                return new Purge(true, List.of());
            } catch (DirectoryNotEmptyException e) {
                // Other files: listed below.
            } catch (IOException e) {
                throw new JmkException(Reason.HOST_HOME_NOT_WRITABLE, "cannot delete " + home + ": " + e.getMessage(), e);
            }
        }
        if (!Files.isDirectory(home)) {
            return new Purge(false, List.of()); // not a directory at all: nothing of ours can be in it
        }
        try (Stream<Path> list = Files.list(home)) {
            return new Purge(false, list.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList()));
        } catch (IOException e) {
            throw new JmkException(Reason.HOST_HOME_NOT_WRITABLE, "cannot list " + home + ": " + e.getMessage(), e);
        }
    }

    // ---- queries -----------------------------------------------------------------------------------

    /**
     * Profiles that have a machine directory, sorted. A worker's machine ({@code <profile>-m02}, issue 18) is a node of
     * its profile, not a profile: its config names its place on the node network, and it is left out.
     */
    public List<String> profiles() {
        return machineNames(p -> !isWorkerMachine(p));
    }

    /** The names of the machine directories {@code include} accepts, sorted. */
    private List<String> machineNames(java.util.function.Predicate<Path> include) {
        Path dir = env.machinesDir();
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(Files::isDirectory).filter(include).map(p -> p.getFileName().toString())
                    .sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new JmkException(Reason.HOST_HOME_NOT_WRITABLE, "cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    private static boolean isWorkerMachine(Path machineDir) {
        Optional<MachineConfig> config = readQuietly(MachinePaths.of(machineDir.getParent(),
                machineDir.getFileName().toString()));
        return config.isPresent() && config.get().segment() != null && !config.get().segment().isHub();
    }

    public MachineStatus status(String profile) {
        ProfileName.validate(profile);
        MachinePaths paths = paths(profile);
        Optional<MachineConfig> config = MachineConfigFile.read(paths.config());
        if (config.isEmpty()) {
            return MachineStatus.ofHost(profile, null, DriverState.NONEXISTENT);
        }
        return MachineStatus.ofHost(profile, config.get().driver(), driver(config.get().driver(), paths).state());
    }

    /** The handle of a running machine ({@link Reason#GUEST_NOT_RUNNING} or {@code GUEST_NOT_FOUND} otherwise). */
    public Machine machine(String profile) {
        Driver driver = runningDriver(profile);
        MachineConfig config = MachineConfigFile.read(paths(profile).config()).orElseThrow(() -> notFound(profile));
        return new Machine(config, driver, () -> lockExisting(profile), guestView);
    }

    /** The node's IP as the guest sees it (for Kubernetes); only bridged drivers' hosts connect to it. */
    public String ip(String profile) {
        return runningDriver(profile).ip();
    }

    /** A runner for commands in the guest (SSH, or this host for none); the caller closes it. */
    public CommandRunner guestRunner(String profile) {
        return guestView.apply(runningDriver(profile).guestRunner());
    }

    /** False when the profile's driver has no SSH (none: the node is this host). */
    public boolean hasSsh(String profile) {
        return existingDriver(ProfileName.validate(profile)).hasSsh();
    }

    /**
     * Where this host reaches {@code guestPort} of a running machine (see {@link Driver#hostEndpoint}); a NAT
     * driver adds and persists a forward the first time, so this holds the profile lock.
     */
    public HostEndpoint hostEndpoint(String profile, int guestPort) {
        try (ProfileLock lock = lockExisting(profile)) {
            return runningDriver(profile).hostEndpoint(guestPort);
        }
    }

    /**
     * The private key this host logs into the profile's machine with (minikube's {@code ssh-key}); the machine need
     * not be running. A none machine is this host and has no key ({@link Reason#USAGE}, as its {@code ssh}); a key
     * file that is gone is {@link Reason#STATE_FILE_CORRUPT}, as no SSH login works without it.
     */
    public Path sshPrivateKey(String profile) {
        if (!existingDriver(ProfileName.validate(profile)).hasSsh()) {
            throw new JmkException(Reason.USAGE, "the none driver runs on this host; profile \"" + profile
                    + "\" has no SSH key", "Run commands on this host directly (as root).", null, null);
        }
        Path key = paths(profile).privateKey();
        if (!Files.isRegularFile(key)) {
            throw new JmkException(Reason.STATE_FILE_CORRUPT, "the SSH key of profile \"" + profile + "\" is missing: "
                    + key, "Recreate the machine: 'jminikube delete -p " + profile + "', then 'jminikube start -p "
                    + profile + "'.", null, null);
        }
        return key;
    }

    /** Endpoint and key, for the CLI to exec the system ssh client with a terminal. */
    public SshAccess sshAccess(String profile) {
        return new SshAccess(runningDriver(profile).sshEndpoint());
    }

    public List<PortForward> portForwards(String profile) {
        return existingDriver(ProfileName.validate(profile)).portForwards();
    }

    /** Forwards a free 127.0.0.1 port to {@code guestPort} (e.g. a NodePort), live and persisted. */
    public PortForward addPortForward(String profile, int guestPort) {
        try (ProfileLock lock = lockExisting(profile)) {
            return existingDriver(profile).addPortForward(guestPort);
        }
    }

    public void removePortForward(String profile, int hostPort) {
        try (ProfileLock lock = lockExisting(profile)) {
            existingDriver(profile).removePortForward(hostPort);
        }
    }

    // ---- helpers -----------------------------------------------------------------------------------

    private Driver runningDriver(String profile) {
        Driver driver = existingDriver(ProfileName.validate(profile));
        DriverState state = driver.state();
        if (state != DriverState.RUNNING) {
            throw new JmkException(Reason.GUEST_NOT_RUNNING, "machine \"" + profile + "\" is " + state.display(),
                    "Start it with 'jminikube start -p " + profile + "'.", null, null);
        }
        return driver;
    }

    private Driver existingDriver(String profile) {
        MachinePaths paths = paths(profile);
        MachineConfig config = MachineConfigFile.read(paths.config()).orElseThrow(() -> notFound(profile));
        return driver(config.driver(), paths);
    }

    /** No machine for {@code profile}: names the profiles there are, as no command lists them. */
    private JmkException notFound(String profile) {
        List<String> existing = profiles();
        return new JmkException(Reason.GUEST_NOT_FOUND, "machine \"" + profile + "\" does not exist ("
                + (existing.isEmpty() ? "there are no profiles" : "profiles: " + String.join(", ", existing)) + ")",
                "Check the profile name (-p), or create it with 'jminikube start -p " + profile + "'.", null, null);
    }

    private Driver driver(String name, MachinePaths paths) {
        return registry.lookup(name).factory().create(context(paths));
    }

    private MachineContext context(MachinePaths paths) {
        return new MachineContext(env, paths, notices);
    }

    private MachinePaths paths(String profile) {
        return MachinePaths.of(env.machinesDir(), profile);
    }

    /**
     * Takes the profile's lock, creating JMINIKUBE_HOME and its locks directory (0700) if missing, then takes group
     * and others' access from what an older jminikube made looser (see {@link #keepPrivate}): every command that
     * changes a machine passes here.
     */
    private ProfileLock lock(String profile) {
        ProfileLock lock = ProfileLock.acquire(env.locksDir(), profile, LOCK_WAIT, lockFiles);
        keepPrivate(paths(profile));
        return lock;
    }

    private static boolean holdsOnlyJminikubesEntries(Path home) throws IOException {
        try (Stream<Path> list = Files.list(home)) {
            return list.allMatch(p -> Environment.HOME_ENTRIES.contains(p.getFileName().toString()));
        }
    }

    /**
     * The lock of a profile whose machine directory exists; {@link Reason#GUEST_NOT_FOUND} otherwise, before any
     * lock file is made for a profile that is not there.
     */
    private ProfileLock lockExisting(String profile) {
        if (!Files.isDirectory(paths(ProfileName.validate(profile)).dir())) {
            throw notFound(profile);
        }
        return lock(profile);
    }

    /**
     * JMINIKUBE_HOME itself is tightened only while it holds nothing but jminikube's own entries: pointed at a
     * directory of the user's (even $HOME) it keeps the mode the user gave it, and the private parts are its
     * machines and locks directories. Best effort: a home on a file system that refuses chmod still works, with a
     * notice saying so.
     */
    private void keepPrivate(MachinePaths machine) {
        try {
            if (holdsOnlyJminikubesEntries(env.home())) {
                OwnerOnly.existingDirectory(env.home());
            }
            for (Path dir : List.of(env.locksDir(), env.machinesDir(), machine.dir())) {
                OwnerOnly.existingDirectory(dir);
            }
            for (Path file : machine.privateFiles()) {
                OwnerOnly.file(file);
            }
        } catch (IOException | UncheckedIOException e) {
            notices.accept("Could not make " + env.home() + " readable by this user only: " + e.getMessage());
        }
    }

    /**
     * The settings of an existing machine (empty when there is none). A damaged config.yaml is an error
     * ({@link Reason#STATE_FILE_CORRUPT}): taken for "no machine", it would make start create one over the old.
     */
    public Optional<MachineConfig> existingConfig(String profile) {
        ProfileName.validate(profile);
        return MachineConfigFile.read(paths(profile).config());
    }

    /** For delete: a damaged config.yaml must not stop the machine's removal (every driver then cleans up). */
    private static Optional<MachineConfig> readQuietly(MachinePaths paths) {
        try {
            return MachineConfigFile.read(paths.config());
        } catch (JmkException e) {
            return Optional.empty();
        }
    }
}
