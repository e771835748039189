package io.jobvault.bench;

import io.jobvault.bench.dashboard.DashboardBench;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jobvault bench}: the embedded engine end to end on a fresh store; one line per figure. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measures the engine end to end on a fresh store and prints the figures.",
                "Runs on a fresh SQLite file (durable: WAL, synchronous=FULL), or a fresh schema of a PostgreSQL database"
                        + " (--db): submit, drain and pickup figures, then optionally the drain with several nodes, the drain"
                        + " with finished jobs retained, and one large artifact's throughput."})
public final class BenchCommand implements Callable<Integer> {
    @Option(names = "--jobs", defaultValue = "100000", description = "Jobs per phase (default ${DEFAULT-VALUE}).")
    int jobs;

    @Option(names = "--concurrency", defaultValue = "256", description = "Worker concurrency of the drain (default ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--threads", defaultValue = "16", description = "Threads for concurrent single submits (default ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--retained", defaultValue = "1000000", description = "Finished jobs kept in the table for the last drain (default ${DEFAULT-VALUE}; 0 skips it).")
    int retained;

    @Option(names = "--pickup-samples", defaultValue = "500", description = "Idle pickup measurements (default ${DEFAULT-VALUE}).")
    int pickupSamples;

    @Option(names = "--nodes", defaultValue = "1", description = "Also drain with this many worker nodes at once, each with the full concurrency (default ${DEFAULT-VALUE}: skip).")
    int nodes;

    @Option(names = "--artifact-mib", defaultValue = "0", description = "Also write and read back one artifact of this many MiB, printing the peak heap (default ${DEFAULT-VALUE}: skip).")
    long artifactMib;

    @Option(names = "--keys", defaultValue = "0", description = "Also drain jobs spread over this many concurrency keys, limit 1 each (default ${DEFAULT-VALUE}: skip).")
    int keys;

    @Option(names = "--fires", defaultValue = "0", description = "Also time the health report and a page of fires over this many recorded fires of a 10-key schedule (default ${DEFAULT-VALUE}: skip; a day is 1440).")
    int fires;

    @Option(names = "--store", description = "SQLite file to create (must not exist; default a new temporary file).")
    Path store;

    @Option(names = "--db", description = "Run on PostgreSQL instead: a jdbc:postgresql: URL; the bench uses a new schema in it and drops it afterwards.")
    String db;

    @Option(names = "--compare", paramLabel = "REF", description = "Build REF (any git ref) in a temporary git worktree and run its bench and this build's alternately with the same options, printing every run, the medians and the ratios (this build ÷ REF).")
    String compare;

    @Option(names = "--rounds", defaultValue = "3", description = "With --compare: runs of each build, alternating (default ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--dashboard", description = "Instead: seed --jobs jobs (a week of them: every state, 8 queues, 20 types, 5 tenants,"
            + " labels, attempts) straight into a fresh store, then time every read a dashboard page makes and print p50/p95 per call"
            + " against the goal (p95 <= 50 ms, the overview <= 20 ms); exit status 1 when a call misses it.")
    boolean dashboard;

    @Option(names = "--calls", defaultValue = "200", description = "With --dashboard: timed runs of each call (default ${DEFAULT-VALUE}).")
    int calls;

    @Option(names = "--reuse", description = "With --dashboard: time the store an earlier --dashboard run seeded and kept (--store FILE,"
            + " or --db URL naming its currentSchema) instead of seeding a fresh one.")
    boolean reuse;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (jobs < 1 || concurrency < 1 || threads < 1 || retained < 0 || pickupSamples < 1 || nodes < 1 || nodes > 16
                || artifactMib < 0 || artifactMib > 64 * 1024 || keys < 0 || fires < 0 || fires > 100_000) {
            System.err.println("bench: --jobs, --concurrency, --threads and --pickup-samples must be >= 1, --nodes within"
                    + " 1..16, --retained and --keys >= 0, --artifact-mib within 0..65536, --fires within 0..100000");
            return 2;
        }
        if (compare != null) return compare();
        if (dashboard) return dashboard();
        BenchSettings settings = new BenchSettings(jobs, concurrency, threads, retained, pickupSamples, nodes, artifactMib << 20, keys, fires);
        if (db != null) {
            if (!db.startsWith("jdbc:postgresql:")) {
                System.err.println("bench: --db must be a jdbc:postgresql: URL (the default store is a fresh SQLite file)");
                return 2;
            }
            System.out.println(MachineCalibration.line(Path.of(System.getProperty("java.io.tmpdir"))));
            String schema = "jv_bench_" + Long.toHexString(System.nanoTime());
            String url = db + (db.contains("?") ? "&" : "?") + "currentSchema=" + schema;
            try {
                new EngineBench(url, "PostgreSQL schema " + schema + " (synchronous_commit=on)", settings,
                        new PostgresProbe(url), System.out).run();
            } finally {
                try (var c = java.sql.DriverManager.getConnection(db); var st = c.createStatement()) {
                    st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
                }
            }
            return 0;
        }
        Path file = store;
        boolean temporary = file == null;
        if (temporary) file = Files.createTempDirectory("jobvault-bench").resolve("bench.db");
        else if (Files.exists(file)) {
            System.err.println("bench: " + file + " exists; the benchmark needs a fresh file");
            return 2;
        }
        System.out.println(MachineCalibration.line(file.toAbsolutePath().getParent()));
        try {
            new EngineBench("jdbc:sqlite:" + file, file + " (WAL, synchronous=FULL)", settings, null, System.out).run();
        } finally {
            if (temporary) deleteTree(file.getParent());
        }
        return 0;
    }

    /**
     * The dashboard bench, on a fresh PostgreSQL schema (--db; kept when the URL names it) or SQLite file (kept when
     * --store names it); 1 when a call misses its goal.
     */
    private int dashboard() throws Exception {
        if (calls < 1 || (db != null && !db.startsWith("jdbc:postgresql:")) || (reuse && db == null && store == null)) {
            System.err.println("bench: --calls must be >= 1, --db a jdbc:postgresql: URL, and --reuse needs --store or --db");
            return 2;
        }
        if (db != null) {
            System.out.println(MachineCalibration.line(Path.of(System.getProperty("java.io.tmpdir"))));
            boolean named = db.contains("currentSchema=");
            String schema = named ? db.substring(db.indexOf("currentSchema=") + 14).split("&")[0] : "jv_dashboard_" + Long.toHexString(System.nanoTime());
            String url = named ? db : db + (db.contains("?") ? "&" : "?") + "currentSchema=" + schema;
            try {
                return new DashboardBench(url, "PostgreSQL schema " + schema, jobs, calls, reuse, System.out).run().pass() ? 0 : 1;
            } finally {
                if (!named) {
                    try (var c = java.sql.DriverManager.getConnection(db); var st = c.createStatement()) {
                        st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
                    }
                }
            }
        }
        Path file = store;
        boolean temporary = file == null;
        if (temporary) file = Files.createTempDirectory("jobvault-bench").resolve("dashboard.db");
        else if (Files.exists(file) != reuse) {
            System.err.println("bench: " + file + (reuse ? " does not exist" : " exists; the benchmark needs a fresh file (or --reuse)"));
            return 2;
        }
        System.out.println(MachineCalibration.line(file.toAbsolutePath().getParent()));
        try {
            return new DashboardBench("jdbc:sqlite:" + file, file + " (WAL)", jobs, calls, reuse, System.out).run().pass() ? 0 : 1;
        } finally {
            if (temporary) deleteTree(file.getParent());
        }
    }

    /** Runs this build's bench and REF's alternately with the options given here (except --compare and --rounds). */
    private int compare() throws Exception {
        if (dashboard) {
            System.err.println("bench: --compare times the engine; to compare dashboard reads, run each build's --dashboard --reuse on one kept store");
            return 2;
        }
        if (store != null || rounds < 1) {
            System.err.println("bench: --compare needs --rounds >= 1 and no --store (every run needs a fresh store of its own)");
            return 2;
        }
        Map<String, String> options = forwarded();
        Set<String> explicit = new HashSet<>();
        for (OptionSpec option : spec.options()) {
            if (spec.commandLine().getParseResult().hasMatchedOption(option)) explicit.add(option.longestName());
        }
        if (db != null) explicit.add("--db");
        return new BenchCompare(options, explicit, rounds, System.out).run(compare);
    }

    /** The options both builds' benches get (all but --compare and --rounds), by name; a set flag maps to null. */
    Map<String, String> forwarded() {
        Map<String, String> options = new LinkedHashMap<>();
        for (OptionSpec option : spec.options()) {
            String name = option.longestName();
            if (option.usageHelp() || option.versionHelp() || name.equals("--compare") || name.equals("--rounds")) continue;
            if (option.arity().max() == 0) { // a flag: passed as itself when set, left out when not ("--reuse false" is no flag)
                if (Boolean.TRUE.equals(option.getValue())) options.put(name, null);
            } else if (option.getValue() != null) {
                options.put(name, String.valueOf((Object) option.getValue()));
            }
        }
        return options;
    }

    static void deleteTree(Path dir) throws java.io.IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
