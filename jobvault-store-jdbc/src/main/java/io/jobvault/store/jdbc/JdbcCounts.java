package io.jobvault.store.jdbc;

import static io.jobvault.store.jdbc.JdbcRows.setMillis;

import io.jobvault.FinishedRuns;
import io.jobvault.JobCount;
import io.jobvault.JobState;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Job counters and per-minute figures. Triggers on the jobs tables keep them (see the job_counts migrations), so every
 * write path keeps them in its own transaction; this reads them, folds PostgreSQL's change logs and prunes.
 */
final class JdbcCounts {
    /** The queries that fold change logs into totals, where the dialect keeps logs (PostgreSQL; SQLite has none). */
    private static final List<String> FOLDS = List.of("jobCountsFold", "jobsFinishedFold");

    private final SqlDatabase db;
    private final boolean keepsLogs;

    JdbcCounts(SqlDatabase db) {
        this.db = db;
        this.keepsLogs = db.sql().names().containsAll(FOLDS);
    }

    List<JobCount> jobCounts(String tenant) {
        return db.read("read the job counters", c -> {
            PreparedStatement ps = db.statement(c, db.sql().get("jobCounts"));
            ps.setString(1, tenant);
            List<JobCount> counts = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    counts.add(new JobCount(rs.getString(1), rs.getString(2), JobState.fromDbName(rs.getString(3)),
                            rs.getLong(4)));
                }
            }
            return counts;
        });
    }

    List<FinishedRuns> jobsFinishedPerMinute(Instant since, String tenant) {
        return db.read("read the runs ended per minute", c -> {
            PreparedStatement ps = db.statement(c, db.sql().get("jobsFinishedPerMinute"));
            setMillis(ps, 1, since);
            ps.setString(2, tenant);
            List<FinishedRuns> runs = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    runs.add(new FinishedRuns(Instant.ofEpochMilli(rs.getLong(1)), rs.getString(2),
                            FinishedRuns.Outcome.fromDbName(rs.getString(3)), rs.getLong(4)));
                }
            }
            return runs;
        });
    }

    /** Each log in its own short transaction; returns the rows folded (the larger of the two batches). */
    int jobStatsFold(int limit) {
        if (!keepsLogs) return 0;
        int folded = 0;
        for (String query : FOLDS) {
            folded = Math.max(folded, db.write("fold the job counters' log", c -> {
                PreparedStatement ps = db.statement(c, db.sql().get(query));
                ps.setInt(1, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getInt(1) : 0;
                }
            }));
        }
        return folded;
    }

    int jobStatsPrune(Instant cutoff, int limit) {
        return db.write("prune the runs ended per minute", c -> {
            PreparedStatement minutes = db.statement(c, db.sql().get("jobsFinishedPrune"));
            setMillis(minutes, 1, cutoff);
            minutes.setInt(2, limit);
            int pruned = minutes.executeUpdate();
            PreparedStatement zeros = db.statement(c, db.sql().get("jobCountsForgetZero"));
            zeros.setInt(1, limit);
            return Math.max(pruned, zeros.executeUpdate());
        });
    }
}
