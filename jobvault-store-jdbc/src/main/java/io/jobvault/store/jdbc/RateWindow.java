package io.jobvault.store.jdbc;

import static io.jobvault.store.jdbc.JdbcRows.setMillis;

import io.jobvault.Job;
import io.jobvault.RateLimit;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A type's rate-limit slots as this claim sees them: a run may start by taking a slot whose last start left the
 * window, or a slot not created yet. Exact for a sliding window: N slots, each reused only after the window.
 */
final class RateWindow {
    private final SqlDatabase db;
    private final String type;
    private final RateLimit limit;
    private final Instant now;
    private final List<long[]> oldest = new ArrayList<>(); // {slot, startedAt}, oldest first
    private final List<Integer> used = new ArrayList<>(); // slots this claim starts runs in, reused or new
    private int next; // index into oldest
    private int unused; // slots not created yet

    RateWindow(SqlDatabase db, String type, RateLimit limit, Instant now) {
        this.db = db;
        this.type = type;
        this.limit = limit;
        this.now = now;
    }

    void load(Connection c, List<Job> held) throws SQLException {
        int want = (int) held.stream().filter(j -> j.type().equals(type)).count();
        PreparedStatement ps = db.statement(c, db.sql().get("rateSlotsOldest"));
        ps.setString(1, type);
        ps.setInt(2, limit.jobs());
        ps.setInt(3, want);
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) oldest.add(new long[] {rs.getInt(1), rs.getLong(2)});
        }
        long free = oldest.stream().filter(this::reusable).count();
        if (free < want) {
            PreparedStatement count = db.statement(c, db.sql().get("rateSlotsCount"));
            count.setString(1, type);
            count.setInt(2, limit.jobs());
            try (ResultSet rs = count.executeQuery()) {
                rs.next();
                unused = limit.jobs() - rs.getInt(1);
            }
        }
    }

    private boolean reusable(long[] slot) {
        return slot[1] + limit.per().toMillis() <= now.toEpochMilli();
    }

    /** Takes a slot for one run: null when taken, else when the next slot frees. */
    Instant take() {
        if (next < oldest.size() && reusable(oldest.get(next))) {
            used.add((int) oldest.get(next++)[0]);
            return null;
        }
        if (unused > 0) {
            used.add(limit.jobs() - unused--); // slots are created in order: created, created + 1, …
            return null;
        }
        // slots not read, or taken in this claim, started no later than now
        long startedAt = next < oldest.size() ? oldest.get(next++)[1] : now.toEpochMilli();
        return Instant.ofEpochMilli(startedAt + limit.per().toMillis());
    }

    void store(Connection c) throws SQLException {
        if (used.isEmpty()) return;
        PreparedStatement ps = db.statement(c, db.sql().get("rateSlotStart"));
        for (int slot : used) {
            ps.setString(1, type);
            ps.setInt(2, slot);
            setMillis(ps, 3, now);
            ps.addBatch();
        }
        ps.executeBatch();
    }
}
