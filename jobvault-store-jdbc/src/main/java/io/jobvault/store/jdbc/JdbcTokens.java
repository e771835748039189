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

/** API tokens in the SQLite store: stored by the hash of their secret only. */
final class JdbcTokens {
    private final SqlDatabase db;

    JdbcTokens(SqlDatabase db) {
        this.db = db;
    }

    void tokenInsert(ApiToken t, String secretHash) {
        db.write("store token " + t.id(), c -> {
            PreparedStatement ps = db.statement(c, db.sql().get("tokenInsert"));
            ps.setString(1, t.id());
            ps.setString(2, t.name());
            ps.setString(3, t.tenant());
            ps.setString(4, String.join(",", new java.util.TreeSet<>(t.scopes())));
            ps.setString(5, secretHash);
            setMillis(ps, 6, t.createdAt());
            return ps.executeUpdate();
        });
    }

    Optional<ApiToken> tokenByHash(String secretHash) {
        return db.read("look up a token", c -> {
            {
                PreparedStatement ps = db.statement(c, db.sql().get("tokenByHash"));
                ps.setString(1, secretHash);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(token(rs)) : Optional.empty();
                }
            }
        });
    }

    Optional<ApiToken> tokenById(String id) {
        return db.read("look up token " + id, c -> {
            PreparedStatement ps = db.statement(c, db.sql().get("tokenById"));
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(token(rs)) : Optional.empty();
            }
        });
    }

    List<ApiToken> tokenList() {
        return db.read("list tokens", c -> {
            List<ApiToken> tokens = new ArrayList<>();
            try (ResultSet rs = db.statement(c, db.sql().get("tokenList")).executeQuery()) {
                while (rs.next()) tokens.add(token(rs));
            }
            return tokens;
        });
    }

    boolean tokenRevoke(String id, Instant now) {
        return db.write("revoke token " + id, c -> {
            PreparedStatement ps = db.statement(c, db.sql().get("tokenRevoke"));
            ps.setString(1, id);
            setMillis(ps, 2, now);
            return ps.executeUpdate() > 0;
        });
    }

    int tokenCountActiveAdmins() {
        return db.read("count admin tokens", c -> {
            try (ResultSet rs = db.statement(c, db.sql().get("tokenCountActiveAdmin")).executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }

    private static ApiToken token(ResultSet rs) throws SQLException {
        String scopes = rs.getString("scopes");
        return new ApiToken(rs.getString("id"), rs.getString("name"), rs.getString("tenant"),
                scopes.isEmpty() ? Set.of() : Set.of(scopes.split(",")), JdbcRows.instant(rs, "created_at"),
                JdbcRows.instant(rs, "revoked_at"));
    }
}
