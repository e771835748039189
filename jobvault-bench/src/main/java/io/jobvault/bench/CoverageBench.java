package io.jobvault.bench;

import io.jobvault.Jobvault;
import io.jobvault.JobvaultBuilder;
import io.jobvault.health.HealthReport;
import io.jobvault.schedule.JobTemplate;
import io.jobvault.schedule.MisfirePolicy;
import io.jobvault.schedule.OverlapPolicy;
import io.jobvault.schedule.Schedule;
import io.jobvault.schedule.Schedules;
import io.jobvault.schedule.Timing;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What an operator's look at schedules costs once they have history: a per-minute schedule fanned out to 10 keys
 * missed {@code fires} minutes (every node was down); catch-up enqueues every fire through the real scheduler, then
 * the health report over that span and one page of 200 fires with their coverage are timed (median of 9).
 */
final class CoverageBench {
    private static final String ID = "bench.coverage";
    private static final int KEYS = 10;
    private static final int RUNS = 9;

    private CoverageBench() {}

    /**
     * The real clock, moved forward by hand: a day of fires falls due at once instead of in a day, and the clock still
     * runs, since maintenance and the scheduler look at it to know when they are due.
     */
    private static final class MovedClock extends Clock {
        private volatile Duration ahead = Duration.ZERO;

        void advance(Duration d) {
            ahead = ahead.plus(d);
        }

        @Override
        public Instant instant() {
            return Instant.now().plus(ahead);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    static void run(JobvaultBuilder builder, int fires, PrintStream out) throws InterruptedException {
        MovedClock clock = new MovedClock();
        List<String> keys = new ArrayList<>();
        for (int k = 0; k < KEYS; k++) keys.add("k" + k);
        Duration span = Duration.ofMinutes(fires);
        // the jobs go to a queue no node works: coverage is read while all of them are still waiting
        JobTemplate template = new JobTemplate("bench.coverage", null, "bench.unworked", 0, null, null);
        try (Jobvault jv = builder.clock(clock).build()) {
            jv.schedules().put(Schedule.builder(ID, Timing.every(Duration.ofMinutes(1)), template).keys(keys)
                    .misfire(MisfirePolicy.CATCH_UP).catchUpWindow(span.plusMinutes(1)).overlap(OverlapPolicy.ALLOW).build(),
                    Schedules.SOURCE_API);
            clock.advance(span.plusSeconds(30));
            Duration period = span.plusMinutes(1);
            long t0 = System.nanoTime();
            long deadline = t0 + Duration.ofMinutes(10).toNanos();
            while (recorded(jv.healthReport(period)) < fires) {
                if (System.nanoTime() > deadline) throw new IllegalStateException("catch-up did not record " + fires + " fires in 10 min");
                Thread.sleep(100); // a bench waiting on the scheduler, not a test
            }
            out.printf("%-34s %,10.1f s  (%d fires x %d keys enqueued by catch-up)%n", "schedule catch-up:",
                    (System.nanoTime() - t0) / 1e9, fires, KEYS);
            double[] report = new double[RUNS], page = new double[RUNS];
            for (int i = 0; i < RUNS; i++) {
                long t = System.nanoTime();
                jv.healthReport(period);
                report[i] = (System.nanoTime() - t) / 1e6;
                t = System.nanoTime();
                jv.schedules().fires(ID, null, 200);
                page[i] = (System.nanoTime() - t) / 1e6;
            }
            Arrays.sort(report);
            Arrays.sort(page);
            out.printf("%-34s %,10.1f ms (median of %d, over %d fires x %d keys)%n", "health report:", report[RUNS / 2], RUNS,
                    fires, KEYS);
            out.printf("%-34s %,10.1f ms (median of %d; GET /v1/schedules/{id}/fires?limit=200)%n", "fires page of 200:",
                    page[RUNS / 2], RUNS);
        }
    }

    private static int recorded(HealthReport r) {
        return r.schedules().stream().filter(s -> s.id().equals(ID)).mapToInt(HealthReport.ScheduleCoverage::recordedFires).sum();
    }
}
