package io.jobvault.store.postgres;

import io.jobvault.JobvaultException;
import io.jobvault.store.jdbc.NodeLocks;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Node ids held as session advisory locks, each on its own connection: PostgreSQL releases the lock when the session
 * ends, so a node that dies frees its id, and a second live process with the same id is refused.
 */
final class PostgresNodeLocks implements NodeLocks {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(PostgresNodeLocks.class);
    private static final int LOCK_SPACE = 0x4a564c54; // "JVLT": keeps these locks apart from the application's

    private final PostgresSessions sessions;
    private final Map<String, Connection> held = new HashMap<>();

    PostgresNodeLocks(PostgresSessions sessions) {
        this.sessions = sessions;
    }

    @Override
    public synchronized void acquire(String nodeId) {
        if (held.containsKey(nodeId)) throw inUse(nodeId);
        held.put(nodeId, lock(nodeId));
    }

    /**
     * A session that holds the id's lock. Throws {@link JobvaultException} when the database cannot be reached, or
     * (as {@link #inUse}) when another live session holds it.
     */
    private Connection lock(String nodeId) {
        Connection c = null;
        try {
            c = sessions.open();
            try (PreparedStatement ps = c.prepareStatement("SELECT pg_try_advisory_lock(?, hashtext(?))")) {
                ps.setInt(1, LOCK_SPACE);
                ps.setString(2, nodeId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getBoolean(1)) return c;
                }
            }
            closeQuietly(c);
            throw inUse(nodeId);
        } catch (SQLException e) {
            closeQuietly(c); // a session that failed half-way holds nothing worth keeping
            throw new JobvaultException("cannot lock node id " + nodeId + ": " + e.getMessage(), e);
        }
    }

    private void closeQuietly(Connection c) {
        sessions.end(c);
    }

    /**
     * A session can end without this process ending (a restarted or failed-over database, a proxy's idle timeout, an
     * administrator's pg_terminate_backend), and the lock with it: then another process could take the id. So each
     * heartbeat checks the session and locks the id again when it is gone; while another process holds it, every
     * heartbeat tries again (the node claims nothing meanwhile).
     */
    @Override
    public synchronized Optional<String> keep(String nodeId) {
        Connection c = held.get(nodeId);
        if (c == null) return Optional.of("node id " + nodeId + " was never taken by this process");
        try {
            if (c.isValid(2)) return Optional.empty();
        } catch (SQLException invalid) {
            // treated as gone
        }
        closeQuietly(c);
        try {
            held.put(nodeId, lock(nodeId));
            log.warn("node id {}: its database session had ended; the id is locked again", nodeId);
            return Optional.empty();
        } catch (JobvaultException failed) {
            if (failed.getCause() instanceof SQLException unreachable) {
                // An outage, not a loss: nobody can claim under this id through this database just now, and the
                // outage is alerted as store.unreachable. Kept as "cannot tell"; the next beat locks it again.
                throw new io.jobvault.store.StoreException("cannot lock node id " + nodeId + " again yet: "
                        + unreachable.getMessage(), unreachable);
            }
            log.error("node id {}: its database session ended and the id cannot be locked again: {}", nodeId,
                    failed.getMessage());
            return Optional.of("its database session ended and the id cannot be locked again: " + failed.getMessage());
        }
    }

    @Override
    public synchronized void release(String nodeId) {
        Connection c = held.remove(nodeId);
        closeQuietly(c); // ends the session, and with it the lock
    }

    @Override
    public synchronized void releaseAll() {
        for (String id : Map.copyOf(held).keySet()) release(id);
    }

    private static JobvaultException inUse(String nodeId) {
        return new JobvaultException("node id '" + nodeId + "' is in use by another live Jobvault on this database;"
                + " give each process its own node id (JobvaultBuilder.nodeId)");
    }
}
