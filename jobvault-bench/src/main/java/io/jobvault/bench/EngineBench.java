package io.jobvault.bench;

import io.jobvault.JobListener;
import io.jobvault.JobOutcome;
import io.jobvault.JobRequest;
import io.jobvault.JobState;
import io.jobvault.Jobvault;
import io.jobvault.JobvaultBuilder;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** The phases of {@code jobvault bench}, each on the same SQLite file, in order. */
final class EngineBench {
    private static final String TYPE = "bench.noop";
    private static final int SUBMIT_BATCH = 1000;
    private static final int SEED_CHUNK = 500_000;

    private final String url;
    private final String description;
    private final BenchSettings settings;
    private final int jobs;
    private final int concurrency;
    private final int threads;
    private final int retained;
    private final PostgresProbe postgres;
    private final PrintStream out;

    /** @param postgres counts transactions per phase and vacuums; null on SQLite */
    EngineBench(String url, String description, BenchSettings settings, PostgresProbe postgres, PrintStream out) {
        this.url = url;
        this.description = description;
        this.settings = settings;
        this.jobs = settings.jobs();
        this.concurrency = settings.concurrency();
        this.threads = settings.threads();
        this.retained = settings.retained();
        this.postgres = postgres;
        this.out = out;
    }

    void run() throws Exception {
        out.printf("jobvault bench: %d jobs per phase, drain concurrency %d, %d submit threads, store %s%n",
                jobs, concurrency, threads, description);
        if (postgres != null && !postgres.autovacuumOn()) {
            out.println("note: autovacuum is off on this server; the bench vacuums the jobs table itself between seeding chunks");
        }
        long tx = transactions();
        try (Jobvault submitter = base("bench-submit").build()) {
            long t0 = System.nanoTime();
            submitBatched(submitter, jobs);
            line("submit batched", jobs, t0, "submitAll of " + SUBMIT_BATCH + " per transaction");
        }
        tx = perJob(tx, jobs);
        try (Jobvault submitter = base("bench-submit").build()) {
            long t0 = System.nanoTime();
            submitConcurrently(submitter, jobs);
            line("submit concurrent", jobs, t0, threads + " threads, one job per submit call, group-committed");
        }
        tx = perJob(tx, jobs);
        double empty = drain(2 * jobs, "drain", 1);
        perJob(tx, 2 * jobs);
        pickup();
        if (settings.nodes() > 1) {
            try (Jobvault submitter = base("bench-submit").build()) {
                submitBatched(submitter, 2 * jobs);
            }
            long before = transactions();
            double many = drain(2 * jobs, "drain, " + settings.nodes() + " nodes", settings.nodes());
            perJob(before, 2 * jobs);
            out.printf("%d-node/1-node drain ratio: %.2f%n", settings.nodes(), many / empty);
        }
        if (settings.keys() > 0) keyedDrain(empty);
        if (retained > 0) {
            out.printf("seeding %d finished jobs to retain…%n", retained);
            for (int seeded = 0; seeded < retained; seeded += SEED_CHUNK) {
                int n = Math.min(SEED_CHUNK, retained - seeded);
                try (Jobvault submitter = base("bench-seed").build()) {
                    submitBatched(submitter, n);
                }
                drain(n, null, 1);
                if (postgres != null) postgres.vacuumJobs(); // what autovacuum does between chunks
            }
            try (Jobvault submitter = base("bench-submit").build()) {
                submitBatched(submitter, 2 * jobs); // the same backlog as the empty-table drain
            }
            double full = drain(2 * jobs, "drain with " + retained + " finished retained", 1);
            out.printf("retained/empty drain ratio: %.2f%n", full / empty);
        }
        if (settings.artifactBytes() > 0) ArtifactBench.run(base("bench-artifact"), settings.artifactBytes(), out);
        if (settings.fires() > 0) CoverageBench.run(base("bench-coverage"), settings.fires(), out);
    }

    private long transactions() throws java.sql.SQLException {
        return postgres == null ? 0 : postgres.transactions();
    }

    /** Prints the transactions per job since {@code before} (PostgreSQL only); returns the count now. */
    private long perJob(long before, int n) throws java.sql.SQLException {
        if (postgres == null) return 0;
        long now = postgres.transactions();
        out.printf("%-34s %10.3f%n", "  transactions per job:", (now - before) / (double) n);
        return now;
    }

    /** A node on the bench's store; artifacts go where the store keeps them by default. */
    private JobvaultBuilder base(String node) {
        return Jobvault.builder().database(url).nodeId(node);
    }

    private static void submitBatched(Jobvault jv, int n) {
        List<JobRequest> batch = new ArrayList<>(SUBMIT_BATCH);
        JobRequest request = JobRequest.of(TYPE, "{\"n\":1}");
        for (int i = 0; i < n; i++) {
            batch.add(request);
            if (batch.size() == SUBMIT_BATCH || i == n - 1) {
                jv.submitAll(batch);
                batch.clear();
            }
        }
    }

    private void submitConcurrently(Jobvault jv, int n) throws InterruptedException {
        JobRequest request = JobRequest.of(TYPE, "{\"n\":1}");
        AtomicLong left = new AtomicLong(n);
        List<Thread> ts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            ts.add(Thread.ofPlatform().start(() -> {
                while (left.getAndDecrement() > 0) jv.submit(request);
            }));
        }
        for (Thread t : ts) t.join();
    }

    /**
     * Runs {@code nodes} worker nodes (each with the full concurrency) until {@code expected} jobs are recorded
     * SUCCEEDED; prints a line when {@code label} is given.
     */
    private double drain(int expected, String label, int nodes) throws Exception {
        CountDownLatch done = new CountDownLatch(expected);
        JobListener counter = new JobListener() {
            @Override
            public void jobRecorded(io.jobvault.Job job, JobState state) {
                if (state == JobState.SUCCEEDED) done.countDown();
            }
        };
        long t0 = System.nanoTime();
        long built = 0, drained = 0;
        List<Jobvault> workers = new ArrayList<>();
        try {
            for (int i = 0; i < nodes; i++) {
                workers.add(base("bench-worker-" + i).queue("default", concurrency)
                        .handler(TYPE, ctx -> JobOutcome.success()).listener(counter).build());
            }
            built = System.nanoTime();
            if (!done.await(60, TimeUnit.MINUTES)) throw new IllegalStateException("drain did not finish in 60 min");
            drained = System.nanoTime();
        } finally {
            for (Jobvault w : workers) w.close();
        }
        double rate = expected / seconds(t0);
        if (label != null) {
            out.printf("%-34s %,10.0f jobs/s  (%d no-op jobs, %d node(s), concurrency %d each; build %.2f s, close %.2f s)%n",
                    label + ":", rate, expected, nodes, concurrency, (built - t0) / 1e9, (System.nanoTime() - drained) / 1e9);
        }
        return rate;
    }

    /**
     * Jobs spread round-robin over {@code keys} concurrency keys, limit 1 each: how fast they drain against the
     * unkeyed drain, and the most that ever ran at once with one key (must be 1).
     */
    private void keyedDrain(double unkeyed) throws Exception {
        int n = 2 * jobs, keys = settings.keys();
        try (Jobvault submitter = base("bench-submit").build()) {
            List<JobRequest> batch = new ArrayList<>(SUBMIT_BATCH);
            for (int i = 0; i < n; i++) {
                batch.add(JobRequest.builder(TYPE).payload("{\"k\":" + (i % keys) + "}").concurrencyKey("k" + (i % keys), 1).build());
                if (batch.size() == SUBMIT_BATCH || i == n - 1) {
                    submitter.submitAll(batch);
                    batch.clear();
                }
            }
        }
        java.util.concurrent.ConcurrentHashMap<String, java.util.concurrent.atomic.AtomicInteger> running = new java.util.concurrent.ConcurrentHashMap<>();
        java.util.concurrent.atomic.AtomicInteger most = new java.util.concurrent.atomic.AtomicInteger();
        CountDownLatch done = new CountDownLatch(n);
        long t0 = System.nanoTime();
        try (Jobvault worker = base("bench-worker-keyed").queue("default", concurrency).handler(TYPE, ctx -> {
            java.util.concurrent.atomic.AtomicInteger r = running.computeIfAbsent(ctx.payload(), k -> new java.util.concurrent.atomic.AtomicInteger());
            most.accumulateAndGet(r.incrementAndGet(), Math::max);
            r.decrementAndGet();
            return JobOutcome.success();
        }).listener(new JobListener() {
            @Override
            public void jobRecorded(io.jobvault.Job job, JobState state) {
                if (state == JobState.SUCCEEDED) done.countDown();
            }
        }).build()) {
            if (!done.await(60, TimeUnit.MINUTES)) throw new IllegalStateException("keyed drain did not finish in 60 min");
        }
        double rate = n / seconds(t0);
        out.printf("%-34s %,10.0f jobs/s  (%d no-op jobs over %d keys, limit 1 each; most running with one key: %d)%n",
                "drain, concurrency keys:", rate, n, keys, most.get());
        out.printf("keyed/unkeyed drain ratio: %.2f%n", rate / unkeyed);
    }

    /** Idle engine: one job at a time, from the start of submit() to the start of its handler. */
    private void pickup() throws InterruptedException {
        SynchronousQueue<Long> started = new SynchronousQueue<>();
        long[] micros = new long[settings.pickupSamples()];
        try (Jobvault jv = base("bench-pickup").queue("default", 4).handler(TYPE, ctx -> {
            started.put(System.nanoTime());
            return JobOutcome.success();
        }).build()) {
            for (int i = 0; i < micros.length; i++) {
                long t0 = System.nanoTime();
                jv.submit(JobRequest.of(TYPE, "{}"));
                long t1 = started.take();
                micros[i] = (t1 - t0) / 1000;
            }
        }
        Arrays.sort(micros);
        out.printf("%-34s p50 %.2f ms, p99 %.2f ms  (%d samples, submit() call to handler start, includes the commit's fsync)%n",
                "idle pickup latency:", micros[micros.length / 2] / 1000.0, micros[(int) Math.ceil(micros.length * 0.99) - 1] / 1000.0,
                micros.length);
    }

    private void line(String label, int n, long t0, String how) {
        out.printf("%-34s %,10.0f jobs/s  (%d jobs; %s)%n", label + ":", n / seconds(t0), n, how);
    }

    private static double seconds(long t0) {
        return Math.max(1e-9, (System.nanoTime() - t0) / 1e9);
    }
}
