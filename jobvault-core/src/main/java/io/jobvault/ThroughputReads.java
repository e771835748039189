package io.jobvault;

import io.jobvault.store.JobStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs ended per minute, as the dashboard's charts and {@code GET /v1/stats} read them: a day of figures is up to
 * minutes × tenants × queues × outcomes rows (about 114,000 in the 10-million-job benchmark, 0.4 s to read), but only
 * the last few minutes still change. So this node keeps the settled minutes of each window it was asked for and reads
 * from the store only the minutes after them; at most every {@link #REFRESH} it reads the whole window again, so a
 * run recorded late into a settled minute (a finish retried after an outage keeps its time) shows within that.
 * Bounded: {@link #TENANTS} windows, each of at most {@link #MAX_ROWS} rows (a larger one is not kept, only read).
 */
final class ThroughputReads {
    /** A minute this long gone takes no more runs: finishes record the minute their node's clock reads. */
    static final Duration SETTLE = Duration.ofMinutes(10);
    static final Duration REFRESH = Duration.ofMinutes(10);
    static final int TENANTS = 32;
    static final int MAX_ROWS = 200_000;

    /** The minutes from {@code from} up to {@code until} (exclusive), as read at {@code readAt}, oldest first. */
    private record Settled(Instant from, Instant until, List<FinishedRuns> runs, Instant readAt) {}

    private final JobStore store;
    private final Clock clock;
    private final Map<String, Settled> byTenant = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Settled> eldest) {
            return size() > TENANTS;
        }
    };

    ThroughputReads(JobStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** The same answer as {@link JobStore#jobsFinishedPerMinute}: minutes from {@code since} on, oldest first. */
    List<FinishedRuns> since(Instant since, String tenant) {
        Instant now = clock.instant();
        Instant until = now.minus(SETTLE).truncatedTo(ChronoUnit.MINUTES);
        if (!since.isBefore(until)) return store.jobsFinishedPerMinute(since, tenant);
        String key = tenant == null ? "" : "tenant:" + tenant;
        Settled held = get(key);
        if (held == null || since.isBefore(held.from()) || !now.isBefore(held.readAt().plus(REFRESH))) {
            List<FinishedRuns> all = store.jobsFinishedPerMinute(since, tenant);
            keep(key, new Settled(since, until, before(all, until), now));
            return all;
        }
        List<FinishedRuns> recent = store.jobsFinishedPerMinute(held.until(), tenant);
        List<FinishedRuns> answer = new ArrayList<>(held.runs().size() + recent.size());
        for (FinishedRuns r : held.runs()) if (!r.minute().isBefore(since)) answer.add(r);
        answer.addAll(recent);
        if (until.isAfter(held.until())) {
            // more minutes settled since: hold them too; a shorter window (an hour) keeps the longer one's start, so
            // windows of different lengths do not make each other read everything again; past the retention, none
            Instant from = max(held.from(), until.minus(FinishedRuns.RETENTION));
            List<FinishedRuns> runs = new ArrayList<>(held.runs().size() + recent.size());
            for (FinishedRuns r : held.runs()) if (!r.minute().isBefore(from)) runs.add(r);
            runs.addAll(before(recent, until));
            keep(key, new Settled(from, until, runs, held.readAt()));
        }
        return answer;
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static List<FinishedRuns> before(List<FinishedRuns> runs, Instant until) {
        List<FinishedRuns> settled = new ArrayList<>();
        for (FinishedRuns r : runs) {
            if (!r.minute().isBefore(until)) break; // oldest first
            settled.add(r);
        }
        return settled;
    }

    private Settled get(String key) {
        synchronized (byTenant) {
            return byTenant.get(key);
        }
    }

    private void keep(String key, Settled settled) {
        synchronized (byTenant) {
            if (settled.runs().size() > MAX_ROWS) byTenant.remove(key);
            else byTenant.put(key, new Settled(settled.from(), settled.until(), List.copyOf(settled.runs()), settled.readAt()));
        }
    }
}
