package io.jobvault.artifact;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * This node's artifact writes that failed for lack of space ("No space left on device") since the last one that
 * succeeded: what the {@code disk.full} alert tells. The failed jobs themselves retry with backoff; an operator must
 * hear about it before users do. Bounded: a count and the last few jobs.
 */
public final class ArtifactWriteFailures {
    private static final int KEPT_JOBS = 5;

    /** Failures since the last success: how many, since when, the last error and the last few jobs. */
    public record Failing(int count, Instant since, Instant last, String lastError, List<UUID> recentJobs) {}

    private int count;
    private Instant since;
    private Instant last;
    private String lastError;
    private final Deque<UUID> jobs = new ArrayDeque<>();

    /** A write of job {@code job} failed for lack of space. */
    public synchronized void failed(UUID job, String error, Instant at) {
        if (count++ == 0) since = at;
        last = at;
        lastError = error;
        jobs.remove(job);
        jobs.addLast(job);
        if (jobs.size() > KEPT_JOBS) jobs.removeFirst();
    }

    /** A write succeeded: there is space again. */
    public synchronized void succeeded() {
        count = 0;
        jobs.clear();
    }

    public synchronized Optional<Failing> current() {
        return count == 0 ? Optional.empty() : Optional.of(new Failing(count, since, last, lastError, List.copyOf(jobs)));
    }
}
