package io.jobvault.store.jdbc;

import static io.jobvault.store.jdbc.JdbcRows.instant;
import static io.jobvault.store.jdbc.JdbcRows.setMillis;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Paused queues (read by every claim's statement, see claimWindow) and the per-queue figures the queue list shows. */
final class JdbcQueues {
    private final SqlDatabase db;

    JdbcQueues(SqlDatabase db) {
        this.db = db;
    }

    boolean queuePause(String queue, Instant now) {
        return db.write("pause queue " + queue, c -> {
            PreparedStatement ps = db.statement(c, db.sql().get("queuePause"));
            ps.setString(1, queue);
            setMillis(ps, 2, now);
            return ps.executeUpdate() > 0;
        });
    }

    boolean queueResume(String queue) {
        return db.write("resume queue " + queue, c -> {
            PreparedStatement ps = db.statement(c, db.sql().get("queueResume"));
            ps.setString(1, queue);
            boolean resumed = ps.executeUpdate() > 0;
            if (resumed) db.notifyAvailable(c, List.of(queue)); // the nodes claim its waiting jobs now, not at their next poll
            return resumed;
        });
    }

    Map<String, Instant> queuesPaused() {
        return db.read("read paused queues", c -> readPairs(db.statement(c, db.sql().get("queuesPaused"))));
    }

    /**
     * Each queue's earliest available run-at, by a skip-scan of {@code jobs_available}: one probe per queue and
     * priority, so it costs the same under a backlog of millions as of none. Probes are separate statements, so a job
     * claimed between them is skipped, as a later read would not see it either.
     */
    Map<String, Instant> jobsOldestAvailableByQueue() {
        return db.read("read queue latencies", c -> {
            PreparedStatement nextQueue = db.statement(c, db.sql().get("availableQueueAfter"));
            PreparedStatement nextPriority = db.statement(c, db.sql().get("availablePriorityBelow"));
            PreparedStatement oldest = db.statement(c, db.sql().get("availableOldestRunAt"));
            Map<String, Instant> out = new LinkedHashMap<>();
            for (String queue = (String) first(nextQueue, ""); queue != null; queue = (String) first(nextQueue, queue)) {
                long earliest = Long.MAX_VALUE;
                for (Object p = first(nextPriority, queue, Long.MAX_VALUE); p != null; p = first(nextPriority, queue, p)) {
                    Object runAt = first(oldest, queue, p);
                    if (runAt != null) earliest = Math.min(earliest, ((Number) runAt).longValue());
                }
                if (earliest != Long.MAX_VALUE) out.put(queue, Instant.ofEpochMilli(earliest));
            }
            return out;
        });
    }

    /** The first column of the first row of {@code ps} run with {@code params}; null when there is no row. */
    private static Object first(PreparedStatement ps, Object... params) throws java.sql.SQLException {
        for (int i = 0; i < params.length; i++) ps.setObject(i + 1, params[i] instanceof Number n ? n.longValue() : params[i]);
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getObject(1) : null;
        }
    }

    private static Map<String, Instant> readPairs(PreparedStatement ps) throws java.sql.SQLException {
        Map<String, Instant> out = new LinkedHashMap<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) out.put(rs.getString(1), instant(rs, 2));
        }
        return out;
    }
}
