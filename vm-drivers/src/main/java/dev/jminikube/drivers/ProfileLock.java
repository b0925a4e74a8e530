package dev.jminikube.drivers;

import dev.jminikube.core.JmkException;
import dev.jminikube.core.NoSpaceLeft;
import dev.jminikube.core.OwnerOnly;
import dev.jminikube.core.Reason;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

/**
 * An exclusive lock on one profile ({@code $JMINIKUBE_HOME/locks/<profile>.lock}) so two commands
 * never work on the same machine at once. The OS drops the lock if the process dies, so a crashed
 * command never leaves a profile locked. The file itself stays: deleting it would let a waiter lock
 * a file that another process is about to recreate.
 *
 * <p>Taking the lock needs no free space beyond creating the empty file once: the holder's pid is written into
 * it only as a hint for a person, and a write that fails (a full disk) does not fail the lock.
 */
public final class ProfileLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private ProfileLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** How a lock file is opened and marked with its holder; tests put failures (a full disk) in. */
    interface LockFiles {
        /** Opens {@code file}, creating it (empty) and its directory (0700) when missing. */
        FileChannel open(Path file) throws IOException;

        /** Writes the holder's pid into the locked file. */
        void recordHolder(FileChannel channel) throws IOException;

        LockFiles HOST = new LockFiles() {
            @Override
            public FileChannel open(Path file) throws IOException {
                OwnerOnly.createDirectories(file.toAbsolutePath().getParent());
                return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            }

            @Override
            public void recordHolder(FileChannel channel) throws IOException {
                channel.truncate(0);
                channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)),
                        0);
            }
        };
    }

    /** The lock file of {@code profile} in {@code locksDir}. */
    public static Path file(Path locksDir, String profile) {
        return locksDir.resolve(ProfileName.validate(profile) + ".lock");
    }

    /** Takes the lock, retrying for up to {@code wait}; {@link Reason#PROFILE_LOCKED} if another holder keeps it. */
    public static ProfileLock acquire(Path locksDir, String profile, Duration wait) {
        return acquire(locksDir, profile, wait, LockFiles.HOST);
    }

    /**
     * As {@link #acquire(Path, String, Duration)}. A lock file that cannot be created because the disk is full is
     * {@link Reason#RESOURCE_DISK_FULL}: then it does not exist, so nobody holds it (see MachineManager's delete).
     */
    static ProfileLock acquire(Path locksDir, String profile, Duration wait, LockFiles files) {
        Path file = file(locksDir, profile);
        FileChannel channel;
        try {
            channel = files.open(file);
        } catch (IOException e) {
            if (NoSpaceLeft.in(e)) {
                throw new JmkException(Reason.RESOURCE_DISK_FULL, "cannot create the lock file " + file
                        + ": the disk is full (" + e.getMessage() + ")", "Free some space on the disk that holds "
                        + locksDir + " and run the command again.", null, e);
            }
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
                    try {
                        files.recordHolder(channel);
                    } catch (IOException e) {
                        // Only a hint for whoever wonders who holds the lock; the lock itself is taken.
                    }
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
