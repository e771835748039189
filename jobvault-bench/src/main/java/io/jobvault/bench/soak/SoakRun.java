package io.jobvault.bench.soak;

import io.jobvault.Job;
import io.jobvault.JobListener;
import io.jobvault.JobOutcome;
import io.jobvault.JobRequest;
import io.jobvault.JobState;
import io.jobvault.Jobvault;
import io.jobvault.JobvaultBuilder;
import io.jobvault.Retention;
import io.jobvault.bench.MachineCalibration;
import io.jobvault.bench.soak.SoakSeries.Column;
import io.jobvault.client.JobvaultClient;
import io.jobvault.client.RemoteWorker;
import io.jobvault.schedule.JobTemplate;
import io.jobvault.schedule.Schedule;
import io.jobvault.schedule.Timing;
import io.jobvault.server.JobvaultServer;
import io.jobvault.server.ServerConfig;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

/**
 * One soak: measure the drain capacity (unless given a rate), run a node (or, with HTTP, a server on a loopback port
 * and a remote worker) under a steady mix at a fixed rate, take the figures every interval, and judge them.
 */
final class SoakRun {
    private static final int SUBMIT_BATCH = 500;
    private static final int SAMPLES_PER_INTERVAL = 6;

    private final SoakSettings s;
    private final PrintStream out;
    private final String suffix = Long.toHexString(System.nanoTime() & 0xffffffffL);
    private final RunLedger ledger = new RunLedger();
    private final PickupLatency pickup = new PickupLatency();
    private final SoakMix mix;
    private final AtomicLong submitted = new AtomicLong();
    private final AtomicLong submitErrors = new AtomicLong();
    private final AtomicLong rescued = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private volatile boolean stopping;
    /** Printed last, after the node stopped and the machine was calibrated again. */
    private String verdictLine;

    SoakRun(SoakSettings settings, PrintStream out) {
        this.s = settings;
        this.out = out;
        this.mix = new SoakMix(ledger, pickup, settings.longJob(), settings.injectDuplicate());
    }

    /** Runs the soak and prints the verdict; returns 0 when it held, 1 when something grew or ran twice. */
    int run() throws Exception {
        Path hikari = s.workDir().resolve("hikari.properties");
        // HikariCP reads this file in every HikariConfig it creates: management beans on (the connection counts), and
        // the max lifetime, so pools retire connections during the soak as they do in production.
        long lifetime = s.poolLifetime().toMillis();
        Files.writeString(hikari, "registerMbeans=true\nmaxLifetime=" + lifetime + "\nkeepaliveTime=0\nidleTimeout="
                + Math.min(600_000, lifetime / 2) + "\n");
        String previous = System.setProperty("hikaricp.configurationFile", hikari.toString());
        try {
            out.println(MachineCalibration.line(s.workDir()));
            double rate = s.rate() > 0 ? s.rate() : s.load() * capacity();
            int verdict = soak(rate);
            out.println(MachineCalibration.line(s.workDir()));
            out.println(verdictLine);
            return verdict;
        } finally {
            if (previous == null) System.clearProperty("hikaricp.configurationFile");
            else System.setProperty("hikaricp.configurationFile", previous);
        }
    }

    /** Drains {@code probeJobs} no-op jobs with the soak's concurrency on the soak's store; jobs per second. */
    private double capacity() throws Exception {
        try (Jobvault submitter = node(Jobvault.builder().database(s.url()), "soak-probe-submit").build()) {
            List<JobRequest> batch = new ArrayList<>();
            for (int i = 0; i < s.probeJobs(); i++) {
                batch.add(JobRequest.of("soak.probe", "{}"));
                if (batch.size() == SUBMIT_BATCH || i == s.probeJobs() - 1) {
                    submitter.submitAll(batch);
                    batch.clear();
                }
            }
        }
        CountDownLatch done = new CountDownLatch(s.probeJobs());
        long t0 = System.nanoTime();
        try (Jobvault drain = node(Jobvault.builder().database(s.url()), "soak-probe").queue(SoakMix.QUEUE, s.concurrency())
                .handler("soak.probe", ctx -> JobOutcome.success()).listener(new JobListener() {
                    @Override
                    public void jobRecorded(Job job, JobState state) {
                        if (state == JobState.SUCCEEDED) done.countDown();
                    }
                }).build()) {
            if (!done.await(10, TimeUnit.MINUTES)) throw new IllegalStateException("the capacity probe did not drain in 10 minutes");
        }
        double capacity = s.probeJobs() / ((System.nanoTime() - t0) / 1e9);
        out.printf("drain capacity: %,.0f jobs/s (%d no-op jobs, concurrency %d); soak load %.0f%% of it: %,.0f jobs/s%n",
                capacity, s.probeJobs(), s.concurrency(), 100 * s.load(), s.load() * capacity);
        return capacity;
    }

    private int soak(double rate) throws Exception {
        out.printf("soak: %s, %s, %,.0f jobs/s of the mix, %s long jobs every %s, fan-out of %d keys every %s, retention %s,"
                        + " pool connections retire every %s%s%n", s.sqliteFile() != null ? "SQLite " + s.sqliteFile() : "PostgreSQL",
                human(s.duration()), rate, human(s.longJob()), human(s.longJobEvery()), s.fanoutKeys(), human(s.interval()),
                human(s.retention()), human(s.poolLifetime()), s.http() ? String.format(", plus %.0f jobs/s over HTTP to a remote worker", s.httpRate()) : "");
        JobvaultServer server = null;
        Jobvault jv = null;
        RemoteWorker worker = null;
        List<Thread> generators = new ArrayList<>();
        try {
            JobvaultClient client = null;
            if (s.http()) {
                String token = "soak-" + UUID.randomUUID();
                server = JobvaultServer.start(new ServerConfig("127.0.0.1", 0, ServerConfig.DEFAULT_MAX_BODY, s.url(), token), this::engine);
                jv = server.jobvault();
                client = JobvaultClient.create("http://127.0.0.1:" + server.port(), token);
                worker = RemoteWorker.builder(client).queue(SoakMix.REMOTE_QUEUE).handler(SoakMix.TYPE, mix.handler())
                        .concurrency(32).name("soak-remote-" + suffix).pollWait(Duration.ofSeconds(5)).start();
            } else {
                JobvaultBuilder b = Jobvault.builder().database(s.url());
                engine(b);
                jv = b.build();
            }
            Jobvault node = jv;
            generators.add(Thread.ofPlatform().name("soak-load").start(() -> generate(node, rate)));
            if (client != null) {
                JobvaultClient c = client;
                generators.add(Thread.ofPlatform().name("soak-http-load").start(() -> generateHttp(c)));
            }
            try (StoreProbe store = s.sqliteFile() != null ? StoreProbe.sqlite(s.sqliteFile()) : StoreProbe.postgres(s.url());
                 SoakSeries series = new SoakSeries(columns(store), out, s.csv())) {
                if (store.vacuums()) out.println("note: autovacuum is off on this server; the soak vacuums its own tables once per interval, as autovacuum would");
                sample(store, series);
                return verdict(series);
            }
        } finally {
            stopping = true;
            for (Thread t : generators) t.join();
            if (worker != null) worker.close();
            if (server != null) server.close();
            else if (jv != null) jv.close();
        }
    }

    /** The soak's node: the mix's handlers and queues, a short retention, the fan-out schedule. */
    private void engine(JobvaultBuilder b) {
        List<String> keys = IntStream.range(0, s.fanoutKeys()).mapToObj(i -> "k" + i).toList();
        node(b, "soak-" + suffix).queue(SoakMix.QUEUE, s.concurrency()).queue(SoakMix.LONG_QUEUE, 16)
                .handler(SoakMix.TYPE, mix.handler()).handler(SoakMix.LONG_TYPE, mix.longHandler()).handler(SoakMix.FAN_TYPE, mix.fanHandler())
                .artifactDirectory(s.workDir().resolve("artifacts"))
                .scheduleFireRetention(s.retention())
                .listener(new JobListener() {
                    @Override
                    public void jobRescued(UUID id, String type, String node, Duration ran, String reason) {
                        rescued.incrementAndGet();
                    }

                    @Override
                    public void jobResultRejected(UUID id, int attempt) {
                        rejected.incrementAndGet();
                    }
                });
        if (s.fanoutKeys() > 0) {
            b.schedule(Schedule.builder("soak-fanout", Timing.every(s.interval()), JobTemplate.of(SoakMix.FAN_TYPE)).keys(keys).build());
        }
    }

    /** Settings every node of the soak shares (PostgreSQL locks node ids database-wide: unique names). */
    private JobvaultBuilder node(JobvaultBuilder b, String id) {
        return b.nodeId(id + (id.endsWith(suffix) ? "" : "-" + suffix)).retention(Retention.all(s.retention()));
    }

    /** Submits the mix at {@code rate} jobs per second in small batches, and a long job every so often. */
    private void generate(Jobvault jv, double rate) {
        long t0 = System.nanoTime(), due = 0, longs = 0;
        List<JobRequest> batch = new ArrayList<>(SUBMIT_BATCH);
        while (!stopping) {
            double elapsed = (System.nanoTime() - t0) / 1e9;
            long target = (long) (rate * elapsed);
            if (target - due > 5 * rate) due = target - (long) rate; // more than 5 s behind: the shortfall shows as throughput
            long now = System.currentTimeMillis();
            for (; due < target; due++) {
                batch.add(mix.next(SoakMix.QUEUE, now));
                if (batch.size() == SUBMIT_BATCH) submit(jv, batch);
            }
            for (; longs < (long) (elapsed / (s.longJobEvery().toNanos() / 1e9)); longs++) batch.add(mix.longJob(now));
            if (!batch.isEmpty()) submit(jv, batch);
            pause(50);
        }
    }

    private void submit(Jobvault jv, List<JobRequest> batch) {
        try {
            jv.submitAll(batch);
            submitted.addAndGet(batch.size());
        } catch (RuntimeException e) {
            if (submitErrors.getAndIncrement() == 0) out.println("soak: a submit failed (counted; later ones are not printed): " + e);
        } finally {
            batch.clear();
        }
    }

    /** Submits jobs one request each over HTTP, to the remote worker's queue. */
    private void generateHttp(JobvaultClient client) {
        long t0 = System.nanoTime(), due = 0;
        while (!stopping) {
            long target = (long) (s.httpRate() * (System.nanoTime() - t0) / 1e9);
            if (target - due > 5 * s.httpRate()) due = target - (long) s.httpRate();
            for (; due < target && !stopping; due++) {
                try {
                    client.submit(mix.next(SoakMix.REMOTE_QUEUE, System.currentTimeMillis()));
                    submitted.incrementAndGet();
                } catch (RuntimeException e) {
                    if (submitErrors.getAndIncrement() == 0) out.println("soak: an HTTP submit failed (counted; later ones are not printed): " + e);
                }
            }
            pause(20);
        }
    }

    private List<Column> columns(StoreProbe store) {
        List<Column> c = new ArrayList<>(List.of(
                Column.up("heap_mib", "heapMiB", "%.1f", 8),
                Column.up("rss_mib", "rssMiB", "%.0f", 32),
                Column.up("connections", "conns", "%.0f", 1),
                Column.up("open_fds", "fds", "%.0f", 8),
                Column.up("jobs_rows", "  jobsRows", "%,.0f", 2000),
                Column.up("other_rows", "otherRows", "%,.0f", 2000),
                Column.up("store_mib", "storeMiB", "%.1f", 8),
                s.sqliteFile() != null ? Column.up("wal_mib", "walMiB", "%.1f", 8) : Column.info("database_mib", "dbMiB", "%.0f"),
                Column.up("artifacts_mib", "artMiB", "%.2f", 2),
                Column.up("pickup_p50_ms", "p50ms", "%.0f", 10),
                Column.up("pickup_p99_ms", "p99ms", "%.0f", 50),
                Column.info("done_per_s", "  done/s", "%,.0f"), // judged against sub/s: GrowthCheck.fallsBehind
                Column.info("submitted_per_s", "   sub/s", "%,.0f"),
                Column.info("duplicates", "dups", "%.0f"),
                Column.info("load_average", "load", "%.1f"),
                new Column("ledger_entries", "", "%.0f", false, false, 0, GrowthCheck.Worse.UP)));
        for (String t : store.tables()) {
            if (!t.equals("jobs")) c.add(new Column("rows_" + t, "", "%.0f", false, true, 2000, GrowthCheck.Worse.UP));
        }
        return c;
    }

    /**
     * Every interval: the figures of the shown columns. Row counts and sizes are the mean of samples spread over the
     * interval, so where in the pruner's cycle a sample falls does not decide the figure.
     */
    private void sample(StoreProbe store, SoakSeries series) throws Exception {
        long t0 = System.nanoTime(), intervalNanos = s.interval().toNanos();
        int intervals = (int) Math.max(1, s.duration().toNanos() / intervalNanos);
        long lastEnded = ledger.ended(), lastSubmitted = submitted.get();
        List<String> tables = store.tables();
        for (int i = 1; i <= intervals; i++) {
            double[] rows = new double[tables.size()];
            double storeMib = 0, walMib = 0, artifacts = 0;
            int artifactSamples = 0;
            for (int k = 1; k <= SAMPLES_PER_INTERVAL; k++) {
                pauseUntil(t0 + (i - 1) * intervalNanos + k * intervalNanos / SAMPLES_PER_INTERVAL);
                Map<String, Long> counts = store.rows();
                for (int j = 0; j < rows.length; j++) rows[j] += counts.get(tables.get(j)) / (double) SAMPLES_PER_INTERVAL;
                storeMib += store.storeMib() / SAMPLES_PER_INTERVAL;
                walMib += store.walOrDatabaseMib() / SAMPLES_PER_INTERVAL;
                double a = ProcessProbe.directoryMib(s.workDir().resolve("artifacts"));
                if (!Double.isNaN(a)) {
                    artifacts += a;
                    artifactSamples++;
                }
                ledger.forgetEndedBefore(System.nanoTime() - s.retention().plusSeconds(30).toNanos());
            }
            store.vacuumIfNeeded();
            double seconds = intervalNanos / 1e9;
            double[] p = pickup.quantilesAndReset(0.50, 0.99);
            long ended = ledger.ended(), sub = submitted.get();
            double jobsRows = 0, otherRows = 0;
            for (int j = 0; j < rows.length; j++) {
                if (tables.get(j).equals("jobs")) jobsRows = rows[j];
                else otherRows += rows[j];
            }
            List<Double> values = new ArrayList<>(List.of(ProcessProbe.heapAfterGcMib(), ProcessProbe.rssMib(), ProcessProbe.poolConnections(),
                    ProcessProbe.openFds(), jobsRows, otherRows, storeMib, walMib,
                    artifactSamples == 0 ? Double.NaN : artifacts / artifactSamples, p[0], p[1],
                    (ended - lastEnded) / seconds, (sub - lastSubmitted) / seconds, (double) ledger.duplicates(),
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), (double) ledger.size()));
            for (int j = 0; j < rows.length; j++) if (!tables.get(j).equals("jobs")) values.add(rows[j]);
            series.add((System.nanoTime() - t0) / 1e9, values.stream().mapToDouble(Double::doubleValue).toArray());
            lastEnded = ended;
            lastSubmitted = sub;
        }
    }

    private int verdict(SoakSeries series) throws java.io.IOException {
        List<String> problems = new ArrayList<>();
        long duplicates = ledger.duplicates();
        if (duplicates > 0) problems.add(duplicates + " job(s) ran twice without a crash");
        if (series.size() < GrowthCheck.MIN_INTERVALS) {
            out.printf("growth check skipped: %d intervals, it needs at least %d (minute 5 against the end)%n", series.size(), GrowthCheck.MIN_INTERVALS);
        } else {
            problems.addAll(series.growth());
            GrowthCheck.fallsBehind(series.column("done_per_s"), series.column("submitted_per_s")).ifPresent(problems::add);
        }
        out.printf("rescued jobs: %d, rejected results: %d, failed submits: %d (nothing crashed: each rescue is a lease this node failed to keep)%n",
                rescued.get(), rejected.get(), submitErrors.get());
        if (s.svg() != null) series.writeSvg(s.svg(), "jobvault soak, " + (s.sqliteFile() != null ? "SQLite" : "PostgreSQL") + ", " + human(s.duration()));
        if (problems.isEmpty()) {
            verdictLine = String.format("soak verdict: PASS (%d intervals; %s)", series.size(), series.size() < GrowthCheck.MIN_INTERVALS
                    ? "no duplicates; too short to judge growth" : "no series grew more than 10% from minute 5 to the end, no duplicates");
            return 0;
        }
        for (String p : problems) out.println("  " + p);
        verdictLine = String.format("soak verdict: FAIL (%d problem(s): %s)", problems.size(), String.join("; ", problems));
        return 1;
    }

    static String human(Duration d) {
        long sec = d.toSeconds();
        return sec % 60 == 0 && sec >= 60 ? (sec / 60) + " min" : sec + " s";
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void pauseUntil(long nanos) throws InterruptedException {
        long left;
        while ((left = nanos - System.nanoTime()) > 0) TimeUnit.NANOSECONDS.sleep(left);
    }
}
