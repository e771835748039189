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
 * @param backoffByError    backoff for failures by exception type (and subtypes), checked in order before {@code backoff}
 * @param rateLimit         how many runs of the type may start per interval across all nodes; null: no limit
 */
public record JobType(
        String name,
        JobHandler handler,
        Backoff backoff,
        int maxAttempts,
        Duration timeout,
        Retention retention,
        List<Class<? extends Throwable>> permanentFailures,
        List<ErrorBackoff> backoffByError,
        RateLimit rateLimit) {

    /** The backoff for failures of one exception type. */
    public record ErrorBackoff(Class<? extends Throwable> type, Backoff backoff) {}

    public static final int DEFAULT_MAX_ATTEMPTS = 10;

    public JobType {
        Objects.requireNonNull(handler, "handler");
        Objects.requireNonNull(backoff, "backoff");
        if (name == null || !JobRequest.TYPE.matcher(name).matches()) {
            throw new IllegalArgumentException("job type name must match " + JobRequest.TYPE.pattern() + ": " + name);
        }
        if (maxAttempts < 1) throw new IllegalArgumentException("maxAttempts must be >= 1: " + maxAttempts);
        String timeoutProblem = timeout == null ? null : TimeBounds.outside("timeout", timeout, Duration.ofMillis(1), TimeBounds.LONGEST);
        if (timeoutProblem != null) throw new IllegalArgumentException(timeoutProblem);
        permanentFailures = List.copyOf(permanentFailures);
        backoffByError = List.copyOf(backoffByError);
    }

    /** Whether {@code name} may name a job type. */
    public static boolean isValidName(String name) {
        return name != null && JobRequest.TYPE.matcher(name).matches();
    }

    /** A type with the default backoff (1 s doubling to 1 h, 20% jitter), 10 attempts and no timeout. */
    public static JobType of(String name, JobHandler handler) {
        return new JobType(name, handler, Backoff.DEFAULT, DEFAULT_MAX_ATTEMPTS, null, null, List.of(), List.of(), null);
    }

    public JobType withBackoff(Backoff b) {
        return new JobType(name, handler, b, maxAttempts, timeout, retention, permanentFailures, backoffByError, rateLimit);
    }

    public JobType withMaxAttempts(int n) {
        return new JobType(name, handler, backoff, n, timeout, retention, permanentFailures, backoffByError, rateLimit);
    }

    public JobType withTimeout(Duration t) {
        return new JobType(name, handler, backoff, maxAttempts, t, retention, permanentFailures, backoffByError, rateLimit);
    }

    public JobType withRetention(Retention r) {
        return new JobType(name, handler, backoff, maxAttempts, timeout, r, permanentFailures, backoffByError, rateLimit);
    }

    @SafeVarargs
    public final JobType withPermanentFailures(Class<? extends Throwable>... types) {
        return new JobType(name, handler, backoff, maxAttempts, timeout, retention, List.of(types), backoffByError, rateLimit);
    }

    /**
     * Failures that throw {@code error} (or a subtype) wait by {@code b} instead of the type's backoff — e.g. a long
     * backoff for an upstream's outages, a short one for lock conflicts. May be called for several types; the first
     * match wins.
     */
    public JobType withBackoffFor(Class<? extends Throwable> error, Backoff b) {
        List<ErrorBackoff> all = new java.util.ArrayList<>(backoffByError);
        all.add(new ErrorBackoff(Objects.requireNonNull(error, "error"), Objects.requireNonNull(b, "backoff")));
        return new JobType(name, handler, backoff, maxAttempts, timeout, retention, permanentFailures, all, rateLimit);
    }

    /**
     * At most {@code jobs} runs of this type start in any window of {@code per}, across every node on the store —
     * e.g. an upstream that allows 60 calls a minute. Jobs over the limit wait (no attempt used). Declare the same
     * limit on every node that runs the type.
     */
    public JobType withRateLimit(int jobs, Duration per) {
        return new JobType(name, handler, backoff, maxAttempts, timeout, retention, permanentFailures, backoffByError,
                RateLimit.of(jobs, per));
    }

    /** The backoff after a failure with {@code error} (null: a failure reported without an exception). */
    public Backoff backoffFor(Throwable error) {
        if (error != null) {
            for (ErrorBackoff e : backoffByError) {
                if (e.type().isInstance(error)) return e.backoff();
            }
        }
        return backoff;
    }

    public boolean isPermanent(Throwable t) {
        for (Class<? extends Throwable> c : permanentFailures) {
            if (c.isInstance(t)) return true;
        }
        return false;
    }
}
