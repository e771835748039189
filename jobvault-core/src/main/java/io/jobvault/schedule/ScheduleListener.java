package io.jobvault.schedule;

import io.jobvault.store.FireRow;
import java.util.List;

/**
 * Told about the scheduler's fires, and above all those that need an operator's attention; alerting and metrics build
 * on it. Called on the maintenance leader.
 */
public interface ScheduleListener {
    /** The scheduler recorded these fires of one schedule (enqueued, missed or skipped; backups too), after they are durable. */
    default void fired(String scheduleId, List<FireRow> fires) {}

    /**
     * Fires of one schedule that were handled late — after the misfire threshold: every node down, the schedule paused,
     * or a busy scheduler — oldest first, each as recorded whatever the misfire policy did with it: run late (kind
     * {@code catch-up}), coalesced or not run (status {@code missed}, with the reason). {@link LateFires} describes them.
     */
    default void firesMissed(String scheduleId, MisfirePolicy policy, List<FireRow> late) {}

    /** A fire's deadline passed before every key succeeded; {@code backupEnqueued} when a fresh run was enqueued. */
    default void fireOverdue(FireCoverage coverage, boolean backupEnqueued) {}

    /** A schedule's stored definition cannot produce jobs; the scheduler paused it until a corrected one is put. */
    default void definitionInvalid(String scheduleId, String problem) {}
}
