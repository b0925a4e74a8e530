package dev.jminikube.drivers;

import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

/**
 * An exclusive lock on one profile ({@code $JMINIKUBE_HOME/locks/<profile>.lock}) so two commands
 * never work on the same machine at once. The OS drops the lock if the process dies, so a crashed
 * command never leaves a profile locked. The file itself stays: deleting it would let a waiter lock
 * a file that another process is about to recreate.
 */
public final class ProfileLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private ProfileLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the lock, retrying for up to {@code wait}; {@link Reason#PROFILE_LOCKED} if another holder keeps it. */
    public static ProfileLock acquire(Path locksDir, String profile, Duration wait) {
        Path file = locksDir.resolve(ProfileName.validate(profile) + ".lock");
        FileChannel channel;
        try {
            Files.createDirectories(locksDir);
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new JmkException(Reason.HOST_HOME_NOT_WRITABLE, "cannot open lock file " + file + ": " + e.getMessage(), e);
        }
        long deadline = System.nanoTime() + wait.toNanos();
        try {
            while (true) {
                FileLock lock;
                try {
                    lock = channel.tryLock();
                } catch (OverlappingFileLockException e) {
                    lock = null; // held by this same JVM, which is contention all the same
                }
                if (lock != null) {
                    // The holder's pid, for whoever looks at the file while wondering who holds it.
                    channel.truncate(0);
                    channel.write(java.nio.ByteBuffer.wrap((ProcessHandle.current().pid() + "\n")
                            .getBytes(StandardCharsets.UTF_8)));
                    return new ProfileLock(channel, lock);
                }
                if (System.nanoTime() >= deadline) {
                    channel.close();
                    throw new JmkException(Reason.PROFILE_LOCKED, "profile \"" + profile
                            + "\" is in use by another jminikube command (lock " + file + ")");
                }
                Thread.sleep(100);
            }
        } catch (IOException e) {
            closeQuietly(channel);
            throw new JmkException(Reason.HOST_HOME_NOT_WRITABLE, "cannot lock " + file + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            closeQuietly(channel);
            Thread.currentThread().interrupt();
            throw new JmkException(Reason.PROFILE_LOCKED, "interrupted while waiting for the lock " + file, e);
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // Closing the channel below releases it as well.
        }
        closeQuietly(channel);
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // Nothing left to release.
        }
    }
}
