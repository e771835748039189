package io.jobvault.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The part of the store SPI that keeps schedules, their fires and the audit log. */
public interface ScheduleStore {
    // --- schedules (the scheduler runs on the maintenance leader; every write here is one transaction) ---

    /** Inserts the schedule, or replaces its definition, source and next fire (keeping paused and history). */
    void scheduleUpsert(ScheduleRow row);

    Optional<ScheduleRow> scheduleGet(String id);

    /** Every schedule, by id. */
    List<ScheduleRow> scheduleList();

    /** Deletes the schedule with its fires; false when there is none. */
    boolean scheduleDelete(String id);

    /** Pauses or resumes; false when there is no such schedule. */
    boolean scheduleSetPaused(String id, boolean paused, Instant now);

    /** Schedules whose latest scheduled fires were skipped by the overlap policy (skipped in a row > 0), by id. */
    List<ScheduleRow> schedulesSkipping(int limit);

    /** Unpaused schedules whose next fire is at or before {@code now}, soonest first. */
    List<ScheduleRow> schedulesDue(Instant now, int limit);

    /**
     * Records a scheduler step (see {@link FireWrite}) in one transaction; false, with nothing written, when the
     * schedule's next fire is no longer {@code expectedNextFireAt} (another node did it) or a fire row already exists.
     */
    boolean scheduleFire(FireWrite write, Instant now);

    /** Fires of a schedule, newest first, fired before {@code before} (null: all). */
    List<FireRow> fires(String scheduleId, Instant before, int limit);

    Optional<FireRow> fire(String scheduleId, Instant fireAt, String kind);

    /** The jobs of every kind of run of one fire time (the fire, its backup), with their current states. */
    default List<FireJobState> fireJobs(String scheduleId, Instant fireAt) {
        return fireJobsBetween(scheduleId, fireAt, fireAt).getOrDefault(fireAt, List.of());
    }

    /**
     * The jobs of every fire of a schedule from {@code from} to {@code to} (both included), by fire time: one read for
     * a page of fires instead of one per fire.
     */
    java.util.Map<Instant, List<FireJobState>> fireJobsBetween(String scheduleId, Instant from, Instant to);

    /** Fires whose key-source job has not yet named their keys (status {@code awaiting-keys}), oldest first. */
    List<FireRow> firesAwaitingKeys(int limit);

    /**
     * Settles the keys of a fire that awaited them, once, in one transaction: sets its {@code status}, {@code keys}
     * (JSON array, or null) and, when given, {@code reason}, and enqueues {@code jobs}. False, with nothing written,
     * when the fire no longer awaits its keys (another node settled it).
     */
    boolean fireSetKeys(FireRow fire, String status, String keys, String reason, List<io.jobvault.store.FireJob> jobs, Instant now);

    /** Enqueued fires whose deadline has passed and that are not yet marked overdue. */
    List<FireRow> firesPastDeadline(Instant now, int limit);

    /**
     * Settles a fire whose deadline passed, once: {@code met} marks it completed, otherwise overdue. False when it was
     * settled already (another node did it).
     */
    boolean fireSettleDeadline(String scheduleId, Instant fireAt, String kind, boolean met, Instant now);

    /** Deletes fires (and their job links) that fired before {@code cutoff}; returns how many. */
    int firesPrune(Instant cutoff, int limit);

    // --- audit log ---

    /** Appends an entry; returns it with its id. */
    AuditEntry auditInsert(AuditEntry entry);

    /** Deletes up to {@code limit} audit entries older than {@code cutoff}; returns how many. */
    int auditPrune(Instant cutoff, int limit);

    /** Entries newest first, with ids below {@code beforeId} (0: from the newest). */
    List<AuditEntry> auditList(long beforeId, int limit);
}
