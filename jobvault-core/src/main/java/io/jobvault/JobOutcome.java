package io.jobvault;

import java.time.Duration;
import java.util.Objects;

/** How a handler ended one run of a job. A closed set, matched with {@code switch}. */
public sealed interface JobOutcome {

    /**
     * Done. The result stored with the job is {@code resultJson}, or {@code result} written as JSON with the engine's
     * mapper; at most one of them is given, both may be null.
     */
    record Success(String resultJson, Object result) implements JobOutcome {
        public Success {
            if (resultJson != null && result != null) throw new IllegalArgumentException("give resultJson or result, not both");
        }

        public Success(String resultJson) {
            this(resultJson, null);
        }
    }

    /** Failed; retried after {@code delay}, or after the type's backoff when null. Uses up the attempt. */
    record Retry(String error, Duration delay) implements JobOutcome {
        public Retry {
            String problem = delay == null ? null : TimeBounds.outside("retry delay", delay, Duration.ZERO, TimeBounds.LONGEST);
            if (problem != null) throw new IllegalArgumentException(problem);
        }
    }

    /** Not now (rate limit, Retry-After): run again after {@code delay} without using up an attempt. */
    record Snooze(Duration delay) implements JobOutcome {
        public Snooze {
            Objects.requireNonNull(delay, "delay");
            String problem = TimeBounds.outside("snooze delay", delay, Duration.ZERO, TimeBounds.LONGEST);
            if (problem != null) throw new IllegalArgumentException(problem);
        }
    }

    /** Failed permanently: the job goes DEAD at once, whatever attempts are left. */
    record Discard(String reason) implements JobOutcome {}

    /** The handler decided the job should not run any more: it ends CANCELLED. */
    record Cancel(String reason) implements JobOutcome {}

    static JobOutcome success() {
        return new Success(null);
    }

    /** Done, with a result given as JSON text. */
    static JobOutcome success(String resultJson) {
        return new Success(resultJson);
    }

    /**
     * Done, with a result object the engine writes as JSON with its mapper (see
     * {@link JobvaultBuilder#objectMapper}). A {@code String} argument picks {@link #success(String)}: JSON text.
     */
    static JobOutcome success(Object result) {
        return new Success(null, result);
    }

    static JobOutcome retry(String error) {
        return new Retry(error, null);
    }

    static JobOutcome retry(String error, Duration delay) {
        return new Retry(error, delay);
    }

    static JobOutcome snooze(Duration delay) {
        return new Snooze(delay);
    }

    static JobOutcome discard(String reason) {
        return new Discard(reason);
    }

    static JobOutcome cancel(String reason) {
        return new Cancel(reason);
    }
}
