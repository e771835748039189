package io.jobvault;

import io.jobvault.retry.Backoff;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A job type this node can run: its handler and the policies that apply to every job of the type.
 *
 * @param permanentFailures exception types (and their subtypes) that make a job DEAD at once instead of retrying
 * @param retention         overrides the engine's retention for this type; null keeps the engine's
 * @param timeout           default per-job timeout; null means no timeout
 */
public record JobType(
        String name,
        JobHandler handler,
        Backoff backoff,
        int maxAttempts,
        Duration timeout,
        Retention retention,
        List<Class<? extends Throwable>> permanentFailures) {

    public static final int DEFAULT_MAX_ATTEMPTS = 10;

    public JobType {
        Objects.requireNonNull(handler, "handler");
        Objects.requireNonNull(backoff, "backoff");
        if (name == null || !JobRequest.TYPE.matcher(name).matches()) {
            throw new IllegalArgumentException("job type name must match " + JobRequest.TYPE.pattern() + ": " + name);
        }
        if (maxAttempts < 1) throw new IllegalArgumentException("maxAttempts must be >= 1: " + maxAttempts);
        if (timeout != null && (timeout.isZero() || timeout.isNegative())) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
        permanentFailures = List.copyOf(permanentFailures);
    }

    /** A type with the default backoff (1 s doubling to 1 h, 20% jitter), 10 attempts and no timeout. */
    public static JobType of(String name, JobHandler handler) {
        return new JobType(name, handler, Backoff.DEFAULT, DEFAULT_MAX_ATTEMPTS, null, null, List.of());
    }

    public JobType withBackoff(Backoff b) {
        return new JobType(name, handler, b, maxAttempts, timeout, retention, permanentFailures);
    }

    public JobType withMaxAttempts(int n) {
        return new JobType(name, handler, backoff, n, timeout, retention, permanentFailures);
    }

    public JobType withTimeout(Duration t) {
        return new JobType(name, handler, backoff, maxAttempts, t, retention, permanentFailures);
    }

    public JobType withRetention(Retention r) {
        return new JobType(name, handler, backoff, maxAttempts, timeout, r, permanentFailures);
    }

    @SafeVarargs
    public final JobType withPermanentFailures(Class<? extends Throwable>... types) {
        return new JobType(name, handler, backoff, maxAttempts, timeout, retention, List.of(types));
    }

    public boolean isPermanent(Throwable t) {
        for (Class<? extends Throwable> c : permanentFailures) {
            if (c.isInstance(t)) return true;
        }
        return false;
    }
}
