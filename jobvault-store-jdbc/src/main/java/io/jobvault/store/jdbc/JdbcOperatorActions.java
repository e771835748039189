package io.jobvault.store.jdbc;

import static io.jobvault.store.jdbc.JdbcRows.setMillis;
import static io.jobvault.store.jdbc.JdbcRows.idArray;

import io.jobvault.Job;
import io.jobvault.JobState;
import io.jobvault.JobStateException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** What operators do to single jobs: cancel, retry with a fresh budget, run now, delete. */
final class JdbcOperatorActions {
    private final SqlDatabase db;
    private final JdbcJobReads reads;

    JdbcOperatorActions(SqlDatabase db, JdbcJobReads reads) {
        this.db = db;
        this.reads = reads;
    }

    boolean jobCancelIfWaiting(UUID id, Instant now) {
        return db.write("cancel waiting job " + id, c -> {
            PreparedStatement waiting = db.statement(c, db.sql().get("cancelWaiting"));
            waiting.setString(1, id.toString());
            setMillis(waiting, 2, now);
            return waiting.executeUpdate() > 0;
        });
    }

    Optional<Job> jobCancel(UUID id, Instant now) {
        return db.write("cancel job " + id, c -> {
            PreparedStatement waiting = db.statement(c, db.sql().get("cancelWaiting"));
            waiting.setString(1, id.toString());
            setMillis(waiting, 2, now);
            if (waiting.executeUpdate() == 0) {
                PreparedStatement running = db.statement(c, db.sql().get("requestCancel"));
                running.setString(1, id.toString());
                if (running.executeUpdate() > 0) db.notifyCancel(c, id); // reaches the runner now, not at its heartbeat
            }
            return reads.readJob(c, id);
        });
    }

    Optional<Job> jobRetry(UUID id, Instant now) {
        return db.write("retry job " + id, c -> {
            PreparedStatement ps = db.statement(c, db.sql().get("retryFinished"));
            ps.setString(1, id.toString());
            setMillis(ps, 2, now);
            int n;
            try {
                n = ps.executeUpdate();
            } catch (SQLException e) {
                if ("23505".equals(e.getSQLState()) || (e.getMessage() != null && e.getMessage().toUpperCase().contains("UNIQUE"))) {
                    throw new JobStateException("job " + id + " cannot run again while another unfinished job has"
                            + " its unique key", JobState.DEAD);
                }
                throw e;
            }
            Optional<Job> job = reads.readJob(c, id);
            if (n > 0 && job.isPresent()) db.notifyAvailable(c, List.of(job.get().queue()));
            if (n == 0 && job.isPresent()) {
                throw new JobStateException("job " + id + " is " + job.get().state()
                        + ": only DEAD or CANCELLED jobs can be retried", job.get().state());
            }
            return job;
        });
    }

    Optional<Job> jobRunNow(UUID id, Instant now) {
        return db.write("run job " + id + " now", c -> {
            PreparedStatement ps = db.statement(c, db.sql().get("runNow"));
            ps.setString(1, id.toString());
            setMillis(ps, 2, now);
            int n = ps.executeUpdate();
            Optional<Job> job = reads.readJob(c, id);
            if (n > 0 && job.isPresent()) db.notifyAvailable(c, List.of(job.get().queue()));
            if (n == 0 && job.isPresent()) {
                Job j = job.get();
                throw new JobStateException(j.waitingFor() != null
                        ? "job " + id + " is held back by its " + j.waitingFor() + " limit: it runs as soon as the limit allows"
                        : "job " + id + " is " + j.state() + ": only SCHEDULED or RETRYING jobs can be run now", j.state());
            }
            return job;
        });
    }

    boolean jobDelete(UUID id, Instant now) {
        return db.write("delete job " + id, c -> {
            PreparedStatement attempts = db.statement(c, db.sql().get("deleteAttemptsOfJob"));
            attempts.setString(1, id.toString());
            attempts.executeUpdate();
            PreparedStatement artifacts = db.statement(c, db.sql().get("deleteArtifactsOf"));
            artifacts.setString(1, idArray(List.of(id)));
            artifacts.executeUpdate();
            PreparedStatement job = db.statement(c, db.sql().get("deleteJob"));
            job.setString(1, id.toString());
            if (job.executeUpdate() == 0) return false;
            PreparedStatement remember = db.statement(c, db.sql().get("insertDeletedJob"));
            remember.setString(1, id.toString());
            setMillis(remember, 2, now);
            remember.executeUpdate();
            return true;
        });
    }

    boolean jobDeleted(UUID id) {
        return db.read("was job " + id + " deleted", c -> {
            PreparedStatement ps = db.statement(c, db.sql().get("jobWasDeleted"));
            ps.setString(1, id.toString());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        });
    }

    int deletedJobsPrune(Instant cutoff, int limit) {
        return db.write("forget old deletions", c -> {
            PreparedStatement ps = db.statement(c, db.sql().get("deletedJobsPrune"));
            setMillis(ps, 1, cutoff);
            ps.setInt(2, limit);
            return ps.executeUpdate();
        });
    }
}
