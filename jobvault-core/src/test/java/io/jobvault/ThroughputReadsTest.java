package io.jobvault;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobvault.store.JobStore;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

class ThroughputReadsTest {
    private static final Instant START = Instant.parse("2026-12-08T00:00:00Z");

    /** Minutes as a store keeps them (tenant in the key, summed over tenants when none is asked for). */
    private record Row(Instant minute, String tenant, String queue, FinishedRuns.Outcome outcome, long n) {}

    private final List<Row> rows = new ArrayList<>();
    private final List<Instant> reads = new ArrayList<>();
    /** How far back each read reached. */
    private final List<Duration> readsAgo = new ArrayList<>();
    private final MutableClock clock = new MutableClock(START);
    private final JobStore store = (JobStore) Proxy.newProxyInstance(JobStore.class.getClassLoader(), new Class<?>[] {JobStore.class},
            (proxy, method, args) -> {
                if (!method.getName().equals("jobsFinishedPerMinute")) throw new UnsupportedOperationException(method.getName());
                reads.add((Instant) args[0]);
                readsAgo.add(Duration.between((Instant) args[0], clock.instant()));
                return perMinute((Instant) args[0], (String) args[1]);
            });
    private final ThroughputReads throughput = new ThroughputReads(store, clock);

    private List<FinishedRuns> perMinute(Instant since, String tenant) {
        java.util.Map<List<Object>, Long> sums = new java.util.TreeMap<>(Comparator
                .comparing((List<Object> k) -> (Instant) k.get(0)).thenComparing(k -> (String) k.get(1))
                .thenComparing(k -> (FinishedRuns.Outcome) k.get(2)));
        for (Row r : rows) {
            if (r.minute().isBefore(since) || (tenant != null && !tenant.equals(r.tenant()))) continue;
            sums.merge(List.of(r.minute(), r.queue(), r.outcome()), r.n(), Long::sum);
        }
        List<FinishedRuns> out = new ArrayList<>();
        sums.forEach((k, n) -> out.add(new FinishedRuns((Instant) k.get(0), (String) k.get(1), (FinishedRuns.Outcome) k.get(2), n)));
        return out;
    }

    /** A minute of runs ending now, in two tenants and two queues. */
    private void runsEndNow(int n) {
        Instant minute = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
        rows.add(new Row(minute, "acme", "reports", FinishedRuns.Outcome.SUCCEEDED, n));
        rows.add(new Row(minute, "", "reports", FinishedRuns.Outcome.SUCCEEDED, 1));
        rows.add(new Row(minute, "", "emails", FinishedRuns.Outcome.FAILED, n % 3 + 1));
    }

    @Test
    void answersAsTheStoreWouldWhileReadingOnlyTheMinutesThatStillChange() {
        for (int minute = 0; minute < 90; minute++) {
            runsEndNow(minute);
            Instant day = clock.instant().minus(Duration.ofDays(1));
            Instant hour = clock.instant().minus(Duration.ofHours(1));
            for (String tenant : new String[] {null, "acme"}) {
                assertThat(throughput.since(day, tenant)).as("a day at minute %d, tenant %s", minute, tenant)
                        .isEqualTo(perMinute(day, tenant));
                assertThat(throughput.since(hour, tenant)).as("an hour at minute %d", minute).isEqualTo(perMinute(hour, tenant));
            }
            clock.advance(Duration.ofSeconds(61));
        }
        // after the first read of each window, the store was asked for the last minutes only (up to SETTLE and a
        // minute), but for one whole read per tenant each REFRESH
        Duration recent = ThroughputReads.SETTLE.plus(Duration.ofMinutes(3));
        long whole = readsAgo.stream().filter(ago -> ago.compareTo(recent) > 0).count();
        assertThat(whole).as("whole-window reads: two tenants, once per REFRESH of 90 minutes").isBetween(2L, 2L * 10);
        assertThat(reads).hasSize(90 * 2 * 2);
    }

    @Test
    void aRunRecordedLateIntoASettledMinuteShowsAtTheNextRefresh() {
        runsEndNow(5);
        Instant first = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
        Instant day = first.minus(Duration.ofDays(1));
        clock.advance(ThroughputReads.SETTLE.plus(Duration.ofMinutes(2)));
        assertThat(throughput.since(day, null)).isEqualTo(perMinute(day, null));
        rows.add(new Row(first, "", "reports", FinishedRuns.Outcome.DEAD, 1)); // a finish retried after an outage
        clock.advance(Duration.ofMinutes(1));
        assertThat(throughput.since(day, null)).as("held until the refresh").isNotEqualTo(perMinute(day, null));
        clock.advance(ThroughputReads.REFRESH);
        assertThat(throughput.since(day, null)).isEqualTo(perMinute(day, null));
    }

    @Test
    void aWindowTooLargeToHoldIsReadWholeEachTime() {
        Instant minute = START.truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
        for (int i = 0; i <= ThroughputReads.MAX_ROWS; i++) rows.add(new Row(minute, "", "q" + i, FinishedRuns.Outcome.SUCCEEDED, 1));
        clock.advance(Duration.ofHours(1));
        Instant day = START.minus(Duration.ofDays(1));
        assertThat(throughput.since(day, null)).hasSize(ThroughputReads.MAX_ROWS + 1);
        assertThat(throughput.since(day, null)).hasSize(ThroughputReads.MAX_ROWS + 1);
        assertThat(reads).containsExactly(day, day);
    }

    private static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
