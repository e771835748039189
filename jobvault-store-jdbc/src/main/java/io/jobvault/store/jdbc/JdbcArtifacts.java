package io.jobvault.store.jdbc;

import static io.jobvault.store.jdbc.JdbcRows.setMillis;

import io.jobvault.JobState;
import io.jobvault.store.ApiToken;
import io.jobvault.store.ArtifactPut;
import io.jobvault.store.ArtifactPutResult;
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

/** Artifact metadata in the SQLite store; the files themselves live in the artifact store. */
final class JdbcArtifacts {
    private final SqlDatabase db;

    JdbcArtifacts(SqlDatabase db) {
        this.db = db;
    }

    ArtifactPutResult artifactPutIfRunning(ArtifactPut put, Instant now) {
        return db.write("record artifact " + put.artifact().name() + " of job " + put.jobId(), c -> {
            PreparedStatement lease = db.statement(c, db.sql().get("selectLease"));
            lease.setString(1, put.jobId().toString());
            lease.setInt(2, put.attempt());
            lease.setString(3, put.owner());
            try (ResultSet rs = lease.executeQuery()) {
                if (!rs.next()) return new ArtifactPutResult(false, null);
            }
            PreparedStatement previous = db.statement(c, db.sql().get("artifactKeyOf"));
            previous.setString(1, put.jobId().toString());
            previous.setString(2, put.artifact().name());
            String replaced;
            try (ResultSet rs = previous.executeQuery()) {
                replaced = rs.next() ? rs.getString(1) : null;
            }
            PreparedStatement ps = db.statement(c, db.sql().get("artifactUpsert"));
            ps.setString(1, put.jobId().toString());
            ps.setString(2, put.artifact().name());
            ps.setLong(3, put.artifact().size());
            ps.setString(4, put.artifact().contentType());
            ps.setString(5, put.artifact().sha256());
            ps.setString(6, put.key());
            ps.setInt(7, put.attempt());
            setMillis(ps, 8, put.artifact().createdAt());
            ps.executeUpdate();
            return new ArtifactPutResult(true, put.key().equals(replaced) ? null : replaced);
        });
    }

    List<StoredArtifact> artifactsOf(UUID jobId) {
        return db.read("list artifacts of job " + jobId, c -> readArtifacts(c, jobId));
    }

    List<StoredArtifact> readArtifacts(Connection c, UUID jobId) throws SQLException {
        List<StoredArtifact> list = new ArrayList<>();
        PreparedStatement ps = db.statement(c, db.sql().get("artifactsOf"));
        ps.setString(1, jobId.toString());
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) list.add(artifact(jobId, rs));
        }
        return list;
    }

    Optional<StoredArtifact> artifactGet(UUID jobId, String name) {
        return db.read("read artifact " + name + " of job " + jobId, c -> {
            {
                PreparedStatement ps = db.statement(c, db.sql().get("artifactGet"));
                ps.setString(1, jobId.toString());
                ps.setString(2, name);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(artifact(jobId, rs)) : Optional.empty();
                }
            }
        });
    }

    static StoredArtifact artifact(UUID jobId, ResultSet rs) throws SQLException {
        return new StoredArtifact(jobId, new io.jobvault.Artifact(rs.getString("name"), rs.getLong("size"),
                rs.getString("content_type"), rs.getString("sha256"), JdbcRows.instant(rs, "created_at"),
                JdbcRows.instant(rs, "missing_since")), rs.getString("storage_key"));
    }

    List<StoredArtifact> artifactsPage(UUID afterJob, String afterName, int limit) {
        return db.read("page through artifacts", c -> {
            PreparedStatement ps = db.statement(c, db.sql().get("artifactsPage"));
            ps.setString(1, (afterJob == null ? new UUID(0, 0) : afterJob).toString()); // the nil id sorts first
            ps.setString(2, afterName == null ? "" : afterName);
            ps.setInt(3, limit);
            List<StoredArtifact> list = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) list.add(artifact(UUID.fromString(rs.getString("job_id")), rs));
            }
            return list;
        });
    }

    Map<UUID, Set<String>> artifactKeysOf(java.util.Collection<UUID> jobIds) {
        if (jobIds.isEmpty()) return Map.of();
        return db.read("list the artifact keys of " + jobIds.size() + " jobs", c -> {
            PreparedStatement ps = db.statement(c, db.sql().get("artifactKeysOf"));
            ps.setString(1, JdbcRows.idArray(jobIds));
            Map<UUID, Set<String>> keys = new java.util.HashMap<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    keys.computeIfAbsent(UUID.fromString(rs.getString(1)), j -> new java.util.HashSet<>()).add(rs.getString(2));
                }
            }
            return keys;
        });
    }

    void artifactSetMissing(UUID jobId, String name, Instant since) {
        db.write("mark artifact " + name + " of job " + jobId, c -> {
            PreparedStatement ps = db.statement(c, db.sql().get("artifactSetMissing"));
            ps.setString(1, jobId.toString());
            ps.setString(2, name);
            setMillis(ps, 3, since);
            return ps.executeUpdate();
        });
    }

    long artifactsMissingCount() {
        return db.read("count missing artifacts", c -> {
            try (ResultSet rs = db.statement(c, db.sql().get("artifactsMissingCount")).executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }
}
