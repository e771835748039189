package io.jobvault.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimingTest {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private static List<Instant> fires(Timing t, ZoneId zone, Instant from, Instant to) {
        List<Instant> out = new ArrayList<>();
        Instant cursor = from;
        while (true) {
            Instant next = t.nextAfter(cursor, zone).orElseThrow();
            if (next.isAfter(to)) return out;
            out.add(next);
            cursor = next;
        }
    }

    @Test
    void aDailyRunAt0230FiresOnceOnTheSpringForwardDayShiftedByTheGap() {
        // 2026-03-29 in Berlin: clocks jump from 02:00 to 03:00, so 02:30 does not exist that day
        List<Instant> f = fires(Timing.cron("30 2 * * *"), BERLIN, Instant.parse("2026-03-27T12:00:00Z"),
                Instant.parse("2026-03-31T12:00:00Z"));
        assertThat(f).containsExactly(
                Instant.parse("2026-03-28T01:30:00Z"), // 02:30 CET
                Instant.parse("2026-03-29T01:30:00Z"), // 03:30 CEST: the gap's hour later, once
                Instant.parse("2026-03-30T00:30:00Z"), // 02:30 CEST
                Instant.parse("2026-03-31T00:30:00Z"));
    }

    @Test
    void aDailyRunAt0230FiresOnceOnTheFallBackDayAtItsFirstOccurrence() {
        // 2026-10-25 in Berlin: clocks go back from 03:00 to 02:00, so 02:30 happens twice
        List<Instant> f = fires(Timing.cron("30 2 * * *"), BERLIN, Instant.parse("2026-10-23T12:00:00Z"),
                Instant.parse("2026-10-27T12:00:00Z"));
        assertThat(f).containsExactly(
                Instant.parse("2026-10-24T00:30:00Z"), // 02:30 CEST
                Instant.parse("2026-10-25T00:30:00Z"), // 02:30 CEST, the first of two; not again at 01:30Z
                Instant.parse("2026-10-26T01:30:00Z"), // 02:30 CET
                Instant.parse("2026-10-27T01:30:00Z"));
    }

    @Test
    void anHourlyRunSkipsNothingAndRepeatsNothingAcrossFallBack() {
        List<Instant> f = fires(Timing.cron("0 * * * *"), BERLIN, Instant.parse("2026-10-24T22:30:00Z"),
                Instant.parse("2026-10-25T03:30:00Z"));
        // local 01:00 (23Z), 02:00 CEST (00Z), [02:00 CET (01Z) is the same wall time: not again], 03:00 CET (02Z), 04:00 (03Z)
        assertThat(f).containsExactly(Instant.parse("2026-10-24T23:00:00Z"), Instant.parse("2026-10-25T00:00:00Z"),
                Instant.parse("2026-10-25T02:00:00Z"), Instant.parse("2026-10-25T03:00:00Z"));
    }

    @Test
    void sixFieldsCarrySeconds() {
        assertThat(Timing.cron("*/15 * * * * *").nextAfter(Instant.parse("2026-01-01T00:00:07Z"), ZoneOffset.UTC))
                .contains(Instant.parse("2026-01-01T00:00:15Z"));
        assertThat(Timing.cron("0 0 9 * * MON-FRI").nextAfter(Instant.parse("2026-11-27T10:00:00Z"), ZoneOffset.UTC))
                .contains(Instant.parse("2026-11-30T09:00:00Z")); // Friday after 9 -> Monday
    }

    @Test
    void intervalsAreAlignedToTheEpochSoEveryNodeAgrees() {
        Timing t = Timing.every(Duration.ofMinutes(15));
        assertThat(t.nextAfter(Instant.parse("2026-01-01T10:07:00Z"), BERLIN)).contains(Instant.parse("2026-01-01T10:15:00Z"));
        assertThat(t.nextAfter(Instant.parse("2026-01-01T10:15:00Z"), BERLIN)).contains(Instant.parse("2026-01-01T10:30:00Z"));
    }

    @Test
    void badExpressionsSayWhatIsWrong() {
        assertThatThrownBy(() -> Timing.cron("* * *")).hasMessageContaining("5 fields");
        assertThatThrownBy(() -> Timing.cron("61 * * * *")).hasMessageContaining("invalid cron expression");
        assertThatThrownBy(() -> Timing.cron("")).hasMessageContaining("empty");
        assertThatThrownBy(() -> Timing.every(Duration.ZERO)).hasMessageContaining("interval");
    }
}
