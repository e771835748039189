package io.jobvault.retry;

import java.time.Duration;

/**
 * Thrown by a handler (or by {@link Upstream#check}) to say "not now": the job waits {@code delay} and runs again,
 * using no attempt — the same as returning {@link io.jobvault.JobOutcome#snooze}, but usable from deep in a call.
 */
public final class SnoozeException extends RuntimeException {
    private final Duration delay;

    public SnoozeException(Duration delay, String why) {
        super(why);
        if (delay == null || delay.isNegative()) throw new IllegalArgumentException("delay must not be negative, was " + delay);
        this.delay = delay;
    }

    public Duration delay() {
        return delay;
    }
}
