package io.jobvault.bench;

import io.jobvault.JobListener;
import io.jobvault.JobOutcome;
import io.jobvault.JobRequest;
import io.jobvault.JobState;
import io.jobvault.Jobvault;
import io.jobvault.JobvaultBuilder;
import java.io.PrintStream;
import java.nio.file.Path;
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

    private final String url;
    private final String description;
    private final int jobs;
    private final int concurrency;
    private final int threads;
    private final int retained;
    private final int pickupSamples;
    private final PrintStream out;
    private final Path artifactDir = Path.of(System.getProperty("java.io.tmpdir"), "jobvault-bench-artifacts");

    EngineBench(String url, String description, int jobs, int concurrency, int threads, int retained, int pickupSamples,
                PrintStream out) {
        this.url = url;
        this.description = description;
        this.jobs = jobs;
        this.concurrency = concurrency;
        this.threads = threads;
        this.retained = retained;
        this.pickupSamples = pickupSamples;
        this.out = out;
    }

    void run() throws Exception {
        out.printf("jobvault bench: %d jobs per phase, drain concurrency %d, %d submit threads, store %s%n",
                jobs, concurrency, threads, description);
        try (Jobvault submitter = base("bench-submit").build()) {
            long t0 = System.nanoTime();
            submitBatched(submitter, jobs);
            line("submit batched", jobs, t0, "submitAll of " + SUBMIT_BATCH + " per transaction");
            t0 = System.nanoTime();
            submitConcurrently(submitter, jobs);
            line("submit concurrent", jobs, t0, threads + " threads, one job per submit call, group-committed");
        }
        double empty = drain(2 * jobs, "drain");
        pickup();
        if (retained > 0) {
            out.printf("seeding %d finished jobs to retain…%n", retained);
            try (Jobvault submitter = base("bench-seed").build()) {
                submitBatched(submitter, retained);
            }
            drain(retained, null);
            try (Jobvault submitter = base("bench-submit").build()) {
                submitBatched(submitter, 2 * jobs); // the same backlog as the empty-table drain
            }
            double full = drain(2 * jobs, "drain with " + retained + " finished retained");
            out.printf("retained/empty drain ratio: %.2f%n", full / empty);
        }
    }

    private JobvaultBuilder base(String node) {
        return Jobvault.builder().database(url).nodeId(node).artifactDirectory(artifactDir);
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

    /** Runs until {@code expected} jobs are recorded SUCCEEDED; prints a line when {@code label} is given. */
    private double drain(int expected, String label) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(expected);
        JobListener counter = new JobListener() {
            @Override
            public void jobRecorded(io.jobvault.Job job, JobState state) {
                if (state == JobState.SUCCEEDED) done.countDown();
            }
        };
        long t0 = System.nanoTime();
        try (Jobvault worker = base("bench-worker").queue("default", concurrency)
                .handler(TYPE, ctx -> JobOutcome.success()).listener(counter).build()) {
            if (!done.await(30, TimeUnit.MINUTES)) throw new IllegalStateException("drain did not finish in 30 min");
        }
        double rate = expected / seconds(t0);
        if (label != null) out.printf("%-34s %,10.0f jobs/s  (%d no-op jobs, concurrency %d)%n", label + ":", rate, expected, concurrency);
        return rate;
    }

    /** Idle engine: one job at a time, from the start of submit() to the start of its handler. */
    private void pickup() throws InterruptedException {
        SynchronousQueue<Long> started = new SynchronousQueue<>();
        long[] micros = new long[pickupSamples];
        try (Jobvault jv = base("bench-pickup").queue("default", 4).handler(TYPE, ctx -> {
            started.put(System.nanoTime());
            return JobOutcome.success();
        }).build()) {
            for (int i = 0; i < pickupSamples; i++) {
                long t0 = System.nanoTime();
                jv.submit(JobRequest.of(TYPE, "{}"));
                long t1 = started.take();
                micros[i] = (t1 - t0) / 1000;
            }
        }
        Arrays.sort(micros);
        out.printf("%-34s p50 %.2f ms, p99 %.2f ms  (%d samples, submit() call to handler start, includes the commit's fsync)%n",
                "idle pickup latency:", micros[micros.length / 2] / 1000.0, micros[(int) Math.ceil(micros.length * 0.99) - 1] / 1000.0,
                pickupSamples);
    }

    private void line(String label, int n, long t0, String how) {
        out.printf("%-34s %,10.0f jobs/s  (%d jobs; %s)%n", label + ":", n / seconds(t0), n, how);
    }

    private static double seconds(long t0) {
        return Math.max(1e-9, (System.nanoTime() - t0) / 1e9);
    }
}
