package io.jobvault.store.jdbc;

import static io.jobvault.store.jdbc.JdbcRows.instant;
import static io.jobvault.store.jdbc.JdbcRows.setMillis;

import io.jobvault.store.AuditEntry;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.time.Instant;
import java.util.List;

/** The append-only audit log of operator actions. */
final class JdbcAudit {
    private final SqlDatabase db;

    JdbcAudit(SqlDatabase db) {
        this.db = db;
    }

    AuditEntry insert(AuditEntry e) {
        return db.write("audit " + e.action(), c -> insertOn(c, e));
    }

    /** Inside one of the store's write transactions, with what it audits. */
    AuditEntry insertOn(java.sql.Connection c, AuditEntry e) throws java.sql.SQLException {
        {
            PreparedStatement ps = db.statement(c, db.sql().get("auditInsert"));
            setMillis(ps, 1, e.at());
            ps.setString(2, e.actor());
            ps.setString(3, e.action());
            ps.setString(4, e.target());
            ps.setString(5, e.reason());
            ps.setString(6, e.details());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new AuditEntry(rs.getLong(1), e.at(), e.actor(), e.action(), e.target(), e.reason(), e.details());
            }
        }
    }

    int prune(Instant cutoff, int limit) {
        return db.write("prune the audit log", c -> {
            PreparedStatement ps = db.statement(c, db.sql().get("auditPrune"));
            setMillis(ps, 1, cutoff);
            ps.setInt(2, limit);
            return ps.executeUpdate();
        });
    }

    List<AuditEntry> list(long beforeId, int limit) {
        return db.read("read the audit log", c -> {
            PreparedStatement ps = db.statement(c, db.sql().get("auditList"));
            ps.setLong(1, beforeId);
            ps.setInt(2, limit);
            List<AuditEntry> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new AuditEntry(rs.getLong(1), instant(rs, 2), rs.getString(3), rs.getString(4), rs.getString(5),
                            rs.getString(6), rs.getString(7)));
                }
            }
            return out;
        });
    }
}
