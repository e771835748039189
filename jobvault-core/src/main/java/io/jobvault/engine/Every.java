package io.jobvault.engine;

import java.time.Duration;
import java.time.Instant;

/** Tells when a periodic task is due, by the engine clock (so a settable clock drives it in tests). */
public final class Every {
    private final Duration interval;
    private Instant next = Instant.MIN;

    public Every(Duration interval) {
        this.interval = interval;
    }

    /** True when due; then schedules the next run one interval from {@code now}. */
    public boolean due(Instant now) {
        if (now.isBefore(next)) return false;
        next = now.plus(interval);
        return true;
    }

    /** Makes the next {@link #due} true: a task that stopped at its bound goes on at its next tick. */
    public void soon() {
        next = Instant.MIN;
    }

    /** Makes {@link #due} true again {@code within} after {@code now}, if that is sooner than the interval. */
    public void within(Instant now, Duration within) {
        Instant sooner = now.plus(within);
        if (sooner.isBefore(next)) next = sooner;
    }
}
