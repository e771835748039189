package io.jobvault.schedule;

import java.time.Duration;
import java.util.List;

/**
 * How the scheduler runs; built by {@link io.jobvault.JobvaultBuilder}, which documents each default.
 *
 * @param interval         how often the leader looks for due fires (engine clock)
 * @param misfireThreshold a fire handled later than this after its time is a missed fire (misfire policy applies)
 * @param fireRetention    how long fire history is kept
 * @param schedules        schedules defined in code, kept in sync at start (source {@code code}); empty: none touched
 * @param builtins         the built-in schedules switched on (source {@code builtin}), kept in sync at start by every
 *                         node that runs a queue: one switched off is deleted
 */
public record ScheduleSettings(Duration interval, Duration misfireThreshold, Duration fireRetention,
                               ScheduleListener listener, List<Schedule> schedules, List<Schedule> builtins) {
    public ScheduleSettings {
        schedules = List.copyOf(schedules);
        builtins = List.copyOf(builtins);
        for (var d : List.of(interval, misfireThreshold, fireRetention)) {
            if (d == null || d.isNegative() || d.isZero()) throw new IllegalArgumentException("invalid Jobvault configuration: scheduler durations must be positive, was " + d);
        }
    }
}
