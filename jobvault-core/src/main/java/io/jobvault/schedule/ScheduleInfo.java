package io.jobvault.schedule;

import java.time.Instant;

/**
 * A schedule and its state.
 *
 * @param nextFireAt the next fire not yet handled (in the past while fires wait, e.g. when paused)
 * @param lastFireAt the latest fire that enqueued jobs, or null
 * @param source     {@code api}, {@code file} or {@code code}
 */
public record ScheduleInfo(Schedule schedule, boolean paused, Instant nextFireAt, Instant lastFireAt, String source,
                           Instant createdAt, Instant updatedAt) {}
