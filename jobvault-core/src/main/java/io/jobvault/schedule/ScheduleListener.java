package io.jobvault.schedule;

import io.jobvault.store.FireRow;
import java.util.List;

/** Told about fires that need an operator's attention; alerting builds on it. Called on the maintenance leader. */
public interface ScheduleListener {
    /** Fires that were due and did not run (recorded missed), of one schedule. */
    default void firesMissed(String scheduleId, List<FireRow> missed) {}

    /** A fire's deadline passed before every key succeeded; {@code backupEnqueued} when a fresh run was enqueued. */
    default void fireOverdue(FireCoverage coverage, boolean backupEnqueued) {}
}
