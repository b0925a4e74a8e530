package dev.jminikube.cluster.mount;

import dev.jminikube.bootstrap.AtomicFile;
import dev.jminikube.drivers.MachinePaths;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The background mount process of a profile ({@code start --mount}), as recorded in {@link MachinePaths#mountPidFile}:
 * its pid and the instant it started, so a pid the system has since given to another process is never signalled.
 * {@code stop} and {@code delete} end it before the VM goes, so it unmounts in the node while the node still answers.
 */
public record MountProcess(long pid, Instant started, String spec) {
    /** How long an ended mount process gets to unmount in the node before it is killed. */
    public static final Duration UNMOUNT_GRACE = Duration.ofSeconds(20);

    /** Records {@code process} (serving {@code spec}) as the profile's mount process, replacing any earlier record. */
    public static MountProcess record(MachinePaths paths, ProcessHandle process, String spec) {
        Instant started = process.info().startInstant().orElse(Instant.EPOCH);
        MountProcess recorded = new MountProcess(process.pid(), started, spec);
        try {
            AtomicFile.write(paths.mountPidFile(), (process.pid() + "\n" + started + "\n" + spec + "\n")
                    .getBytes(StandardCharsets.UTF_8), AtomicFile.OWNER_ONLY);
        } catch (IOException e) {
            throw new UncheckedIOException("recording the mount process in " + paths.mountPidFile(), e);
        }
        return recorded;
    }

    /**
     * The profile's recorded mount process, whether or not it still runs; empty when none is recorded or the record
     * cannot be read (a damaged record names no process worth signalling).
     */
    public static Optional<MountProcess> recorded(MachinePaths paths) {
        try {
            String[] lines = Files.readString(paths.mountPidFile(), StandardCharsets.UTF_8).split("\n", -1);
            return Optional.of(new MountProcess(Long.parseLong(lines[0].strip()), Instant.parse(lines[1].strip()),
                    lines.length > 2 ? lines[2] : ""));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * The live process this record names: same pid and same start instant (so not a later holder of the pid). Where
     * the OS reports no start instant (recorded as the epoch) the pid alone has to do.
     */
    public Optional<ProcessHandle> live() {
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .filter(p -> started.equals(Instant.EPOCH) || p.info().startInstant().map(started::equals).orElse(false));
    }

    /**
     * Ends the profile's mount process, if one runs: asked to stop first (it unmounts in the node), killed after
     * {@code grace}. The record is removed either way. True when a live process was ended.
     */
    public static boolean end(MachinePaths paths, Duration grace) {
        Optional<ProcessHandle> live = recorded(paths).flatMap(MountProcess::live);
        live.ifPresent(p -> stop(p, grace));
        try {
            Files.deleteIfExists(paths.mountPidFile());
        } catch (IOException e) {
            // the directory is going (delete) or the record names a process that is gone: nothing to signal next time
        }
        return live.isPresent();
    }

    private static void stop(ProcessHandle process, Duration grace) {
        process.destroy();
        try {
            process.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
