package io.jobvault;

import java.time.Duration;
import java.util.Objects;

/** How long finished jobs are kept before the pruner deletes them (and their artifacts). */
public record Retention(Duration succeeded, Duration cancelled, Duration dead) {
    /** Succeeded and cancelled 7 days, dead 30 days. */
    public static final Retention DEFAULT = new Retention(Duration.ofDays(7), Duration.ofDays(7), Duration.ofDays(30));

    public Retention {
        Objects.requireNonNull(succeeded, "succeeded");
        Objects.requireNonNull(cancelled, "cancelled");
        Objects.requireNonNull(dead, "dead");
        for (Duration d : new Duration[] {succeeded, cancelled, dead}) {
            String problem = TimeBounds.outside("retention", d, Duration.ZERO, TimeBounds.LONGEST);
            if (problem != null) throw new IllegalArgumentException(problem);
        }
    }

    /** The same duration whatever the final state. */
    public static Retention all(Duration d) {
        return new Retention(d, d, d);
    }

    public Duration forState(JobState state) {
        return switch (state) {
            case SUCCEEDED -> succeeded;
            case CANCELLED -> cancelled;
            case DEAD -> dead;
            default -> throw new IllegalArgumentException("not a terminal state: " + state);
        };
    }
}
