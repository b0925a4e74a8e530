package dev.jminikube.drivers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
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
}
