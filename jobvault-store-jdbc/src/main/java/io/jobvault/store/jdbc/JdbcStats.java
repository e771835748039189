package io.jobvault.store.jdbc;

import static io.jobvault.store.jdbc.JdbcRows.setMillis;

import io.jobvault.JobState;
import io.jobvault.store.ApiToken;
import io.jobvault.store.ArtifactPut;
import io.jobvault.store.ArtifactPutResult;
import io.jobvault.store.PruneBacklog;
import io.jobvault.store.StoredArtifact;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** Counts for operators (health, metrics), each bounded by unfinished work or a time window, never by all rows. */
final class JdbcStats {
    private final SqlDatabase db;

    JdbcStats(SqlDatabase db) {
        this.db = db;
    }

    /** From the job counters (see {@link JdbcCounts}): health and metrics never count the jobs table either. */
    Map<String, Map<JobState, Long>> jobsCountUnfinished(JdbcCounts counters) {
        Map<String, Map<JobState, Long>> counts = new java.util.TreeMap<>();
        for (io.jobvault.JobCount c : counters.jobCounts(null)) {
            if (c.state().isTerminal()) continue;
            counts.computeIfAbsent(c.queue(), q -> new java.util.EnumMap<>(JobState.class)).merge(c.state(), c.count(), Long::sum);
        }
        return counts;
    }

    PruneBacklog jobsPruneBacklog(Instant now, int limit) {
        return db.read("measure the pruning backlog", c -> {
            PreparedStatement oldest = db.statement(c, db.sql().get("pruneBacklogOldest"));
            setMillis(oldest, 1, now);
            Instant oldestExpiry;
            try (ResultSet rs = oldest.executeQuery()) {
                oldestExpiry = rs.next() ? JdbcRows.instant(rs, 1) : null;
            }
            if (oldestExpiry == null) return new PruneBacklog(0, null);
            PreparedStatement count = db.statement(c, db.sql().get("pruneBacklogCount"));
            setMillis(count, 1, now);
            count.setInt(2, limit);
            try (ResultSet rs = count.executeQuery()) {
                return new PruneBacklog(rs.next() ? rs.getLong(1) : 0, oldestExpiry);
            }
        });
    }

    Map<String, Long> jobsRunningByNode() {
        return db.read("count running jobs by node", c -> {
            Map<String, Long> counts = new java.util.TreeMap<>();
            try (ResultSet rs = db.statement(c, db.sql().get("runningByNode")).executeQuery()) {
                while (rs.next()) counts.put(rs.getString("lease_owner"), rs.getLong("n"));
            }
            return counts;
        });
    }
}
