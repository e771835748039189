package io.jobvault.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Prepared statements kept per physical connection: preparing SQL costs more than running the store's queries.
 *
 * <p>A pool retires connections (HikariCP's max lifetime, 30 min by default, or after a failure), so the cache must
 * let retired ones go. A {@code WeakHashMap} cannot: its values, the statements, hold their connection, so no key is
 * ever collected. Here the caches of closed connections are closed and dropped each time a connection is seen for
 * the first time — which a retirement always brings, as the pool replaces what it retires — so the cache holds at
 * most the live connections and those retired since the last new one, however long the process runs.
 */
public final class StatementCache {
    /** Prepares {@code sql} on a physical connection, as the dialect needs. */
    @FunctionalInterface
    public interface Preparer {
        PreparedStatement prepare(Connection raw, String sql) throws SQLException;
    }

    private final Preparer preparer;
    private final Map<Connection, Map<String, PreparedStatement>> byConnection = new ConcurrentHashMap<>();

    public StatementCache(Preparer preparer) {
        this.preparer = preparer;
    }

    /** The statement of {@code sql} on the physical connection {@code raw}, prepared on first use. */
    public PreparedStatement get(Connection raw, String sql) throws SQLException {
        Map<String, PreparedStatement> statements = byConnection.get(raw);
        if (statements == null) statements = firstUse(raw);
        PreparedStatement ps = statements.get(sql);
        if (ps == null || ps.isClosed()) {
            ps = preparer.prepare(raw, sql);
            statements.put(sql, ps);
        }
        return ps;
    }

    private Map<String, PreparedStatement> firstUse(Connection raw) throws SQLException {
        for (Connection c : byConnection.keySet()) {
            if (c != raw && c.isClosed()) forget(c);
        }
        return byConnection.computeIfAbsent(raw, k -> new ConcurrentHashMap<>());
    }

    /** Closes and drops the statements of {@code raw}: it is going, or its statements may have been finalized. */
    public void forget(Connection raw) {
        Map<String, PreparedStatement> statements = byConnection.remove(raw);
        if (statements == null) return;
        for (PreparedStatement ps : statements.values()) {
            try {
                ps.close();
            } catch (SQLException e) {
                // finalized already (by a failure, or with its connection): nothing left to release
            }
        }
    }

    /** How many connections have statements cached. */
    public int connections() {
        return byConnection.size();
    }
}
