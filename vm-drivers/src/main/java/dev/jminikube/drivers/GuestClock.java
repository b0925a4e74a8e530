package dev.jminikube.drivers;

import dev.jminikube.core.exec.CommandResult;
import dev.jminikube.core.exec.CommandRunner;
import dev.jminikube.core.exec.RunOptions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Sets a resumed guest's clock from the host's. A guest's clock stands still while it is suspended, so after a
 * resume it is behind by the time it spent saved; certificates, leases and logs need the real time. This works
 * for every driver with a guest shell (no agent needed): the host's time goes over in the command itself, and the
 * round trip is measured so the error is at most the one-way latency, which is reported.
 */
public final class GuestClock {
    private static final RunOptions QUICK = RunOptions.DEFAULTS.withTimeout(Duration.ofSeconds(20));

    private final CommandRunner guest;
    private final Clock host;

    public GuestClock(CommandRunner guest, Clock host) {
        this.guest = guest;
        this.host = host;
    }

    /** What setting the clock found and did. */
    public record Result(Duration wasBehind, Duration roundTrip) {
    }

    /**
     * Sets the guest's clock to the host's, half the measured round trip ahead (the time the command takes to
     * arrive); the answer says how far behind the guest was.
     */
    public Result set() {
        Instant before = host.instant();
        Optional<Instant> guestNow = guestTime();
        Duration roundTrip = Duration.between(before, host.instant());
        Instant target = host.instant().plus(roundTrip.dividedBy(2));
        String epoch = target.getEpochSecond() + "." + String.format("%09d", target.getNano());
        guest.check("date", "-u", "-s", "@" + epoch);
        Duration behind = guestNow.map(g -> Duration.between(g, before.plus(roundTrip.dividedBy(2))))
                .orElse(Duration.ZERO);
        return new Result(behind, roundTrip);
    }

    /** The guest's clock now, as close as one round trip tells. */
    public Optional<Instant> guestTime() {
        CommandResult r = guest.run(List.of("date", "-u", "+%s.%N"), QUICK);
        if (!r.succeeded()) {
            return Optional.empty();
        }
        return parseEpoch(r.stdout().strip());
    }

    static Optional<Instant> parseEpoch(String text) {
        String[] parts = text.split("\\.", 2);
        try {
            long seconds = Long.parseLong(parts[0]);
            long nanos = parts.length > 1 && !parts[1].isEmpty()
                    ? Long.parseLong((parts[1] + "000000000").substring(0, 9)) : 0;
            return Optional.of(Instant.ofEpochSecond(seconds, nanos));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
