package dev.jminikube.drivers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProfileLockTest {
    @TempDir
    Path locks;

    @Test
    void secondHolderIsRefusedAfterTheWait() {
        try (ProfileLock first = ProfileLock.acquire(locks, "dev", Duration.ofMillis(100))) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> ProfileLock.acquire(locks, "dev", Duration.ofMillis(300)))
                    .isInstanceOfSatisfying(JmkException.class, e -> assertThat(e.reason()).isEqualTo(Reason.PROFILE_LOCKED))
                    .hasMessageContaining("\"dev\"");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        }
    }

    @Test
    void otherProfilesAreIndependentAndReleaseLetsTheNextIn() throws Exception {
        ProfileLock dev = ProfileLock.acquire(locks, "dev", Duration.ZERO);
        try (ProfileLock other = ProfileLock.acquire(locks, "other", Duration.ZERO)) {
            assertThat(locks.resolve("other.lock")).exists();
        }
        CompletableFuture<ProfileLock> waiter = CompletableFuture.supplyAsync(
                () -> ProfileLock.acquire(locks, "dev", Duration.ofSeconds(5)));
        Thread.sleep(200);
        assertThat(waiter).isNotDone();
        dev.close();
        waiter.get(5, TimeUnit.SECONDS).close();
    }

    @Test
    void invalidProfileNeverTouchesTheFileSystem() {
        assertThatThrownBy(() -> ProfileLock.acquire(locks, "../x", Duration.ZERO))
                .isInstanceOfSatisfying(JmkException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.PROFILE_NAME_INVALID));
    }

    /** Like the host's, except that the disk has no room for the holder's pid (the file itself exists already). */
    private static final ProfileLock.LockFiles NO_ROOM_FOR_THE_PID = new ProfileLock.LockFiles() {
        @Override
        public FileChannel open(Path file) throws IOException {
            return ProfileLock.LockFiles.HOST.open(file);
        }

        @Override
        public void recordHolder(FileChannel channel) throws IOException {
            throw new IOException("No space left on device");
        }
    };

    @Test
    void theHoldersPidIsAHintThatAFullDiskMayRefuse() throws Exception {
        try (ProfileLock lock = ProfileLock.acquire(locks, "dev", Duration.ZERO)) {
            assertThat(locks.resolve("dev.lock")).hasContent(ProcessHandle.current().pid() + "\n");
        }
        try (ProfileLock lock = ProfileLock.acquire(locks, "full", Duration.ZERO, NO_ROOM_FOR_THE_PID)) {
            assertThat(locks.resolve("full.lock")).exists();
            assertThatThrownBy(() -> ProfileLock.acquire(locks, "full", Duration.ZERO))
                    .as("and it is a lock all the same").isInstanceOfSatisfying(JmkException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.PROFILE_LOCKED));
        }
    }

    @Test
    void aLockFileThatCannotBeCreatedOnAFullDiskSaysSo() {
        ProfileLock.LockFiles full = new ProfileLock.LockFiles() {
            @Override
            public FileChannel open(Path file) throws IOException {
                throw new FileSystemException(file.toString(), null, "No space left on device");
            }

            @Override
            public void recordHolder(FileChannel channel) {
                throw new AssertionError("never locked");
            }
        };
        assertThatThrownBy(() -> ProfileLock.acquire(locks, "dev", Duration.ZERO, full))
                .isInstanceOfSatisfying(JmkException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.RESOURCE_DISK_FULL);
                    assertThat(e.getMessage()).startsWith("cannot create the lock file " + locks.resolve("dev.lock"))
                            .contains("the disk is full");
                    assertThat(e.advice()).contains("Free some space");
                });
        ProfileLock.LockFiles readOnly = new ProfileLock.LockFiles() {
            @Override
            public FileChannel open(Path file) throws IOException {
                throw new java.nio.file.AccessDeniedException(file.toString());
            }

            @Override
            public void recordHolder(FileChannel channel) {
                throw new AssertionError("never locked");
            }
        };
        assertThatThrownBy(() -> ProfileLock.acquire(locks, "dev", Duration.ZERO, readOnly))
                .isInstanceOfSatisfying(JmkException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.HOST_HOME_NOT_WRITABLE));
    }
}
