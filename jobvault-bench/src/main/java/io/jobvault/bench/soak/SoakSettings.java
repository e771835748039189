package io.jobvault.bench.soak;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What {@code jobvault soak} runs.
 *
 * @param url             the store: {@code jdbc:sqlite:FILE} or a PostgreSQL URL with its own {@code currentSchema}
 * @param sqliteFile      the SQLite file (sizes are read from it), null on PostgreSQL
 * @param workDir         artifacts, the HikariCP settings file; deleted by the caller
 * @param rate            jobs per second to submit; 0: measure the drain capacity first and take {@code load} of it
 * @param probeJobs       no-op jobs drained to measure the capacity
 * @param httpRate        with {@code http}, jobs per second submitted over HTTP and run by a remote worker
 * @param poolLifetime    HikariCP's max lifetime of a pooled connection (30 min by default; shorter ages the pools faster)
 * @param injectDuplicate tests only: one job's handler runs a second time after it ended, which must fail the soak
 */
record SoakSettings(Duration duration, Duration interval, String url, Path sqliteFile, Path workDir, double rate, double load,
                    int probeJobs, int concurrency, boolean http, double httpRate, int fanoutKeys, Duration longJob,
                    Duration longJobEvery, Duration retention, Duration poolLifetime, Path csv, Path svg, boolean injectDuplicate) {}
