package io.jobvault.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobvault.Job;
import io.jobvault.JobListener;
import io.jobvault.JobOutcome;
import io.jobvault.JobRequest;
import io.jobvault.JobState;
import io.jobvault.Jobvault;
import io.jobvault.Retention;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToLongFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node that drains as fast as it can, with a retention of two seconds, keeps the jobs table flat: the pruner deletes
 * finished jobs as fast as the engine finishes them. Real time and a real SQLite file: the race is the point. The
 * pruner's interval and batch size are scaled down from the defaults (1 min, 1,000), so that a pruner capped at 100
 * batches per interval (5,000 jobs/s here, 1,700 with the defaults) falls behind this drain as it did in production.
 * Batches of 500: with batches of 50, one fsync each, no pruner keeps up with a quiet machine's 14,000 jobs/s.
 */
class PruningKeepsUpTest {
    private static final Duration RETENTION = Duration.ofSeconds(2);
    /** The stretch at each end of the steady part whose peaks are compared. */
    private static final Duration WINDOW = Duration.ofSeconds(3);
    private static final Duration RUN = Duration.ofSeconds(25);
    /** Samples from here on are past the first pass that found expired jobs (at the prune interval) and its catch-up. */
    private static final Duration STEADY_FROM = Duration.ofSeconds(14);
    private static final int SUBMIT_BATCH = 500;
    /** Unfinished jobs the submitter lets wait: enough that workers never idle, few enough that the table tracks pruning. */
    private static final int BACKLOG = 5_000;

    @TempDir
    Path dir;

    @Test
    @Timeout(120)
    void aFullSpeedDrainWithShortRetentionKeepsTheJobsTableFlat() throws Exception {
        Path db = dir.resolve("jobvault.db");
        Semaphore room = new Semaphore(BACKLOG);
        AtomicLong finished = new AtomicLong();
        List<Sample> samples = Collections.synchronizedList(new ArrayList<>());
        try (Jobvault jv = Jobvault.builder().database("jdbc:sqlite:" + db).nodeId("prune-flat")
                .queue("default", 64).handler("noop", ctx -> JobOutcome.success())
                .retention(Retention.all(RETENTION)).pruneInterval(Duration.ofSeconds(10)).pruneBatchSize(500)
                .listener(new JobListener() {
                    @Override
                    public void jobRecorded(Job job, JobState state) {
                        finished.incrementAndGet();
                        room.release();
                    }
                }).build();
             Connection reader = DriverManager.getConnection("jdbc:sqlite:" + db);
             ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor()) {
            long t0 = System.nanoTime();
            sampler.scheduleAtFixedRate(() -> sample(reader, t0, finished).ifPresent(samples::add), 0, 500,
                    TimeUnit.MILLISECONDS);
            List<JobRequest> batch = Collections.nCopies(SUBMIT_BATCH, JobRequest.of("noop", "{}"));
            while (System.nanoTime() - t0 < RUN.toNanos()) {
                room.acquire(SUBMIT_BATCH);
                jv.submitAll(batch);
            }
            sampler.shutdown();
            assertThat(sampler.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }

        List<Sample> all = List.copyOf(samples);
        List<Sample> steady = all.stream().filter(s -> s.millis() >= STEADY_FROM.toMillis()).toList();
        assertThat(steady).hasSizeGreaterThan(10);
        Sample first = steady.getFirst(), last = steady.getLast();
        long finishedMeanwhile = last.finished() - first.finished();
        String series = all.toString();
        assertThat(finishedMeanwhile).as("jobs finished in the steady part: %s", series).isGreaterThan(5_000);
        // Flat, judged by growth rather than by a level: how many rows a loaded machine keeps depends on how fast it
        // drains and prunes just then, but a pruner that falls behind grows the table by most of what finishes (the
        // old one, capped at 500 jobs/s here, by ~90% of a 4,600 jobs/s drain), one that keeps up by nothing. The
        // peaks of the first and last few seconds are compared, so the sawtooth between passes does not count.
        long growthAllowed = finishedMeanwhile / 4 + 2_000;
        assertThat(peak(steady, last.millis() - WINDOW.toMillis(), Long.MAX_VALUE, Sample::finishedRows))
                .as("finished rows grew by more than a quarter of the %d jobs finished: %s", finishedMeanwhile, series)
                .isLessThanOrEqualTo(peak(steady, 0, first.millis() + WINDOW.toMillis(), Sample::finishedRows)
                        + growthAllowed);
        // the whole table: those, and the backlog of unfinished jobs the submitter keeps (at most BACKLOG)
        assertThat(peak(steady, last.millis() - WINDOW.toMillis(), Long.MAX_VALUE, Sample::rows))
                .as("rows grew by more than a quarter of the %d jobs finished: %s", finishedMeanwhile, series)
                .isLessThanOrEqualTo(peak(steady, 0, first.millis() + WINDOW.toMillis(), Sample::rows)
                        + growthAllowed + BACKLOG);
    }

    /** The largest value among the samples taken within [from, to] milliseconds. */
    private static long peak(List<Sample> samples, long from, long to, ToLongFunction<Sample> value) {
        return samples.stream().filter(s -> s.millis() >= from && s.millis() <= to).mapToLong(value).max().orElseThrow();
    }

    /** Rows, finished rows and jobs finished so far, at some instant; empty when SQLite was busy just then. */
    private static Optional<Sample> sample(Connection c, long t0, AtomicLong finished) {
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*), count(expires_at) FROM jobs")) {
            rs.next();
            return Optional.of(new Sample((System.nanoTime() - t0) / 1_000_000, rs.getLong(1), rs.getLong(2),
                    finished.get()));
        } catch (SQLException e) {
            return Optional.empty();
        }
    }

    private record Sample(long millis, long rows, long finishedRows, long finished) {
        @Override
        public String toString() {
            return String.format("%.1fs:%d/%d/%d", millis / 1000.0, rows, finishedRows, finished);
        }
    }
}
