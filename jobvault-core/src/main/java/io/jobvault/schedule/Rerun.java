package io.jobvault.schedule;

import java.time.Instant;

/**
 * Which recorded fire a manual trigger re-runs. The trigger's jobs then count toward that fire's coverage (a key that
 * failed at 06:00 and succeeded in the re-run shows as succeeded for 06:00), on the fires page, in the deadline check
 * and in the health report.
 *
 * @param fireAt       the scheduled (or catch-up) fire to re-run, or null
 * @param latestMissed with no {@code fireAt}: the newest fire (of the last {@link Schedules#RERUN_SCAN}) in which the
 *                     triggered key — or, without a key, any key — failed, never ran or expired; none: a fresh run
 */
public record Rerun(Instant fireAt, boolean latestMissed) {
    /** The default: the newest fire the key (or any key) missed, else a fresh run. */
    public static final Rerun LATEST_MISSED = new Rerun(null, true);
    /** A fresh run, linked to no fire. */
    public static final Rerun NONE = new Rerun(null, false);

    /** That fire; a trigger naming a fire that was not recorded is refused. */
    public static Rerun of(Instant fireAt) {
        if (fireAt == null) throw new IllegalArgumentException("fire: a fire time is required");
        return new Rerun(fireAt, false);
    }
}
