package io.jobvault.store.jdbc;

import io.jobvault.store.AuditEntry;
import io.jobvault.store.FireJobState;
import io.jobvault.store.FireRow;
import io.jobvault.store.FireWrite;
import io.jobvault.store.ScheduleRow;
import io.jobvault.store.ScheduleStore;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** {@link ScheduleStore} for the JDBC store, by delegation, so {@link JdbcJobStore} stays about jobs. */
interface JdbcScheduleStore extends ScheduleStore {
    JdbcSchedules schedules();

    JdbcAudit audit();

    @Override
    default void scheduleUpsert(ScheduleRow row) {
        schedules().upsert(row);
    }

    @Override
    default Optional<ScheduleRow> scheduleGet(String id) {
        return schedules().get(id);
    }

    @Override
    default List<ScheduleRow> scheduleList() {
        return schedules().list();
    }

    @Override
    default List<FireRow> firesAwaitingKeys(int limit) {
        return schedules().awaitingKeys(limit);
    }

    @Override
    default boolean fireSetKeys(FireRow fire, String status, String keys, String reason, List<io.jobvault.store.FireJob> jobs,
            Instant now) {
        return schedules().setKeys(fire, status, keys, reason, jobs);
    }

    @Override
    default boolean scheduleDelete(String id) {
        return schedules().delete(id);
    }

    @Override
    default boolean scheduleSetPaused(String id, boolean paused, Instant now) {
        return schedules().setPaused(id, paused, now);
    }

    @Override
    default List<ScheduleRow> schedulesDue(Instant now, int limit) {
        return schedules().due(now, limit);
    }

    @Override
    default List<ScheduleRow> schedulesSkipping(int limit) {
        return schedules().skipping(limit);
    }

    @Override
    default boolean scheduleFire(FireWrite write, Instant now) {
        return schedules().fire(write, now);
    }

    @Override
    default List<FireRow> fires(String scheduleId, Instant before, int limit) {
        return schedules().fires(scheduleId, before, limit);
    }

    @Override
    default Optional<FireRow> fire(String scheduleId, Instant fireAt, String kind) {
        return schedules().fire(scheduleId, fireAt, kind);
    }

    @Override
    default java.util.Map<Instant, List<FireJobState>> fireJobsBetween(String scheduleId, Instant from, Instant to) {
        return schedules().fireJobsBetween(scheduleId, from, to);
    }

    @Override
    default List<FireRow> firesPastDeadline(Instant now, int limit) {
        return schedules().pastDeadline(now, limit);
    }

    @Override
    default boolean fireSettleDeadline(String scheduleId, Instant fireAt, String kind, boolean met, Instant now) {
        return schedules().settleDeadline(scheduleId, fireAt, kind, met, now);
    }

    @Override
    default int firesPrune(Instant cutoff, int limit) {
        return schedules().prune(cutoff, limit);
    }

    @Override
    default AuditEntry auditInsert(AuditEntry entry) {
        return audit().insert(entry);
    }

    @Override
    default int auditPrune(Instant cutoff, int limit) {
        return audit().prune(cutoff, limit);
    }

    @Override
    default List<AuditEntry> auditList(long beforeId, int limit) {
        return audit().list(beforeId, limit);
    }
}
