package dev.jminikube.drivers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jminikube.core.exec.RecordingCommandRunner;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class GuestClockTest {
    @Test
    void setsTheGuestToTheHostsTimeAndSaysHowFarBehindItWas() {
        Instant host = Instant.parse("2026-12-03T17:00:00.250Z");
        RecordingCommandRunner guest = new RecordingCommandRunner();
        guest.whenRun("date", "-u", "+%s.%N").thenOutput((host.getEpochSecond() - 600) + ".250000000\n");
        guest.whenRun("date", "-u", "-s").thenReturn(0);
        GuestClock.Result r = new GuestClock(guest, Clock.fixed(host, ZoneOffset.UTC)).set();
        assertThat(r.wasBehind()).isEqualTo(Duration.ofMinutes(10));
        assertThat(guest.runs().stream().map(c -> c.argv()).toList())
                .contains(List.of("date", "-u", "-s", "@" + host.getEpochSecond() + ".250000000"));
    }

    @Test
    void parsesDatesNanosecondsAndRejectsNoise() {
        assertThat(GuestClock.parseEpoch("1700000000.5")).contains(Instant.ofEpochSecond(1700000000, 500_000_000));
        assertThat(GuestClock.parseEpoch("1700000000")).contains(Instant.ofEpochSecond(1700000000));
        assertThat(GuestClock.parseEpoch("%s.%N")).isEmpty();
    }
}
