package io.jobvault.bench.soak;

import java.nio.file.Files;
import java.nio.file.Path;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code jobvault soak}: the engine under steady load for a long time; fails when anything grows or a job runs twice. */
@Command(name = "soak", mixinStandardHelpOptions = true,
        description = {"Runs the engine under steady load for a long time and checks that nothing grows.",
                "Measures the drain capacity, then submits a realistic mix (successes, retries, failures to dead, snoozes,"
                        + " long jobs with progress, artifacts, a fan-out schedule) at a fixed fraction of it, with a one-minute"
                        + " retention. Every interval prints heap after GC, RSS, pool connections, open files, table rows, store"
                        + " and WAL size, artifact size, pickup p50/p99, throughput and duplicates. Exits 1 when a series grows by"
                        + " more than 10%% from minute 5 to the end (runs of 7 intervals or more) or a job ran twice without a crash."})
public final class SoakCommand implements Callable<Integer> {
    @Option(names = "--minutes", description = "How long to run, in minutes (one line per minute).")
    Integer minutes;

    @Option(names = "--seconds", description = "How long to run, in seconds, with a line every 10 s: a quick check (too short to judge growth).")
    Integer seconds;

    @Option(names = "--db", description = "Run on PostgreSQL: a jdbc:postgresql: URL; the soak uses a new schema in it and drops it afterwards"
            + " (default: a fresh SQLite file).")
    String db;

    @Option(names = "--http", description = "Also run the HTTP server on a loopback port and a remote worker, with --http-rate jobs/s submitted over HTTP.")
    boolean http;

    @Option(names = "--http-rate", defaultValue = "50", description = "With --http, jobs per second submitted over HTTP to the remote worker's queue (default ${DEFAULT-VALUE}).")
    double httpRate;

    @Option(names = "--load", defaultValue = "0.6", description = "Fraction of the measured drain capacity to submit (default ${DEFAULT-VALUE}).")
    double load;

    @Option(names = "--rate", description = "Jobs per second to submit, instead of measuring the capacity.")
    Double rate;

    @Option(names = "--probe-jobs", defaultValue = "20000", description = "No-op jobs drained to measure the capacity (default ${DEFAULT-VALUE}).")
    int probeJobs;

    @Option(names = "--concurrency", defaultValue = "128", description = "Worker concurrency of the main queue (default ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--fanout-keys", defaultValue = "5000", description = "Keys of the fan-out schedule, fired every minute (default ${DEFAULT-VALUE}; 0: none; with --seconds, a sixth of them every 10 s).")
    int fanoutKeys;

    @Option(names = "--pool-lifetime", defaultValue = "60", description = "Seconds a pooled connection lives before HikariCP retires it (default ${DEFAULT-VALUE},"
            + " so a soak sees many retirements; HikariCP's own default is 1800; at least 30).")
    int poolLifetime;

    @Option(names = "--csv", description = "Also write the series to this CSV file.")
    Path csv;

    @Option(names = "--svg", description = "Also draw the series into this SVG file.")
    Path svg;

    /** Tests only: one job's handler runs a second time, which the soak must report. */
    boolean injectDuplicate;

    /** Where the figures go; tests capture them. */
    java.io.PrintStream out = System.out;

    @Override
    public Integer call() throws Exception {
        if ((minutes == null) == (seconds == null) || (minutes != null && minutes < 1) || (seconds != null && seconds < 10)
                || load <= 0 || load > 1 || (rate != null && rate <= 0) || probeJobs < 100 || concurrency < 1
                || fanoutKeys < 0 || fanoutKeys > io.jobvault.schedule.Schedule.MAX_KEYS || poolLifetime < 30 || httpRate <= 0) {
            System.err.println("soak: give one of --minutes (>= 1) or --seconds (>= 10); --load within (0, 1], --rate > 0,"
                    + " --probe-jobs >= 100, --concurrency >= 1, --fanout-keys within 0..100000, --pool-lifetime >= 30, --http-rate > 0");
            return 2;
        }
        if (db != null && !db.startsWith("jdbc:postgresql:")) {
            System.err.println("soak: --db must be a jdbc:postgresql: URL (the default store is a fresh SQLite file)");
            return 2;
        }
        boolean quick = seconds != null;
        Duration duration = quick ? Duration.ofSeconds(seconds) : Duration.ofMinutes(minutes);
        Duration interval = quick ? Duration.ofSeconds(10) : Duration.ofMinutes(1);
        Path work = Files.createTempDirectory("jobvault-soak");
        String schema = "jv_soak_" + Long.toHexString(System.nanoTime());
        Runnable cleanup = cleanup(work, schema);
        // a soak stopped with Ctrl-C or kill still drops its schema and deletes its files
        Thread hook = new Thread(cleanup, "soak-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            Path file = db == null ? work.resolve("soak.db") : null;
            String url = db == null ? "jdbc:sqlite:" + file : db + (db.contains("?") ? "&" : "?") + "currentSchema=" + schema;
            SoakSettings settings = new SoakSettings(duration, interval, url, file, work, rate == null ? 0 : rate, load, probeJobs,
                    concurrency, http, httpRate, quick ? fanoutKeys / 6 : fanoutKeys, quick ? Duration.ofSeconds(3) : Duration.ofSeconds(15),
                    quick ? Duration.ofSeconds(1) : Duration.ofSeconds(2), Duration.ofMinutes(1), Duration.ofSeconds(poolLifetime),
                    csv, svg, injectDuplicate);
            return new SoakRun(settings, out).run();
        } finally {
            cleanup.run();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is shutting down: the hook runs (and finds the cleanup done)
            }
        }
    }

    /** Drops the PostgreSQL schema (if any) and deletes the work directory, once. */
    private Runnable cleanup(Path work, String schema) {
        AtomicBoolean done = new AtomicBoolean();
        return () -> {
            if (!done.compareAndSet(false, true)) return;
            if (db != null) {
                try (var c = DriverManager.getConnection(db); var st = c.createStatement()) {
                    st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
                } catch (SQLException e) {
                    System.err.println("soak: could not drop schema " + schema + ": " + e.getMessage());
                }
            }
            try (var paths = Files.walk(work)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
            } catch (IOException | UncheckedIOException e) {
                System.err.println("soak: could not delete " + work + ": " + e.getMessage());
            }
        };
    }
}
