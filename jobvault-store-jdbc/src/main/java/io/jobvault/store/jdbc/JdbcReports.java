package io.jobvault.store.jdbc;

import io.jobvault.store.ReportStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The health report's reads. */
final class JdbcReports {
    private final SqlDatabase db;

    JdbcReports(SqlDatabase db) {
        this.db = db;
    }

    ReportStore.Recovery recoverySince(UUID lowerBound) {
        return db.read("measure recovery times", c -> {
            PreparedStatement ps = db.statement(c, db.sql().get("recoverySince"));
            ps.setString(1, lowerBound.toString());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                long n = rs.getLong(1);
                double mean = rs.getDouble(2);
                return new ReportStore.Recovery(n, n == 0 || rs.wasNull() ? -1 : Math.round(mean));
            }
        });
    }

    List<Long> pickupSince(UUID lowerBound, int limit) {
        return db.read("read pickup latencies", c -> {
            PreparedStatement ps = db.statement(c, db.sql().get("pickupSince"));
            ps.setString(1, lowerBound.toString());
            ps.setInt(2, limit);
            List<Long> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(Math.max(0, rs.getLong(1)));
            }
            return out;
        });
    }
}
