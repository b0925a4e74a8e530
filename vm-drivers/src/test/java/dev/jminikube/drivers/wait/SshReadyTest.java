package dev.jminikube.drivers.wait;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SshReadyTest {
    /** A clock that advances only when the strategy sleeps, so timeouts are exact and instant. */
    private final AtomicLong now = new AtomicLong();
    private final AtomicInteger attempts = new AtomicInteger();

    private SshReady ready(int succeedOnAttempt, int dieAfterAttempts) {
        return new SshReady("root@127.0.0.1:40022", () -> {
            if (attempts.incrementAndGet() < succeedOnAttempt) {
                throw new IllegalStateException("connection refused");
            }
        }, () -> attempts.get() < dieAfterAttempts, () -> "console: Kernel panic", Duration.ofSeconds(2),
                d -> now.addAndGet(d.toNanos()), now::get);
    }

    @Test
    void returnsOnceAnAttemptSucceeds() {
        ready(3, Integer.MAX_VALUE).waitUntilReady(Duration.ofSeconds(60));
        assertThat(attempts).hasValue(3);
        assertThat(now.get()).isEqualTo(Duration.ofSeconds(4).toNanos());
    }

    @Test
    void timesOutWithTheLastErrorAndLogs() {
        SshReady ready = ready(Integer.MAX_VALUE, Integer.MAX_VALUE);
        assertThat(ready.description()).isEqualTo("SSH on root@127.0.0.1:40022");
        assertThatThrownBy(() -> ready.waitUntilReady(Duration.ofSeconds(10)))
                .isInstanceOfSatisfying(JmkException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.GUEST_SSH_TIMEOUT);
                    assertThat(e.details()).contains("connection refused", "Kernel panic");
                })
                .hasMessageContaining("within 10s (6 attempts)");
    }

    @Test
    void aDiagnosedFailureEndsTheWaitAtOnce() {
        SshReady ready = new SshReady("root@127.0.0.1:40022", () -> {
            attempts.incrementAndGet();
            throw new JmkException(Reason.GUEST_SSH_HOST_KEY_CHANGED, "the SSH host key of machine \"dev\" changed");
        }, () -> true, () -> "", Duration.ofSeconds(2), d -> now.addAndGet(d.toNanos()), now::get);

        assertThatThrownBy(() -> ready.waitUntilReady(Duration.ofMinutes(10)))
                .isInstanceOfSatisfying(JmkException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.GUEST_SSH_HOST_KEY_CHANGED));
        assertThat(attempts).hasValue(1);
        assertThat(now.get()).isZero();
    }

    @Test
    void failsFastWhenTheVmDies() {
        assertThatThrownBy(() -> ready(Integer.MAX_VALUE, 2).waitUntilReady(Duration.ofMinutes(10)))
                .isInstanceOfSatisfying(JmkException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.GUEST_DIED);
                    assertThat(e.details()).contains("Kernel panic");
                });
        assertThat(attempts).hasValue(2);
        assertThat(now.get()).isLessThan(Duration.ofSeconds(10).toNanos());
    }
}
