package io.jobvault.store.jdbc;


import io.jobvault.Attempt;
import io.jobvault.Job;
import io.jobvault.JobState;
import io.jobvault.store.JobListParams;
import io.jobvault.store.StoredArtifact;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Reading jobs from the SQLite store: one job, a keyset page, the attempt history. */
final class JdbcJobReads {
    /** Jobs a finished-range page looks at first, newest below the range's end (see JdbcJobListQuery.recentWalk). */
    static final int RECENT_WALK = 2_000;

    private final SqlDatabase db;
    private final JdbcArtifacts artifacts;

    JdbcJobReads(SqlDatabase db, JdbcArtifacts artifacts) {
        this.db = db;
        this.artifacts = artifacts;
    }

    Optional<Job> jobGet(UUID id) {
        return db.read("read job " + id, c -> readJob(c, id));
    }

    Optional<io.jobvault.JobDetails> jobGetDetails(UUID id) {
        return db.read("read job " + id, c -> {
            Optional<Job> job = readJob(c, id);
            if (job.isEmpty()) return Optional.empty();
            return Optional.of(new io.jobvault.JobDetails(job.get(), artifacts.readArtifacts(c, id).stream().map(StoredArtifact::artifact).toList()));
        });
    }

    Optional<Job> readJob(Connection c, UUID id) throws SQLException {
        {
                PreparedStatement ps = db.statement(c, db.sql().get("getJob"));
            ps.setString(1, id.toString());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(JdbcRows.job(rs)) : Optional.empty();
            }
        }
    }

    List<Job> jobsList(JobListParams p) {
        return db.read("list jobs", c -> {
            String columns = db.sql().get("jobColumns");
            List<Job> jobs = new ArrayList<>(p.limit());
            var walk = JdbcJobListQuery.recentWalk(columns, p.filter(), p.afterId(), p.limit(), RECENT_WALK);
            if (walk.isPresent()) {
                walk.get().run(db, c, rs -> jobs.add(JdbcRows.job(rs)));
                if (jobs.size() == p.limit()) return jobs; // a full page: exactly the general query's
                jobs.clear();
            }
            new JdbcJobListQuery(p, columns).run(db, c, rs -> jobs.add(JdbcRows.job(rs)));
            return jobs;
        });
    }

    List<Attempt> jobAttempts(UUID id) {
        return db.read("read attempts of job " + id, c -> {
            List<Attempt> attempts = new ArrayList<>();
            {
                PreparedStatement ps = db.statement(c, db.sql().get("attemptsOf"));
                ps.setString(1, id.toString());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) attempts.add(JdbcRows.attempt(rs));
                }
            }
            Optional<Job> job = readJob(c, id);
            job.flatMap(JdbcJobReads::currentAttempt).ifPresent(attempts::add);
            return attempts;
        });
    }

    /** The attempt kept on the job row: the one running now, or the successful last one. */
    private static Optional<Attempt> currentAttempt(Job j) {
        if (j.state() == JobState.RUNNING) {
            return Optional.of(new Attempt(j.attempt(), j.leaseOwner(), j.startedAt(), null, null, null, null, null));
        }
        if (j.state() == JobState.SUCCEEDED) {
            return Optional.of(new Attempt(j.attempt(), j.leaseOwner(), j.startedAt(), j.finishedAt(),
                    Attempt.Outcome.SUCCEEDED, null, null, null));
        }
        return Optional.empty();
    }
}
