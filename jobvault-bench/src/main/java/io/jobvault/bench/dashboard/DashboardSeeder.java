package io.jobvault.bench.dashboard;

import io.jobvault.JobState;
import io.jobvault.Jobvault;
import io.jobvault.id.JobIds;
import io.jobvault.schedule.JobTemplate;
import io.jobvault.schedule.Schedule;
import io.jobvault.schedule.Schedules;
import io.jobvault.schedule.Timing;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.LongConsumer;

/**
 * Fills a migrated, otherwise empty store with {@link SeedMix}'s jobs, an audit log and some alerts, and tallies what
 * it wrote, so the store's counters can be held to it without counting the table.
 */
final class DashboardSeeder {
    /** Jobs per transaction. */
    static final int JOBS_PER_TRANSACTION = 500_000;
    static final int AUDIT_ENTRIES = 20_000;
    static final int ALERTS = 40;
    static final int SCHEDULES = 20;
    static final int SCHEDULE_KEYS = 50;
    /** Ids kept to pick the job page's jobs from: dead jobs (they have attempts). */
    private static final int SAMPLE = 1_000;

    /** Jobs per (tenant, queue, type, state), as written. */
    record Key(String tenant, String queue, String type, JobState state) {}

    /** What was written. */
    record Seeded(long jobs, Map<Key, Long> tally, List<UUID> deadJobs, double seconds) {}

    private DashboardSeeder() {}

    /** @param progress told the number of jobs written after each transaction */
    /**
     * Schedules, every other one fanning out to {@link #SCHEDULE_KEYS} keys, each triggered once through the engine, so
     * the Schedules page reads real fires and their jobs. Their queue is one no node works, so the jobs stay put.
     */
    static void schedules(Jobvault jv) {
        JobTemplate job = new JobTemplate("bench.report", "{}", "bench.scheduled", 0, null, null);
        for (int i = 0; i < SCHEDULES; i++) {
            String id = "bench.report-" + i;
            Schedule.Builder s = Schedule.builder(id, Timing.cron("0 6 * * *"), job);
            if (i % 2 == 0) s.keys(java.util.stream.IntStream.range(0, SCHEDULE_KEYS).mapToObj(k -> "customer-" + k).toList());
            jv.schedules().put(s.build(), Schedules.SOURCE_API);
            jv.schedules().trigger(id, "token:bench", "seed a fire", null, null);
        }
    }

    static Seeded seed(String url, long n, Instant now, JobIds ids, LongConsumer progress) throws SQLException {
        long t0 = System.nanoTime();
        Map<Key, Long> tally = new HashMap<>();
        List<UUID> dead = new ArrayList<>();
        SeedMix mix = new SeedMix(n, now, ids);
        // dead jobs are 2% of all: one in every n/50,000 of them makes about 1,000, spread over the whole week
        long every = Math.max(1, n / 50_000);
        try (SeedSink sink = SeedSink.open(url)) {
            SeedMix.Rows rows = new SeedMix.Rows() {
                private long i;

                @Override
                public void job(Object[] row, JobState state) {
                    try {
                        sink.job(row);
                    } catch (SQLException e) {
                        throw new IllegalStateException(e);
                    }
                    tally.merge(new Key((String) row[13], (String) row[2], (String) row[1], state), 1L, Long::sum);
                    if (state == JobState.DEAD && i++ % every == 0 && dead.size() < SAMPLE) dead.add((UUID) row[0]);
                }

                @Override
                public void attempt(Object[] row) {
                    try {
                        sink.attempt(row);
                    } catch (SQLException e) {
                        throw new IllegalStateException(e);
                    }
                }
            };
            for (long i = 0; i < n; i++) {
                mix.job(i, rows);
                if ((i + 1) % JOBS_PER_TRANSACTION == 0 || i == n - 1) {
                    sink.commit();
                    progress.accept(i + 1);
                }
            }
            auditAndAlerts(sink, now);
            sink.commit();
        }
        return new Seeded(n, tally, dead, (System.nanoTime() - t0) / 1e9);
    }

    /** Operator actions over the week, and alerts raised and resolved, a few still open. */
    private static void auditAndAlerts(SeedSink sink, Instant now) throws SQLException {
        long start = now.minus(SeedMix.SPAN).toEpochMilli();
        try (PreparedStatement ps = sink.connection().prepareStatement(
                "INSERT INTO audit_log (at, actor, action, target, reason, details) VALUES (?, ?, ?, ?, ?, ?)")) {
            for (int i = 0; i < AUDIT_ENTRIES; i++) {
                ps.setLong(1, start + i * (SeedMix.SPAN.toMillis() / AUDIT_ENTRIES));
                ps.setString(2, "token:ops-" + i % 7);
                ps.setString(3, i % 3 == 0 ? "job.retry" : i % 3 == 1 ? "job.cancel" : "queue.pause");
                ps.setString(4, i % 3 == 2 ? "queue:emails" : "job:" + new UUID(i, i));
                ps.setString(5, i % 5 == 0 ? "customer asked" : null);
                ps.setString(6, null);
                ps.addBatch();
            }
            ps.executeBatch();
        }
        try (PreparedStatement ps = sink.connection().prepareStatement("INSERT INTO alerts (key, rule, severity, title, message, hint,"
                + " context, raised_at, resolved_at) VALUES (?, 'queue.latency', 'WARNING', ?, 'jobs wait longer than 5 min',"
                + " 'add workers', '{}', ?, ?)")) {
            for (int i = 0; i < ALERTS; i++) {
                long raised = now.minus(Duration.ofHours(ALERTS - i)).toEpochMilli();
                ps.setString(1, "queue.latency:" + SeedMix.QUEUES[i % SeedMix.QUEUES.length] + ":" + i);
                ps.setString(2, "Queue " + SeedMix.QUEUES[i % SeedMix.QUEUES.length] + " falls behind");
                ps.setLong(3, raised);
                if (i >= ALERTS - 3) ps.setNull(4, java.sql.Types.BIGINT); // the last three are open
                else ps.setLong(4, raised + 600_000);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }
}
