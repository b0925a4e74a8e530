package dev.jminikube.bootstrap.kubeconfig;

import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The lock kubectl (client-go) takes around its own read-modify-write of a kubeconfig: the file
 * {@code <kubeconfig>.lock}, created exclusively and removed after the write. kubectl gives up at once
 * when the file exists; jminikube waits a bounded time for it, since another jminikube or kubectl holds
 * it only for the milliseconds of a write.
 *
 * <p>Threads of one JVM also queue on an in-process lock first, so they wait their turn instead of
 * polling the file system against each other.
 */
final class KubeconfigLock implements AutoCloseable {
    /** Long enough for several cold jminikube JVMs on a busy two-core host to take their turns. */
    static final Duration DEFAULT_WAIT = Duration.ofSeconds(10);
    private static final ConcurrentHashMap<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();
    /**
     * Lock files this JVM holds now. Ctrl-C skips finally blocks but runs shutdown hooks: the hook removes
     * them, so an interrupted start does not leave a lock that makes every later kubectl write fail.
     */
    private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> HELD.forEach(f -> {
            try {
                Files.deleteIfExists(f);
            } catch (IOException e) {
                // The JVM is going; the lock stays and the advice of the next failure names it.
            }
        }), "kubeconfig-lock-cleanup"));
    }

    private final Path lockFile;
    private final ReentrantLock inProcess;

    private KubeconfigLock(Path lockFile, ReentrantLock inProcess) {
        this.lockFile = lockFile;
        this.inProcess = inProcess;
    }

    /** The lock file kubectl uses for {@code kubeconfig}: the path as given plus ".lock", even for a symlink. */
    static Path lockFileOf(Path kubeconfig) {
        return kubeconfig.resolveSibling(kubeconfig.getFileName() + ".lock");
    }

    /**
     * Takes the lock of {@code kubeconfig}, waiting up to {@code wait}. Its directory must exist.
     *
     * @throws JmkException {@link Reason#KUBECONFIG_LOCKED} when the lock is still held after {@code wait}
     */
    static KubeconfigLock acquire(Path kubeconfig, Duration wait) {
        Path lockFile = lockFileOf(kubeconfig).toAbsolutePath().normalize();
        long deadline = System.nanoTime() + wait.toNanos();
        ReentrantLock inProcess = IN_PROCESS.computeIfAbsent(lockFile, f -> new ReentrantLock(true));
        try {
            if (!inProcess.tryLock(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                throw locked(kubeconfig, lockFile, wait);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw interrupted(kubeconfig, lockFile, e);
        }
        try {
            while (true) {
                try {
                    Files.createFile(lockFile);
                    HELD.add(lockFile);
                    return new KubeconfigLock(lockFile, inProcess);
                } catch (FileAlreadyExistsException held) {
                    if (System.nanoTime() >= deadline) {
                        throw locked(kubeconfig, lockFile, wait);
                    }
                    // Jitter, so that several waiting processes do not retry in lockstep.
                    Thread.sleep(25 + ThreadLocalRandom.current().nextInt(50));
                } catch (IOException e) {
                    throw new JmkException(Reason.HOST_PATH_NOT_WRITABLE,
                            "cannot create the kubeconfig lock " + lockFile + ": " + e.getMessage(), e);
                }
            }
        } catch (InterruptedException e) {
            inProcess.unlock();
            Thread.currentThread().interrupt();
            throw interrupted(kubeconfig, lockFile, e);
        } catch (RuntimeException e) {
            inProcess.unlock();
            throw e;
        }
    }

    /** Removes the lock file (only ever one this process created) and lets the next thread in. */
    @Override
    public void close() {
        try {
            Files.deleteIfExists(lockFile);
        } catch (IOException e) {
            // Nothing better to do: the next kubectl will report the file, and the advice says to remove it.
        } finally {
            HELD.remove(lockFile);
            inProcess.unlock();
        }
    }

    private static JmkException locked(Path kubeconfig, Path lockFile, Duration wait) {
        return new JmkException(Reason.KUBECONFIG_LOCKED, kubeconfig + " is locked: " + lockFile + " still exists"
                + age(lockFile) + " after waiting " + wait.toSeconds() + "s for it to go away",
                "If no kubectl or jminikube is running, remove " + lockFile + " and try again.", null, null);
    }

    private static JmkException interrupted(Path kubeconfig, Path lockFile, InterruptedException e) {
        return new JmkException(Reason.KUBECONFIG_LOCKED, "interrupted while waiting for the lock " + lockFile
                + " of " + kubeconfig, e);
    }

    /** How old the lock is, which tells a stale one (a crashed writer) from a busy one. */
    private static String age(Path lockFile) {
        try {
            Duration age = Duration.between(Files.getLastModifiedTime(lockFile).toInstant(), Instant.now());
            return age.isNegative() ? "" : " (created " + age.toSeconds() + "s ago)";
        } catch (IOException e) {
            return "";
        }
    }
}
