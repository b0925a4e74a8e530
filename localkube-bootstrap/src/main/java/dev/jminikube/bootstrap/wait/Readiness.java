package dev.jminikube.bootstrap.wait;

import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import java.time.Duration;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Polls one named condition of the cluster until it holds (testcontainers' wait strategies). Before
 * each attempt a liveness check runs: when what we wait on has died (a unit crash-looping, the VM
 * gone), waiting longer is pointless, so it throws at once with the logs that say why.
 */
public final class Readiness {

    /** One look at the condition: empty when it holds, else what is still missing ("node NotReady: ..."). */
    @FunctionalInterface
    public interface Probe {
        Optional<String> notYet() throws Exception;
    }

    /** Throws a {@link JmkException} when waiting has become hopeless. */
    @FunctionalInterface
    public interface Liveness {
        void check();

        Liveness ALWAYS = () -> { };
    }

    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    private final String what;
    private final Probe probe;
    private final Liveness liveness;
    private final Duration interval;
    private final Sleeper sleeper;
    private final LongSupplier nanoClock;

    public Readiness(String what, Probe probe, Liveness liveness, Duration interval, Sleeper sleeper,
                     LongSupplier nanoClock) {
        this.what = what;
        this.probe = probe;
        this.liveness = liveness;
        this.interval = interval;
        this.sleeper = sleeper;
        this.nanoClock = nanoClock;
    }

    public static Readiness of(String what, Probe probe, Liveness liveness) {
        return new Readiness(what, probe, liveness, Duration.ofSeconds(2), d -> Thread.sleep(d.toMillis()),
                System::nanoTime);
    }

    /** What is waited for, e.g. "the API server's /readyz", for step titles and errors. */
    public String what() {
        return what;
    }

    /** Returns once the condition holds; {@link Reason#K8S_WAIT_TIMEOUT} after {@code timeout}. */
    public void await(Duration timeout) {
        long start = nanoClock.getAsLong();
        String last = "no answer yet";
        int attempts = 0;
        while (true) {
            liveness.check();
            attempts++;
            try {
                Optional<String> missing = probe.notYet();
                if (missing.isEmpty()) {
                    return;
                }
                last = missing.get();
            } catch (JmkException e) {
                throw e;
            } catch (Exception e) {
                last = e.getMessage() == null ? e.toString() : e.getMessage();
            }
            if (Duration.ofNanos(nanoClock.getAsLong() - start).compareTo(timeout) >= 0) {
                throw new JmkException(Reason.K8S_WAIT_TIMEOUT, what + " not ready within " + timeout.toSeconds()
                        + "s (" + attempts + " checks; last: " + oneLine(last) + ")");
            }
            try {
                sleeper.sleep(interval);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new JmkException(Reason.K8S_WAIT_TIMEOUT, "interrupted while waiting for " + what, e);
            }
        }
    }

    private static String oneLine(String s) {
        String line = s.strip().replaceAll("\\s*\\n\\s*", " | ");
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }
}
