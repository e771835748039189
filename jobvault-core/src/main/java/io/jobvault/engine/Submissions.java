package io.jobvault.engine;

import io.jobvault.JobRequest;
import io.jobvault.JobState;
import io.jobvault.JobType;
import io.jobvault.Retention;
import io.jobvault.id.JobIds;
import io.jobvault.store.JobInsert;
import java.time.Duration;
import java.time.Instant;

/** Turns a validated {@link JobRequest} into a row to insert, resolving each default in one place. */
public final class Submissions {
    private final EngineConfig config;
    private final JobIds ids;

    public Submissions(EngineConfig config, JobIds ids) {
        this.config = config;
        this.ids = ids;
    }

    public JobInsert toInsert(JobRequest r) {
        return toInsert(r, config.clock().instant());
    }

    /** The row of a job submitted at {@code now} (an alert delivery sent earlier is recorded as of when it was sent). */
    public JobInsert toInsert(JobRequest r, Instant now) {
        JobType type = config.jobTypes().get(r.type());
        Instant runAt = r.runAt() != null ? r.runAt() : r.delay() != null ? now.plus(r.delay()) : now;
        JobState state = runAt.isAfter(now) ? JobState.SCHEDULED : JobState.AVAILABLE;
        int maxAttempts = r.maxAttempts() != null ? r.maxAttempts()
                : type != null ? type.maxAttempts() : JobType.DEFAULT_MAX_ATTEMPTS;
        Duration timeout = r.timeout() != null ? r.timeout() : type != null ? type.timeout() : null;
        Retention retention = r.retention() != null ? Retention.all(r.retention())
                : type != null && type.retention() != null ? type.retention() : config.retention();
        return new JobInsert(ids.newId(now), r.type(), r.queue(), state, r.priority(), r.payload(), maxAttempts, runAt,
                timeout, r.tenant(), r.idempotencyKey(), r.uniqueKey(), retention, r.labels(), now,
                r.concurrencyKey(), r.concurrencyLimit());
    }
}
