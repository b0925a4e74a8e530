package dev.jminikube.drivers;

import dev.jminikube.core.Environment;
import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import dev.jminikube.core.exec.CommandResult;
import dev.jminikube.core.exec.CommandRunner;
import dev.jminikube.core.exec.RunOptions;
import dev.jminikube.core.exec.SshCommandRunner;
import dev.jminikube.core.exec.SshEndpoint;
import dev.jminikube.core.steps.Step;
import dev.jminikube.core.steps.StepListener;
import dev.jminikube.core.steps.StepSequence;
import dev.jminikube.drivers.wait.SshReady;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
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

    /**
     * @param notices receives one-line warnings and remarks for the user (slow emulation, reassigned ports...)
     */
    public MachineManager(Environment env, DriverRegistry registry, HostResources host, Consumer<String> notices) {
        this.env = env;
        this.registry = registry;
        this.resources = new ResourceCheck(host);
        this.notices = notices;
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
                return new StartResult(StartResult.Outcome.CREATED, sshOrNull(ctx.driver));
            }
            MachineConfig config = existing.get();
            warnAboutIgnoredFlags(spec, config);
            StartContext ctx = new StartContext(spec, paths);
            ctx.definition = registry.lookup(config.driver());
            ctx.driver = ctx.definition.factory().create(context(paths));
            DriverState state = ctx.driver.state();
            if (state == DriverState.RUNNING) {
                notices.accept("Machine \"" + profile + "\" is already running.");
                return new StartResult(StartResult.Outcome.ALREADY_RUNNING, sshOrNull(ctx.driver));
            }
            if (state == DriverState.SUSPENDED) {
                requireSameSize(spec, config);
                resumeSteps(config, ctx).run(ctx, listener);
                return new StartResult(ctx.resumed ? StartResult.Outcome.RESUMED : StartResult.Outcome.RESTARTED,
                        sshOrNull(ctx.driver));
            }
            if (state == DriverState.ERROR) {
                notices.accept("Machine \"" + profile + "\" is in an error state; forcing it off and booting it again.");
                ctx.driver.kill();
            }
            restartSteps(config, ctx).run(ctx, listener);
            return new StartResult(StartResult.Outcome.RESTARTED, sshOrNull(ctx.driver));
        }
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
        ProfileName.validate(profile);
        try (ProfileLock lock = lock(profile)) {
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

    /** Kills the VM and removes the machine's files. Deleting a machine that does not exist is not an error. */
    public void delete(String profile) {
        ProfileName.validate(profile);
        try (ProfileLock lock = lock(profile)) {
            MachinePaths paths = paths(profile);
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
    }

    /** Deletes every machine; with {@code purge}, then the whole JMINIKUBE_HOME (caches included), like minikube's --purge. */
    public void deleteAll(boolean purge) {
        for (String profile : profiles()) {
            delete(profile);
        }
        if (purge) {
            Trees.delete(env.home());
        }
    }

    // ---- queries -----------------------------------------------------------------------------------

    /** Profiles that have a machine directory, sorted. */
    public List<String> profiles() {
        Path dir = env.machinesDir();
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted()
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw new JmkException(Reason.HOST_HOME_NOT_WRITABLE, "cannot list " + dir + ": " + e.getMessage(), e);
        }
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

    /** The node's IP as the guest sees it (for Kubernetes); only bridged drivers' hosts connect to it. */
    public String ip(String profile) {
        return runningDriver(profile).ip();
    }

    /** A runner for commands in the guest (SSH, or this host for none); the caller closes it. */
    public CommandRunner guestRunner(String profile) {
        return runningDriver(profile).guestRunner();
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
        try (ProfileLock lock = lock(ProfileName.validate(profile))) {
            return runningDriver(profile).hostEndpoint(guestPort);
        }
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
        try (ProfileLock lock = lock(ProfileName.validate(profile))) {
            return existingDriver(profile).addPortForward(guestPort);
        }
    }

    public void removePortForward(String profile, int hostPort) {
        try (ProfileLock lock = lock(ProfileName.validate(profile))) {
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

    private ProfileLock lock(String profile) {
        return ProfileLock.acquire(env.home().resolve("locks"), profile, LOCK_WAIT);
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
