package io.jobvault.store.jdbc;

import static io.jobvault.store.jdbc.JdbcRows.instant;
import static io.jobvault.store.jdbc.JdbcRows.setMillis;

import io.jobvault.JobState;
import io.jobvault.store.FireJob;
import io.jobvault.store.FireJobState;
import io.jobvault.store.FireRow;
import io.jobvault.store.FireWrite;
import io.jobvault.store.ScheduleRow;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Schedules and their fires. A fire's rows, its jobs and the schedule's compare-and-set are one transaction. */
final class JdbcSchedules {
    private final SqlDatabase db;
    private final JdbcInserts inserts;
    private final JdbcAudit audit;

    JdbcSchedules(SqlDatabase db, JdbcInserts inserts, JdbcAudit audit) {
        this.db = db;
        this.inserts = inserts;
        this.audit = audit;
    }

    void upsert(ScheduleRow row) {
        db.write("save schedule " + row.id(), c -> {
            PreparedStatement ps = db.statement(c, db.sql().get("scheduleUpsert"));
            ps.setString(1, row.id());
            ps.setString(2, row.definition());
            setMillis(ps, 3, row.nextFireAt());
            ps.setString(4, row.source());
            setMillis(ps, 5, row.updatedAt());
            return ps.executeUpdate();
        });
    }

    Optional<ScheduleRow> get(String id) {
        return db.read("read schedule " + id, c -> {
            PreparedStatement ps = db.statement(c, db.sql().get("scheduleGet"));
            ps.setString(1, id);
            List<ScheduleRow> rows = schedules(ps);
            return rows.isEmpty() ? Optional.empty() : Optional.of(rows.getFirst());
        });
    }

    List<ScheduleRow> list() {
        return db.read("list schedules", c -> schedules(db.statement(c, db.sql().get("scheduleList"))));
    }

    List<ScheduleRow> due(Instant now, int limit) {
        return db.read("find due schedules", c -> {
            PreparedStatement ps = db.statement(c, db.sql().get("schedulesDue"));
            setMillis(ps, 1, now);
            ps.setInt(2, limit);
            return schedules(ps);
        });
    }

    List<ScheduleRow> skipping(int limit) {
        return db.read("find schedules skipping fires", c -> {
            PreparedStatement ps = db.statement(c, db.sql().get("schedulesSkipping"));
            ps.setInt(1, limit);
            return schedules(ps);
        });
    }

    boolean delete(String id) {
        return db.write("delete schedule " + id, c -> {
            for (String q : List.of("scheduleDeleteFireJobs", "scheduleDeleteFires")) {
                PreparedStatement ps = db.statement(c, db.sql().get(q));
                ps.setString(1, id);
                ps.executeUpdate();
            }
            PreparedStatement ps = db.statement(c, db.sql().get("scheduleDelete"));
            ps.setString(1, id);
            return ps.executeUpdate() > 0;
        });
    }

    boolean setPaused(String id, boolean paused, Instant now) {
        return db.write((paused ? "pause" : "resume") + " schedule " + id, c -> {
            PreparedStatement ps = db.statement(c, db.sql().get("scheduleSetPaused"));
            ps.setString(1, id);
            ps.setInt(2, paused ? 1 : 0);
            setMillis(ps, 3, now);
            return ps.executeUpdate() > 0;
        });
    }

    /** Thrown inside the transaction to roll it back when a fire row exists already. */
    private static final class FireExists extends RuntimeException {
        FireExists() {
            super(null, null, false, false);
        }
    }

    boolean fire(FireWrite w, Instant now) {
        try {
            return write(w);
        } catch (FireExists e) {
            return false; // this fire exists already: nothing was written
        }
    }

    private boolean write(FireWrite w) {
        return db.write("record fires of schedule " + w.scheduleId(), c -> {
            if (w.expectedNextFireAt() != null) {
                PreparedStatement advance = db.statement(c, db.sql().get("scheduleAdvance"));
                advance.setString(1, w.scheduleId());
                setMillis(advance, 2, w.expectedNextFireAt());
                setMillis(advance, 3, w.newNextFireAt());
                if (w.skippedInRow() == null) advance.setNull(4, Types.INTEGER);
                else advance.setInt(4, w.skippedInRow());
                if (advance.executeUpdate() == 0) return false; // another node recorded this step
            }
            PreparedStatement fire = db.statement(c, db.sql().get("fireInsert"));
            for (FireRow f : w.fires()) {
                bindFire(fire, f);
                if (fire.executeUpdate() == 0) throw new FireExists();
            }
            insertJobs(c, w.scheduleId(), w.jobs(), w.rerunOf());
            if (w.audit() != null) audit.insertOn(c, w.audit());
            if (w.lastFireAt() != null) {
                PreparedStatement last = db.statement(c, db.sql().get("scheduleSetLastFire"));
                last.setString(1, w.scheduleId());
                setMillis(last, 2, w.lastFireAt());
                last.executeUpdate();
            }
            return true;
        });
    }

    /** Inserts a fire's jobs and links each to its fire and key — and to the fire it re-runs, when there is one. */
    private void insertJobs(java.sql.Connection c, String scheduleId, List<FireJob> jobs, Instant rerunOf) throws SQLException {
        if (jobs.isEmpty()) return;
        inserts.insertOn(c, jobs.stream().map(FireJob::job).toList());
        PreparedStatement link = db.statement(c, db.sql().get("fireJobInsert"));
        for (FireJob j : jobs) {
            link(link, scheduleId, j.fireAt(), j.kind(), j);
            if (rerunOf != null) link(link, scheduleId, rerunOf, FireWrite.RERUN, j);
        }
        link.executeBatch();
    }

    private static void link(PreparedStatement link, String scheduleId, Instant fireAt, String kind, FireJob j) throws SQLException {
        link.setString(1, scheduleId);
        setMillis(link, 2, fireAt);
        link.setString(3, kind);
        link.setString(4, j.key());
        link.setString(5, j.job().id().toString());
        link.addBatch();
    }

    List<FireRow> awaitingKeys(int limit) {
        return db.read("find fires awaiting their keys", c -> {
            PreparedStatement ps = db.statement(c, db.sql().get("firesAwaitingKeys"));
            ps.setInt(1, limit);
            return fireRows(ps);
        });
    }

    boolean setKeys(FireRow f, String status, String keys, String reason, List<FireJob> jobs) {
        return db.write("settle the keys of a fire of " + f.scheduleId(), c -> {
            PreparedStatement ps = db.statement(c, db.sql().get("fireSetKeys"));
            ps.setString(1, f.scheduleId());
            setMillis(ps, 2, f.fireAt());
            ps.setString(3, f.kind());
            ps.setString(4, status);
            ps.setString(5, keys);
            ps.setString(6, reason);
            if (ps.executeUpdate() == 0) return false; // another node settled it
            insertJobs(c, f.scheduleId(), jobs, null);
            return true;
        });
    }

    private static void bindFire(PreparedStatement ps, FireRow f) throws SQLException {
        ps.setString(1, f.scheduleId());
        setMillis(ps, 2, f.fireAt());
        ps.setString(3, f.kind());
        ps.setString(4, f.status());
        ps.setString(5, f.reason());
        ps.setString(6, f.keys());
        setMillis(ps, 7, f.deadlineAt());
        setMillis(ps, 8, f.overdueAt());
        ps.setString(9, f.triggeredBy());
        setMillis(ps, 10, f.createdAt());
        setMillis(ps, 11, f.rerunOf());
    }

    List<FireRow> fires(String scheduleId, Instant before, int limit) {
        return db.read("list fires of " + scheduleId, c -> {
            PreparedStatement ps = db.statement(c, db.sql().get("firesOf"));
            ps.setString(1, scheduleId);
            ps.setLong(2, before == null ? Long.MAX_VALUE : before.toEpochMilli());
            ps.setInt(3, limit);
            return fireRows(ps);
        });
    }

    Optional<FireRow> fire(String scheduleId, Instant fireAt, String kind) {
        return db.read("read a fire of " + scheduleId, c -> {
            PreparedStatement ps = db.statement(c, db.sql().get("fireGet"));
            ps.setString(1, scheduleId);
            setMillis(ps, 2, fireAt);
            ps.setString(3, kind);
            List<FireRow> rows = fireRows(ps);
            return rows.isEmpty() ? Optional.empty() : Optional.of(rows.getFirst());
        });
    }

    Map<Instant, List<FireJobState>> fireJobsBetween(String scheduleId, Instant from, Instant to) {
        return db.read("read the jobs of fires of " + scheduleId, c -> {
            PreparedStatement ps = db.statement(c, db.sql().get("fireJobsBetween"));
            ps.setString(1, scheduleId);
            setMillis(ps, 2, from);
            setMillis(ps, 3, to);
            Map<Instant, List<FireJobState>> out = new LinkedHashMap<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String state = rs.getString(5);
                    out.computeIfAbsent(instant(rs, 1), k -> new ArrayList<>()).add(new FireJobState(rs.getString(2),
                            rs.getString(3), UUID.fromString(rs.getString(4)), state == null ? null : JobState.fromDbName(state),
                            rs.getString(6)));
                }
            }
            return out;
        });
    }

    List<FireRow> pastDeadline(Instant now, int limit) {
        return db.read("find overdue fires", c -> {
            PreparedStatement ps = db.statement(c, db.sql().get("firesPastDeadline"));
            setMillis(ps, 1, now);
            ps.setInt(2, limit);
            return fireRows(ps);
        });
    }

    boolean settleDeadline(String scheduleId, Instant fireAt, String kind, boolean met, Instant now) {
        return db.write("settle the deadline of a fire of " + scheduleId, c -> {
            PreparedStatement ps = db.statement(c, db.sql().get(met ? "fireMarkCompleted" : "fireMarkOverdue"));
            ps.setString(1, scheduleId);
            setMillis(ps, 2, fireAt);
            ps.setString(3, kind);
            setMillis(ps, 4, now);
            return ps.executeUpdate() > 0;
        });
    }

    int prune(Instant cutoff, int limit) {
        return db.write("prune old fires", c -> {
            PreparedStatement old = db.statement(c, db.sql().get("firesOlderThan"));
            setMillis(old, 1, cutoff);
            old.setInt(2, limit);
            List<Object[]> keys = new ArrayList<>();
            try (ResultSet rs = old.executeQuery()) {
                while (rs.next()) keys.add(new Object[] {rs.getString(1), rs.getLong(2), rs.getString(3)});
            }
            for (String q : List.of("fireDeleteJobs", "fireDelete")) {
                PreparedStatement ps = db.statement(c, db.sql().get(q));
                for (Object[] k : keys) {
                    ps.setString(1, (String) k[0]);
                    ps.setLong(2, (Long) k[1]);
                    ps.setString(3, (String) k[2]);
                    ps.addBatch();
                }
                if (!keys.isEmpty()) ps.executeBatch();
            }
            return keys.size();
        });
    }

    private static List<ScheduleRow> schedules(PreparedStatement ps) throws SQLException {
        List<ScheduleRow> rows = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                rows.add(new ScheduleRow(rs.getString(1), rs.getString(2), rs.getInt(3) != 0, instant(rs, 4), instant(rs, 5),
                        rs.getString(6), instant(rs, 7), instant(rs, 8), rs.getInt(9)));
            }
        }
        return rows;
    }

    private static List<FireRow> fireRows(PreparedStatement ps) throws SQLException {
        List<FireRow> rows = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                rows.add(new FireRow(rs.getString(1), instant(rs, 2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getString(6), instant(rs, 7), instant(rs, 8), rs.getString(9), instant(rs, 10), instant(rs, 11)));
            }
        }
        return rows;
    }
}
