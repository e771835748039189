package io.jobvault;

import java.time.Duration;
import java.util.Objects;

/**
 * At most {@code jobs} runs of one job type start in any window of length {@code per}, counted across every node
 * that shares the store (a sliding window, not fixed buckets: no double burst at a bucket edge). A job over the
 * limit waits as SCHEDULED until a run start leaves the window; it is not failed and uses no attempt.
 */
public record RateLimit(int jobs, Duration per) {
    public static final int MAX_JOBS = 100_000;

    public RateLimit {
        Objects.requireNonNull(per, "per");
        if (jobs < 1 || jobs > MAX_JOBS) throw new IllegalArgumentException("rate limit jobs must be within 1.." + MAX_JOBS + ", was " + jobs);
        if (per.toMillis() < 1 || per.compareTo(Duration.ofDays(31)) > 0) {
            throw new IllegalArgumentException("rate limit window must be within 1 ms..31 days, was " + per);
        }
    }

    public static RateLimit of(int jobs, Duration per) {
        return new RateLimit(jobs, per);
    }

    @Override
    public String toString() {
        return jobs + " per " + per;
    }
}
