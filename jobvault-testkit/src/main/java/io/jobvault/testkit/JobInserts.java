package io.jobvault.testkit;

import io.jobvault.JobState;
import io.jobvault.Retention;
import io.jobvault.id.JobIds;
import io.jobvault.store.JobInsert;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** Builds rows for store tests: {@code aJob(now).queue("q").priority(5).build()}. */
public final class JobInserts {
    private static final JobIds IDS = new JobIds(JobIds.newSecret());

    private UUID id;
    private String concurrencyKey;
    private Integer concurrencyLimit;
    private String type = "test.job";
    private String queue = "default";
    private int priority;
    private String payload = "{}";
    private int maxAttempts = 3;
    private Instant runAt;
    private Duration timeout;
    private String tenant = "";
    private String idempotencyKey;
    private String uniqueKey;
    private Retention retention = Retention.DEFAULT;
    private Map<String, String> labels = Map.of();
    private final Instant now;

    private JobInserts(Instant now) {
        this.now = now;
        this.runAt = now;
    }

    public static JobInserts aJob(Instant now) {
        return new JobInserts(now);
    }

    public JobInserts type(String t) { this.type = t; return this; }
    public JobInserts queue(String q) { this.queue = q; return this; }
    public JobInserts priority(int p) { this.priority = p; return this; }
    public JobInserts payload(String p) { this.payload = p; return this; }
    public JobInserts maxAttempts(int n) { this.maxAttempts = n; return this; }
    public JobInserts runAt(Instant t) { this.runAt = t; return this; }
    public JobInserts timeout(Duration d) { this.timeout = d; return this; }
    public JobInserts tenant(String t) { this.tenant = t; return this; }
    public JobInserts idempotencyKey(String k) { this.idempotencyKey = k; return this; }
    public JobInserts uniqueKey(String k) { this.uniqueKey = k; return this; }
    public JobInserts retention(Retention r) { this.retention = r; return this; }
    public JobInserts labels(Map<String, String> l) { this.labels = l; return this; }
    public JobInserts id(UUID i) { this.id = i; return this; }
    public JobInserts concurrencyKey(String key, int limit) { this.concurrencyKey = key; this.concurrencyLimit = limit; return this; }

    public JobInsert build() {
        JobState state = runAt.isAfter(now) ? JobState.SCHEDULED : JobState.AVAILABLE;
        return new JobInsert(id != null ? id : IDS.newId(now), type, queue, state, priority, payload, maxAttempts,
                runAt, timeout, tenant, idempotencyKey, uniqueKey, retention, labels, now, concurrencyKey, concurrencyLimit);
    }
}
