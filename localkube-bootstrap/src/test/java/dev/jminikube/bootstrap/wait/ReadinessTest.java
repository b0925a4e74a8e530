package dev.jminikube.bootstrap.wait;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ReadinessTest {
    private static final Duration INTERVAL = Duration.ofSeconds(2);

    /** A clock that only moves when the fake sleeper sleeps. */
    private long nanos = 1_000_000_000L;
    private final List<Duration> sleeps = new ArrayList<>();
    private final AtomicInteger livenessChecks = new AtomicInteger();
    private final AtomicInteger probes = new AtomicInteger();

    private Readiness readiness(Readiness.Probe probe, Readiness.Liveness liveness) {
        Readiness.Probe counting = () -> {
            probes.incrementAndGet();
            return probe.notYet();
        };
        Readiness.Liveness countingLiveness = () -> {
            livenessChecks.incrementAndGet();
            liveness.check();
        };
        return new Readiness("the API server's /readyz", counting, countingLiveness, INTERVAL, d -> {
            sleeps.add(d);
            nanos += d.toNanos();
        }, () -> nanos);
    }

    @Test
    void readyAtOnceNeitherSleepsNorRetries() {
        readiness(Optional::empty, Readiness.Liveness.ALWAYS).await(Duration.ofMinutes(1));
        assertThat(probes).hasValue(1);
        assertThat(livenessChecks).hasValue(1);
        assertThat(sleeps).isEmpty();
    }

    @Test
    void readyAfterSomePollsSleepsTheIntervalBetweenThem() {
        AtomicInteger left = new AtomicInteger(3);
        readiness(() -> left.getAndDecrement() > 0 ? Optional.of("HTTP 500 etcd not ok") : Optional.empty(),
                Readiness.Liveness.ALWAYS).await(Duration.ofMinutes(1));
        assertThat(probes).hasValue(4);
        assertThat(livenessChecks).hasValue(4);
        assertThat(sleeps).containsExactly(INTERVAL, INTERVAL, INTERVAL);
    }

    @Test
    void timeoutNamesWhatAndTheLastReason() {
        AtomicInteger n = new AtomicInteger();
        Readiness r = readiness(() -> Optional.of("HTTP 500 attempt " + n.incrementAndGet() + "\n  [-]etcd failed"),
                Readiness.Liveness.ALWAYS);
        assertThatThrownBy(() -> r.await(Duration.ofSeconds(10)))
                .isInstanceOfSatisfying(JmkException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.K8S_WAIT_TIMEOUT);
                    assertThat(e.getMessage())
                            .startsWith("the API server's /readyz not ready within 10s")
                            .contains("6 checks")
                            .contains("last: HTTP 500 attempt 6 | [-]etcd failed")
                            .doesNotContain("\n");
                });
        // Checks at t=0,2,4,6,8,10: five sleeps, then the deadline.
        assertThat(sleeps).hasSize(5);
    }

    @Test
    void probeExceptionsAreRetriedAndReportedAsTheLastReason() {
        Readiness r = readiness(() -> {
            throw new IOException("Connection refused");
        }, Readiness.Liveness.ALWAYS);
        assertThatThrownBy(() -> r.await(Duration.ofSeconds(4)))
                .isInstanceOfSatisfying(JmkException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.K8S_WAIT_TIMEOUT))
                .hasMessageContaining("last: Connection refused");
        assertThat(probes).hasValue(3);
    }

    @Test
    void deadComponentStopsTheWaitAtOnce() {
        JmkException dead = new JmkException(Reason.K8S_COMPONENT_FAILED, "jmk-kube-apiserver failed");
        Readiness r = readiness(() -> Optional.of("not yet"), () -> {
            if (livenessChecks.get() == 2) {
                throw dead;
            }
        });
        assertThatThrownBy(() -> r.await(Duration.ofMinutes(5))).isSameAs(dead);
        assertThat(probes).hasValue(1);
        assertThat(sleeps).hasSize(1);
    }

    @Test
    void aJmkExceptionFromTheProbeIsNotRetried() {
        JmkException fatal = new JmkException(Reason.K8S_CERTS_INVALID, "bad cert");
        Readiness r = readiness(() -> {
            throw fatal;
        }, Readiness.Liveness.ALWAYS);
        assertThatThrownBy(() -> r.await(Duration.ofMinutes(5))).isSameAs(fatal);
        assertThat(probes).hasValue(1);
        assertThat(sleeps).isEmpty();
    }

    @Test
    void interruptionIsReportedAndTheFlagKept() {
        Readiness r = new Readiness("node dev Ready", () -> Optional.of("NotReady"), Readiness.Liveness.ALWAYS,
                INTERVAL, d -> {
                    throw new InterruptedException();
                }, () -> 0L);
        try {
            assertThatThrownBy(() -> r.await(Duration.ofMinutes(1)))
                    .isInstanceOf(JmkException.class).hasMessageContaining("interrupted while waiting for node dev Ready");
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }
}
