package dev.jminikube.drivers.wait;

import dev.jminikube.core.JmkException;
import dev.jminikube.core.Reason;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Polls a command ({@code true}) over SSH until it succeeds. Between attempts it checks the VM process:
 * if that died, waiting longer is pointless, so it fails at once with the logs that say why. An attempt that fails
 * with a {@link JmkException} has said why already (a changed host key), and ends the wait too.
 */
public final class SshReady implements WaitStrategy {

    /**
     * One attempt to run {@code true} over SSH; throws (any exception) when SSH is not up yet, a {@link JmkException}
     * when it never will be.
     */
    @FunctionalInterface
    public interface Attempt {
        void run() throws Exception;
    }

    /** Sleeps between attempts; tests pass one that does not. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    private final String target;
    private final Attempt attempt;
    private final Supplier<Boolean> vmAlive;
    private final Supplier<String> logs;
    private final Duration pollInterval;
    private final Sleeper sleeper;
    private final Supplier<Long> nanoClock;

    /**
     * @param target  where SSH is expected, e.g. {@code root@127.0.0.1:40022}
     * @param vmAlive whether the VM process still runs
     * @param logs    the last lines of the console and hypervisor logs, for the failure details
     */
    public SshReady(String target, Attempt attempt, Supplier<Boolean> vmAlive, Supplier<String> logs,
                    Duration pollInterval, Sleeper sleeper, Supplier<Long> nanoClock) {
        this.target = target;
        this.attempt = attempt;
        this.vmAlive = vmAlive;
        this.logs = logs;
        this.pollInterval = pollInterval;
        this.sleeper = sleeper;
        this.nanoClock = nanoClock;
    }

    public SshReady(String target, Attempt attempt, Supplier<Boolean> vmAlive, Supplier<String> logs) {
        this(target, attempt, vmAlive, logs, Duration.ofSeconds(2), d -> Thread.sleep(d.toMillis()), System::nanoTime);
    }

    @Override
    public String description() {
        return "SSH on " + target;
    }

    @Override
    public void waitUntilReady(Duration timeout) {
        long start = nanoClock.get();
        Optional<String> lastError = Optional.empty();
        int attempts = 0;
        while (true) {
            if (!vmAlive.get()) {
                throw new JmkException(Reason.GUEST_DIED, "the VM exited while waiting for " + description(), null,
                        logs.get(), null);
            }
            attempts++;
            try {
                attempt.run();
                return;
            } catch (JmkException e) {
                // Already a diagnosis (e.g. the guest's host key is not the pinned one): waiting cannot change it.
                throw e;
            } catch (Exception e) {
                lastError = Optional.of(e.getMessage() == null ? e.toString() : e.getMessage());
            }
            if (Duration.ofNanos(nanoClock.get() - start).compareTo(timeout) >= 0) {
                throw new JmkException(Reason.GUEST_SSH_TIMEOUT, "no answer from " + description() + " within "
                        + timeout.toSeconds() + "s (" + attempts + " attempts)", null,
                        "last error: " + lastError.orElse("none") + "\n" + logs.get(), null);
            }
            try {
                sleeper.sleep(pollInterval);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new JmkException(Reason.GUEST_SSH_TIMEOUT, "interrupted while waiting for " + description(), e);
            }
        }
    }
}
