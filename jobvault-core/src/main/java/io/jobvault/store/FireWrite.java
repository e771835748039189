package io.jobvault.store;

import java.time.Instant;
import java.util.List;

/**
 * Everything one scheduler step records for a schedule, in one transaction: fire rows (enqueued, missed, skipped),
 * their jobs, and the schedule's advanced state.
 *
 * @param expectedNextFireAt compare-and-set: applied only while the stored next fire is this (null: do not check or
 *                           change the schedule's state, as for a manual trigger)
 * @param lastFireAt         the new latest enqueued fire, or null to keep it
 * @param audit              an audit entry recorded in the same transaction (a manual trigger), or null
 * @param skippedInRow       with {@code expectedNextFireAt}: the schedule's new count of fires skipped in a row by
 *                           the overlap policy (0 once one runs), or null to keep it
 * @param rerunOf            a fire time the jobs re-run: each job is linked to it as well (kind {@code rerun}), so
 *                           it counts toward that fire's coverage; or null
 */
public record FireWrite(String scheduleId, Instant expectedNextFireAt, Instant newNextFireAt, Instant lastFireAt,
                        List<FireRow> fires, List<FireJob> jobs, AuditEntry audit, Integer skippedInRow, Instant rerunOf) {
    /** The kind a re-run's jobs are linked under at the fire they re-run. */
    public static final String RERUN = "rerun";
}
