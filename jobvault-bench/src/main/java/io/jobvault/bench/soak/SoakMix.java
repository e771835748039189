package io.jobvault.bench.soak;

import io.jobvault.JobContext;
import io.jobvault.JobHandler;
import io.jobvault.JobOutcome;
import io.jobvault.JobRequest;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The soak's jobs and what their handlers do. Out of every 100 jobs: 2 fail twice and end dead, 1 is discarded (dead
 * at once), 5 fail twice and then succeed, 5 snooze once, 2 write a small artifact, 5 report progress, the rest
 * succeed at once. Long jobs (their own queue) run for a while reporting progress, so leases are heartbeated. The mix
 * is a fixed rotation, not random, so two runs do the same work. The payload carries the submit time, so the first
 * start measures pickup latency even on a remote worker.
 */
final class SoakMix {
    static final String TYPE = "soak.job";
    static final String LONG_TYPE = "soak.long";
    static final String FAN_TYPE = "soak.fan";
    static final String QUEUE = "default";
    static final String LONG_QUEUE = "long";
    static final String REMOTE_QUEUE = "remote";
    static final Duration RETRY_DELAY = Duration.ofSeconds(1);
    static final int ARTIFACT_BYTES = 4096;

    private final RunLedger ledger;
    private final PickupLatency pickup;
    private final Duration longJob;
    private final boolean injectDuplicate;
    private final AtomicBoolean injected = new AtomicBoolean();
    private final AtomicLong next = new AtomicLong();
    private final byte[] artifact = new byte[ARTIFACT_BYTES];

    /** @param injectDuplicate tests only: run the first plain job's handler a second time after it ended */
    SoakMix(RunLedger ledger, PickupLatency pickup, Duration longJob, boolean injectDuplicate) {
        this.ledger = ledger;
        this.pickup = pickup;
        this.longJob = longJob;
        this.injectDuplicate = injectDuplicate;
        java.util.Arrays.fill(artifact, (byte) 'x');
    }

    /** The next job of the rotation, for {@code queue}. */
    JobRequest next(String queue, long nowMillis) {
        int slot = (int) (next.getAndIncrement() % 100);
        String kind = slot < 2 ? "dead" : slot < 3 ? "discard" : slot < 8 ? "retry" : slot < 13 ? "snooze"
                : slot < 15 ? "artifact" : slot < 20 ? "progress" : "ok";
        JobRequest.Builder b = JobRequest.builder(TYPE).queue(queue).payload("{\"k\":\"" + kind + "\",\"t\":" + nowMillis + "}");
        if (kind.equals("dead")) b.maxAttempts(2);
        return b.build();
    }

    JobRequest longJob(long nowMillis) {
        return JobRequest.builder(LONG_TYPE).queue(LONG_QUEUE).payload("{\"k\":\"long\",\"t\":" + nowMillis + "}").build();
    }

    /** The handler of {@link #TYPE}, locally and on the remote worker. */
    JobHandler handler() {
        return ctx -> {
            JobOutcome outcome = run(ctx);
            if (injectDuplicate && outcome instanceof JobOutcome.Success && injected.compareAndSet(false, true)) run(ctx);
            return outcome;
        };
    }

    private JobOutcome run(JobContext ctx) throws Exception {
        String payload = ctx.payload();
        int start = started(ctx, payload);
        String kind = field(payload, "k");
        boolean rerunDue = false;
        try {
            JobOutcome outcome = switch (kind) {
                case "dead" -> JobOutcome.retry("soak: always fails", RETRY_DELAY);
                case "discard" -> JobOutcome.discard("soak: permanent failure");
                case "retry" -> start < 3 ? JobOutcome.retry("soak: transient failure", RETRY_DELAY) : JobOutcome.success();
                case "snooze" -> start == 1 ? JobOutcome.snooze(RETRY_DELAY) : JobOutcome.success();
                case "artifact" -> {
                    ctx.writeArtifact("out.bin", "application/octet-stream", artifact);
                    yield JobOutcome.success();
                }
                case "progress" -> {
                    ctx.progress(50, "half way");
                    yield JobOutcome.success("{\"done\":true}");
                }
                default -> JobOutcome.success();
            };
            rerunDue = switch (outcome) {
                case JobOutcome.Retry r -> ctx.attempt() < ctx.maxAttempts();
                case JobOutcome.Snooze s -> true;
                default -> false;
            };
            return outcome;
        } finally {
            ledger.finished(ctx.jobId(), rerunDue, System.nanoTime());
        }
    }

    /** {@link #LONG_TYPE}: runs for the long-job duration, reporting progress each second (its lease is heartbeated). */
    JobHandler longHandler() {
        return ctx -> {
            started(ctx, ctx.payload());
            boolean rerunDue = false;
            try {
                long t0 = System.nanoTime(), total = longJob.toNanos();
                for (long done; (done = System.nanoTime() - t0) < total; ) {
                    if (ctx.isCancelled()) {
                        rerunDue = true; // the soak is stopping: the engine hands the job back
                        return JobOutcome.retry("soak: stopped", RETRY_DELAY);
                    }
                    ctx.progress((int) (100 * done / total), "working");
                    Thread.sleep(Math.min(1000, Math.max(1, (total - done) / 1_000_000)));
                }
                return JobOutcome.success();
            } finally {
                ledger.finished(ctx.jobId(), rerunDue, System.nanoTime());
            }
        };
    }

    /** {@link #FAN_TYPE}: one job per key of each fire of the fan-out schedule. */
    JobHandler fanHandler() {
        return ctx -> {
            ledger.started(ctx.jobId());
            ledger.finished(ctx.jobId(), false, System.nanoTime());
            return JobOutcome.success();
        };
    }

    private int started(JobContext ctx, String payload) {
        int start = ledger.started(ctx.jobId());
        if (start == 1) {
            String t = field(payload, "t");
            if (t != null) pickup.record(System.currentTimeMillis() - Long.parseLong(t));
        }
        return start;
    }

    /** A field of the soak's own flat payloads ({@code {"k":"ok","t":123}}), without a JSON parser per job. */
    static String field(String payload, String name) {
        int i = payload.indexOf("\"" + name + "\":");
        if (i < 0) return null;
        int from = i + name.length() + 3;
        boolean quoted = payload.charAt(from) == '"';
        if (quoted) from++;
        int to = from;
        while (to < payload.length() && payload.charAt(to) != (quoted ? '"' : ',') && payload.charAt(to) != '}') to++;
        return payload.substring(from, to);
    }
}
