package io.jobvault.bench.dashboard;

import io.jobvault.JobState;
import io.jobvault.id.JobIds;
import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * The jobs of a store that has run for a week: {@code n} jobs created evenly over {@link #SPAN} up to {@code now}, in
 * id order (UUIDv7, so in creation order as the engine writes them). Most finished; a backlog waits; a few hundred
 * run. Queues, types and tenants are skewed as real ones are (a few big, a long tail), one job in ten has labels, and
 * failed runs keep their attempts. Deterministic for a given {@code n} and {@code now}. Finished jobs keep their rows for
 * longer than the bench runs, and scheduled ones are due later, so the node the bench builds changes nothing.
 */
final class SeedMix {
    static final Duration SPAN = Duration.ofDays(7);
    static final long RETAIN_MS = Duration.ofDays(30).toMillis();
    static final int MAX_ATTEMPTS = 3;
    static final int NODES = 8;

    /** Weights in millionths; running is bounded by worker concurrency, not by the table's size. */
    private static final JobState[] STATES = {JobState.SUCCEEDED, JobState.DEAD, JobState.CANCELLED, JobState.AVAILABLE,
            JobState.SCHEDULED, JobState.RETRYING, JobState.RUNNING};
    private static final int[] STATE_WEIGHTS = {868_950, 20_000, 20_000, 50_000, 30_000, 11_000, 50};

    static final String[] QUEUES = {"default", "emails", "reports", "billing", "media", "webhooks", "imports", "exports"};
    private static final int[] QUEUE_WEIGHTS = {40, 20, 10, 10, 8, 6, 4, 2};

    static final String[] TYPES = {"email.send", "email.digest", "report.daily", "report.export", "billing.charge",
            "billing.invoice", "billing.refund", "media.thumbnail", "media.transcode", "webhook.deliver", "import.csv",
            "import.sync", "export.csv", "search.reindex", "cache.warm", "user.cleanup", "audit.archive", "ml.score",
            "sms.send", "push.send"};
    /** Roughly Zipf: the first type is about a quarter of all jobs, the last well under one percent. */
    private static final int[] TYPE_WEIGHTS = {250, 125, 83, 62, 50, 42, 36, 31, 28, 25, 23, 21, 19, 18, 17, 16, 15, 14, 8, 5};

    static final String[] TENANTS = {"", "acme", "globex", "initech", "umbrella"};
    private static final int[] TENANT_WEIGHTS = {50, 20, 15, 10, 5};

    static final String[] TEAMS = {"billing", "growth", "platform", "data", "support"};

    /** One job row, in the column order of {@link #JOB_COLUMNS}. */
    static final String JOB_COLUMNS = "id, type, queue, state, priority, payload, attempt, max_attempts, attempt_budget, run_at,"
            + " created_at, started_at, finished_at, tenant, labels, last_error, lease_owner, lease_expires_at, cancel_requested,"
            + " retain_succeeded_ms, retain_cancelled_ms, retain_dead_ms, expires_at";
    static final int JOB_COLUMN_COUNT = 23;
    static final String ATTEMPT_COLUMNS = "job_id, attempt, node, started_at, finished_at, outcome, error_message, error_type, stack_trace";
    static final int ATTEMPT_COLUMN_COUNT = 9;

    private final long n;
    private final long now;
    private final long start;
    private final JobIds ids;
    private final SplittableRandom random = new SplittableRandom(42);

    SeedMix(long n, Instant now, JobIds ids) {
        this.n = n;
        this.now = now.toEpochMilli();
        this.start = this.now - SPAN.toMillis();
        this.ids = ids;
    }

    /** Receives the rows of one job: the job first, then its failed attempts. */
    interface Rows {
        void job(Object[] row, JobState state);

        void attempt(Object[] row);
    }

    /** Generates job {@code i} (0 ≤ i < n; call in order, so ids rise). */
    void job(long i, Rows rows) {
        long created = start + (long) ((double) i / n * SPAN.toMillis());
        UUID id = ids.newId(Instant.ofEpochMilli(created));
        JobState state = STATES[pick(STATE_WEIGHTS)];
        String queue = QUEUES[pick(QUEUE_WEIGHTS)];
        String type = TYPES[pick(TYPE_WEIGHTS)];
        String tenant = TENANTS[pick(TENANT_WEIGHTS)];
        String labels = random.nextInt(10) == 0
                ? "{\"team\":\"" + TEAMS[random.nextInt(TEAMS.length)] + "\",\"customer\":\"c" + random.nextInt(1000) + "\"}" : null;
        String payload = "{\"user\":" + random.nextInt(1_000_000) + ",\"template\":\"t" + random.nextInt(50) + "\"}";
        Long startedAt = null, finishedAt = null, leaseExpires = null, expiresAt = null;
        String leaseOwner = null, lastError = null;
        long runAt = created;
        int attempt = 0, failed = 0;
        switch (state) {
            case SUCCEEDED, DEAD, CANCELLED -> {
                attempt = state == JobState.DEAD ? MAX_ATTEMPTS : state == JobState.CANCELLED ? 0 : 1;
                failed = state == JobState.DEAD ? MAX_ATTEMPTS : 0;
                startedAt = attempt == 0 ? null : created + 100 + random.nextInt(2_000);
                finishedAt = (startedAt == null ? created : startedAt) + 50 + random.nextInt(30_000);
                expiresAt = finishedAt + RETAIN_MS;
                leaseOwner = attempt == 0 ? null : node();
                lastError = state == JobState.DEAD ? "upstream answered 503" : null;
            }
            case RETRYING -> {
                attempt = 1 + random.nextInt(MAX_ATTEMPTS - 1);
                failed = attempt;
                runAt = now + 60_000 + random.nextLong(Duration.ofHours(1).toMillis());
                lastError = "connection reset";
            }
            case SCHEDULED -> runAt = now + 60_000 + random.nextLong(Duration.ofDays(1).toMillis());
            case RUNNING -> {
                attempt = 1;
                startedAt = now - random.nextInt(60_000);
                leaseOwner = node();
                leaseExpires = now + Duration.ofDays(1).toMillis(); // held past the bench: nothing rescues it meanwhile
            }
            case AVAILABLE -> { } // due since it was created: the backlog's age is the queue's latency
        }
        rows.job(new Object[] {id, type, queue, state.dbName(), 0, payload, attempt, MAX_ATTEMPTS, MAX_ATTEMPTS, runAt, created,
                startedAt, finishedAt, tenant, labels, lastError, leaseOwner, leaseExpires, 0, RETAIN_MS, RETAIN_MS, RETAIN_MS,
                expiresAt}, state);
        for (int a = 1; a <= failed; a++) {
            long at = created + a * 1_000L;
            rows.attempt(new Object[] {id, a, node(), at, at + 200, "FAILED", "upstream answered 503", "java.io.IOException",
                    "java.io.IOException: upstream answered 503\n\tat com.example.Client.call(Client.java:42)\n"});
        }
    }

    private String node() {
        return "node-" + random.nextInt(NODES);
    }

    private int pick(int[] weights) {
        int total = 0;
        for (int w : weights) total += w;
        int r = random.nextInt(total);
        for (int i = 0; i < weights.length; i++) {
            r -= weights[i];
            if (r < 0) return i;
        }
        return weights.length - 1;
    }
}
