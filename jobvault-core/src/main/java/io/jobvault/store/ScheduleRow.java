package io.jobvault.store;

import java.time.Instant;

/**
 * A schedule as stored: its definition (JSON, read and written by the engine) and the state fires are computed from.
 *
 * @param nextFireAt the next fire not yet handled; the scheduler advances it with a compare-and-set
 * @param lastFireAt the latest fire that enqueued jobs (for overlap checks), or null
 * @param source     who defines it: {@code api}, {@code file} or {@code code}
 * @param skippedInRow scheduled fires skipped by the overlap policy since the last one that ran
 */
public record ScheduleRow(String id, String definition, boolean paused, Instant nextFireAt, Instant lastFireAt,
                          String source, Instant createdAt, Instant updatedAt, int skippedInRow) {}
