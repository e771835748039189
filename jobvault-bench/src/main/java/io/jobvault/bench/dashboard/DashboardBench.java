package io.jobvault.bench.dashboard;

import io.jobvault.FinishedRuns;
import io.jobvault.JobCount;
import io.jobvault.Jobvault;
import io.jobvault.id.JobIds;
import io.jobvault.store.JobStore;
import io.jobvault.store.JobStoreProvider;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * {@code jobvault bench --dashboard}: seeds a fresh store with a week of jobs ({@link SeedMix}), holds its counters to
 * what was written, then times every read a dashboard page makes ({@link DashboardCalls}) on a node built on that store,
 * and prints p50 and p95 per call against the goal (each call ≤ 50 ms at p95, the overview ≤ 20 ms).
 */
public final class DashboardBench {
    /**
     * This run's node: its own id, since PostgreSQL locks node ids database-wide and another bench (or its test) may be
     * timing another schema of the same database at the same time.
     */
    private static final String NODE_ID = "bench-dashboard-" + ProcessHandle.current().pid() + "-"
            + Long.toHexString(new java.util.SplittableRandom().nextLong() & 0xffffffL);

    /** The store's metadata key of the job id secret (see JobvaultBuilder), so seeded ids verify as this store's. */
    private static final String ID_SECRET_KEY = "job_id_secret";
    private static final int WARM_UP = 10;

    /** One call's figures. */
    public record Timing(String name, int runs, double p50Millis, double p95Millis, double goalMillis, long rows) {
        public boolean pass() {
            return p95Millis <= goalMillis;
        }
    }

    /** What a run found: exact counters, and each call's timing. */
    public record Result(boolean countersExact, List<Timing> timings) {
        public boolean pass() {
            return countersExact && timings.stream().allMatch(Timing::pass);
        }
    }

    private final String url;
    private final String description;
    private final long jobs;
    private final int runs;
    private final boolean reuse;
    private final PrintStream out;

    /**
     * @param url   a fresh store (SQLite file or PostgreSQL schema), or with {@code reuse} one an earlier run seeded
     * @param runs  timed runs of each call
     * @param reuse time the store as an earlier run left it (after a new migration, say) instead of seeding it
     */
    public DashboardBench(String url, String description, long jobs, int runs, boolean reuse, PrintStream out) {
        this.url = url;
        this.description = description;
        this.jobs = jobs;
        this.runs = runs;
        this.reuse = reuse;
        this.out = out;
    }

    public Result run() throws Exception {
        if (reuse) return rerun();
        out.printf("jobvault bench --dashboard: %,d jobs over %d days, store %s%n", jobs, SeedMix.SPAN.toDays(), description);
        Instant now = Instant.now();
        JobIds ids;
        try (JobStore store = JobStoreProvider.require(url).open(url)) { // migrates the fresh store
            ids = new JobIds(store.metaGetOrInit(ID_SECRET_KEY, JobIds.newSecret()));
        }
        long step = Math.max(1, jobs / 10 / DashboardSeeder.JOBS_PER_TRANSACTION) * DashboardSeeder.JOBS_PER_TRANSACTION;
        DashboardSeeder.Seeded seeded = DashboardSeeder.seed(url, jobs, now, ids, done -> {
            if (done % step == 0 || done == jobs) out.printf("  seeded %,d jobs%n", done);
        });
        out.printf("seeded %,d jobs in %.0f s (%,.0f jobs/s; store triggers on)%n", jobs, seeded.seconds(), jobs / seeded.seconds());
        try (JobStore store = JobStoreProvider.require(url).open(url)) {
            settle(store, now);
            if (url.startsWith("jdbc:postgresql:")) vacuum();
            boolean exact = countersExact(store, seeded);
            try (Jobvault jv = Jobvault.builder().store(store).nodeId(NODE_ID).build()) {
                DashboardSeeder.schedules(jv);
                Result result = new Result(exact, time(DashboardCalls.all(jv, store, now, seeded.deadJobs())));
                print(result);
                return result;
            }
        }
    }

    /**
     * Times a store seeded by an earlier run, as of when it was seeded (its newest job), with dead jobs picked from it.
     * Its counters are not checked again: there is no tally of what was written.
     */
    private Result rerun() throws Exception {
        out.printf("jobvault bench --dashboard --reuse: store %s as seeded before%n", description);
        try (JobStore store = JobStoreProvider.require(url).open(url)) { // applies migrations added since the seed
            Instant now;
            List<java.util.UUID> dead = new ArrayList<>();
            try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
                try (var rs = st.executeQuery("SELECT max(created_at), count(*) FROM jobs WHERE state = 'available'")) {
                    rs.next();
                    now = Instant.ofEpochMilli(rs.getLong(1));
                    out.printf("  %,d available jobs, newest created %s%n", rs.getLong(2), now);
                }
                try (var rs = st.executeQuery("SELECT id FROM jobs WHERE state = 'dead'")) {
                    for (long i = 0; rs.next(); i++) if (i % 200 == 0) dead.add(java.util.UUID.fromString(rs.getString(1)));
                }
            }
            if (url.startsWith("jdbc:postgresql:")) vacuum();
            try (Jobvault jv = Jobvault.builder().store(store).nodeId(NODE_ID).build()) {
                Result result = new Result(true, time(DashboardCalls.all(jv, store, now, dead)));
                print(result);
                return result;
            }
        }
    }

    /**
     * What the maintenance leader does every few seconds, done to the end before timing: fold the counters' logs
     * (PostgreSQL) and forget per-minute figures past their retention.
     */
    private void settle(JobStore store, Instant now) {
        long folded = 0, pruned = 0;
        for (int n; (n = store.jobStatsFold(10_000)) > 0; ) folded += n;
        for (int n; (n = store.jobStatsPrune(now.minus(FinishedRuns.RETENTION), 10_000)) > 0; ) pruned += n;
        out.printf("counters: %,d log rows folded, %,d per-minute rows past retention pruned%n", folded, pruned);
    }

    /** The counters of every tenant and of one, against the tally of what was written (no count of the table). */
    private boolean countersExact(JobStore store, DashboardSeeder.Seeded seeded) {
        Map<String, Long> all = new HashMap<>(), one = new HashMap<>();
        seeded.tally().forEach((k, n) -> {
            String key = k.queue() + "/" + k.type() + "/" + k.state().dbName();
            all.merge(key, n, Long::sum);
            if (k.tenant().equals("globex")) one.merge(key, n, Long::sum);
        });
        boolean exact = asMap(store.jobCounts(null)).equals(all) && asMap(store.jobCounts("globex")).equals(one);
        out.printf("counters: %s (%,d keys, every tenant and tenant globex, against what was written)%n",
                exact ? "exact" : "WRONG", all.size());
        return exact;
    }

    private static Map<String, Long> asMap(List<JobCount> counts) {
        Map<String, Long> m = new HashMap<>();
        for (JobCount c : counts) m.merge(c.queue() + "/" + c.type() + "/" + c.state().dbName(), c.count(), Long::sum);
        return m;
    }

    /**
     * PostgreSQL's statistics and visibility map, as autovacuum leaves them (this server runs it off). The counters'
     * tables are rewritten: the seed appended a week of changes to their logs with no leader folding them every few
     * seconds, so the fold left a million dead rows, and the pages that held them, which every count would read. A
     * store in use never grows its logs past a few seconds of changes (the store vacuums them every 5,000 dead rows).
     */
    private void vacuum() throws SQLException {
        long t0 = System.nanoTime();
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            for (String table : new String[] {"job_counts", "job_counts_log", "job_throughput", "job_throughput_log"}) {
                st.execute("VACUUM (FULL, ANALYZE) " + table);
            }
            for (String table : new String[] {"jobs", "job_attempts", "job_labels", "audit_log", "alerts"}) {
                st.execute("VACUUM (ANALYZE) " + table);
            }
        }
        out.printf("vacuumed and analyzed in %.0f s%n", (System.nanoTime() - t0) / 1e9);
    }

    private List<Timing> time(List<DashboardCalls.Call> calls) {
        List<Timing> timings = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(7);
        for (DashboardCalls.Call call : calls) {
            for (int i = 0; i < WARM_UP; i++) call.run().run(random);
            long[] nanos = new long[runs];
            long rows = 0;
            for (int i = 0; i < runs; i++) {
                long t0 = System.nanoTime();
                rows += call.run().run(random);
                nanos[i] = System.nanoTime() - t0;
            }
            Arrays.sort(nanos);
            timings.add(new Timing(call.name(), runs, nanos[runs / 2] / 1e6, nanos[(int) Math.ceil(runs * 0.95) - 1] / 1e6,
                    call.goalMillis(), rows / runs));
        }
        return timings;
    }

    private void print(Result result) {
        out.printf("%-42s %5s %6s %8s %8s %6s%n", "call (in-process, as the page's handler)", "runs", "rows", "p50 ms", "p95 ms", "goal");
        for (Timing t : result.timings()) {
            out.printf("%-42s %5d %6d %8.2f %8.2f %6s %s%n", t.name(), t.runs(), t.rows(), t.p50Millis(), t.p95Millis(),
                    "≤" + (int) t.goalMillis(), t.pass() ? "PASS" : "FAIL");
        }
        long failed = result.timings().stream().filter(t -> !t.pass()).count();
        out.printf("dashboard bench: %s (%d of %d calls within the goal at p95%s)%n", result.pass() ? "PASS" : "FAIL",
                result.timings().size() - failed, result.timings().size(), result.countersExact() ? "" : "; counters WRONG");
    }
}
