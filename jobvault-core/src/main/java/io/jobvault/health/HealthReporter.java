package io.jobvault.health;

import io.jobvault.JobState;
import io.jobvault.alert.Alert;
import io.jobvault.id.JobIds;
import io.jobvault.schedule.FireCoverage;
import io.jobvault.schedule.ScheduleInfo;
import io.jobvault.schedule.Schedules;
import io.jobvault.store.AlertStore;
import io.jobvault.store.JobStore;
import io.jobvault.store.ReportStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Builds a {@link HealthReport} from the store; every figure is bounded (id ranges, capped samples and pages). */
public final class HealthReporter {
    private static final int MAX_FIRES = 2000;
    private static final int LATENCY_SAMPLE = 10_000;
    private static final int MAX_MISSING = 100;
    /** Job outcomes are counted over the period's newest million jobs at most. */
    static final int OUTCOME_SAMPLE = 1_000_000;

    private final JobStore store;
    private final Schedules schedules;
    private final Clock clock;

    public HealthReporter(JobStore store, Schedules schedules, Clock clock) {
        this.store = store;
        this.schedules = schedules;
        this.clock = clock;
    }

    /** The report of the {@code period} up to now. */
    public HealthReport report(Duration period) {
        if (period == null || period.isNegative() || period.isZero() || period.compareTo(Duration.ofDays(90)) > 0) {
            throw new IllegalArgumentException("period must be within 1 ms .. 90 days, was " + period);
        }
        Instant to = clock.instant();
        return report(to.minus(period), to);
    }

    /**
     * The report from {@code from} (included) to {@code to} (excluded): schedule fires in that window (so consecutive
     * scheduled reports, each up to its fire, tile the days without overlap), jobs created since {@code from}.
     */
    public HealthReport report(Instant from, Instant to) {
        Duration period = from == null || to == null ? null : Duration.between(from, to);
        if (period == null || period.isNegative() || period.isZero() || period.compareTo(Duration.ofDays(90)) > 0) {
            throw new IllegalArgumentException("the report's window must be within 1 ms .. 90 days, was " + from + " .. " + to);
        }
        List<HealthReport.ScheduleCoverage> coverage = new ArrayList<>();
        for (ScheduleInfo s : schedules.list()) coverage.add(coverage(s, from, to));
        // list() leaves out the schedules set aside for an invalid stored definition: exactly what the report must name
        Map<String, List<String>> invalid = schedules.unreadable();
        Map<String, long[]> byType = new TreeMap<>();
        for (AlertStore.FinishedCount c : store.jobsFinishedCountsSince(JobIds.lowerBound(from), OUTCOME_SAMPLE)) {
            long[] n = byType.computeIfAbsent(c.type(), k -> new long[3]);
            n[c.state() == JobState.SUCCEEDED ? 0 : c.state() == JobState.DEAD ? 1 : 2] += c.count();
        }
        List<HealthReport.TypeOutcomes> types = new ArrayList<>();
        byType.forEach((t, n) -> types.add(new HealthReport.TypeOutcomes(t, n[0], n[1], n[2])));
        ReportStore.Recovery r = store.jobsRecoverySince(JobIds.lowerBound(from));
        HealthReport.Recovery recovery = new HealthReport.Recovery(r.count(), r.meanMillis() < 0 ? null : Duration.ofMillis(r.meanMillis()));
        List<String> stuck = new ArrayList<>();
        for (Alert a : store.alertsSince(from, 500)) {
            if (a.rule().equals("job.stuck") && !a.raisedAt().isBefore(from)) stuck.add(a.message());
        }
        HealthReport.Latency queue = HealthReport.Latency.of(store.jobsPickupMillisSince(JobIds.lowerBound(from), LATENCY_SAMPLE));
        HealthReport.Latency storeLatency = probeStore();
        List<String> advice = Recommendations.of(coverage, invalid, types, stuck, queue, storeLatency);
        return new HealthReport(from, to, coverage, types, recovery, stuck, queue, storeLatency, advice,
                Findings.of(coverage, invalid, types));
    }

    private HealthReport.ScheduleCoverage coverage(ScheduleInfo s, Instant from, Instant to) {
        int expected = 0;
        Instant cursor = s.createdAt().isAfter(from) ? s.createdAt() : from; // nothing was due before it existed
        while (expected < MAX_FIRES) {
            Instant next = s.schedule().timing().nextAfter(cursor, s.schedule().zone()).orElse(null);
            if (next == null || !next.isBefore(to)) break; // the window is [from, to)
            expected++;
            cursor = next;
        }
        int recorded = 0, missed = 0, ranLate = 0, skipped = 0, overdue = 0, keys = 0, succeeded = 0;
        List<HealthReport.MissingKey> missing = new ArrayList<>();
        Instant before = to; // fires from the end of the window on are the next report's
        outer:
        while (true) {
            List<FireCoverage> page = schedules.fires(s.schedule().id(), before, 200);
            for (FireCoverage f : page) {
                if (f.fire().fireAt().isBefore(from) || recorded >= MAX_FIRES) break outer;
                before = f.fire().fireAt();
                if (f.fire().kind().equals("backup") || f.fire().rerunOf() != null) continue; // counted with its fire
                recorded++;
                boolean catchUp = f.fire().kind().equals("catch-up");
                if (catchUp || f.fire().status().equals("missed")) missed++; // not run at its time, whatever then happened
                if (f.fire().status().equals("skipped")) skipped++;
                else if (catchUp) ranLate++;
                if (f.fire().overdueAt() != null) overdue++;
                keys += f.expected();
                succeeded += f.succeeded().size();
                addMissing(missing, f, "failed", f.failed());
                addMissing(missing, f, "running", f.running());
                addMissing(missing, f, "never ran", f.neverRan());
            }
            if (page.size() < 200) break;
        }
        return new HealthReport.ScheduleCoverage(s.schedule().id(), s.paused(), expected, recorded, missed, ranLate, skipped, overdue,
                keys, succeeded, missing);
    }

    private static void addMissing(List<HealthReport.MissingKey> out, FireCoverage f, String state, List<String> keys) {
        for (String k : keys) {
            if (out.size() >= MAX_MISSING) return;
            out.add(new HealthReport.MissingKey(k, f.fire().fireAt(), state));
        }
    }

    /** Five small reads, timed: what a request pays to reach the store right now. */
    private HealthReport.Latency probeStore() {
        List<Long> samples = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            long t0 = System.nanoTime();
            store.leaderOf("maintenance");
            samples.add(Math.max(0, (System.nanoTime() - t0) / 1_000_000));
        }
        return HealthReport.Latency.of(samples);
    }
}
