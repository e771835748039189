package io.jobvault.store;

import java.time.Instant;

/**
 * One fire of a schedule, unique by (schedule, fire time, kind): a scheduled fire, a catch-up, a manual trigger or a
 * backup run of an overdue fire.
 *
 * @param kind        {@code scheduled}, {@code catch-up}, {@code manual} or {@code backup}
 * @param status      {@code enqueued}, {@code missed} or {@code skipped}
 * @param keys        JSON array of the fan-out keys the fire expects, or null for a single job
 * @param triggeredBy who triggered a manual fire, or null
 * @param rerunOf     the fire a manual fire re-runs (its jobs count toward that fire's coverage too), or null
 */
public record FireRow(String scheduleId, Instant fireAt, String kind, String status, String reason, String keys,
                      Instant deadlineAt, Instant overdueAt, String triggeredBy, Instant createdAt, Instant rerunOf) {}
