package io.jobvault.testkit;

import io.jobvault.HandDrivenClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that stands still until a test moves it. Thread-safe. Being hand-driven, it also drives leases and node
 * liveness, which follow the database's clock otherwise (see {@link HandDrivenClock}).
 */
public final class SettableClock extends Clock implements HandDrivenClock {
    private final AtomicReference<Instant> now;

    public SettableClock(Instant start) {
        this.now = new AtomicReference<>(start);
    }

    /** Starts at a fixed, round instant so that failures read the same every run. */
    public static SettableClock atFixedStart() {
        return new SettableClock(Instant.parse("2030-01-01T00:00:00Z"));
    }

    public void advance(Duration d) {
        now.updateAndGet(t -> t.plus(d));
    }

    public void set(Instant t) {
        now.set(t);
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("SettableClock is always UTC");
    }
}
