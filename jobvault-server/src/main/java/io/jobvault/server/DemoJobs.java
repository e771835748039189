package io.jobvault.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobvault.JobContext;
import io.jobvault.JobOutcome;
import io.jobvault.JobType;
import io.jobvault.JobvaultBuilder;
import io.jobvault.json.Json;
import java.time.Duration;
import java.util.List;

/** Job types for trying the server out ({@code --demo}). */
final class DemoJobs {
    private DemoJobs() {}

    static List<JobType> all() {
        return List.of(JobType.of("demo.sleep", DemoJobs::sleep), JobType.of("demo.fail", DemoJobs::fail)
                .withBackoff(io.jobvault.retry.Backoff.exponential(Duration.ofSeconds(1), Duration.ofSeconds(10))));
    }

    static void register(JobvaultBuilder b) {
        all().forEach(b::jobType);
    }

    /** {@code {"ms": N}}: sleeps N milliseconds in ten steps, reporting progress after each. */
    static JobOutcome sleep(JobContext ctx) throws InterruptedException {
        long ms = field(ctx, "ms", 1000);
        if (ms < 0 || ms > Duration.ofHours(1).toMillis()) return JobOutcome.discard("ms must be within 0..3600000");
        for (int step = 1; step <= 10; step++) {
            Thread.sleep(ms / 10);
            ctx.progress(step * 10, "slept " + (ms * step / 10) + " of " + ms + " ms");
        }
        return JobOutcome.success("{\"sleptMs\":" + ms + "}");
    }

    /** {@code {"failTimes": N}}: fails its first N attempts, then succeeds. */
    static JobOutcome fail(JobContext ctx) {
        long failTimes = field(ctx, "failTimes", 1);
        if (ctx.attempt() <= failTimes) {
            throw new IllegalStateException("demo failure " + ctx.attempt() + " of " + failTimes);
        }
        return JobOutcome.success("{\"failedFirst\":" + failTimes + "}");
    }

    private static long field(JobContext ctx, String name, long fallback) {
        JsonNode n = Json.read(ctx.payload(), JsonNode.class).get(name);
        return n != null && n.canConvertToLong() ? n.asLong() : fallback;
    }
}
