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

    Map<String, Instant> jobsOldestAvailableByQueue() {
        return db.read("read queue latencies", c -> readPairs(db.statement(c, db.sql().get("oldestAvailableByQueue"))));
    }

    private static Map<String, Instant> readPairs(PreparedStatement ps) throws java.sql.SQLException {
        Map<String, Instant> out = new LinkedHashMap<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) out.put(rs.getString(1), instant(rs, 2));
        }
        return out;
    }
}
