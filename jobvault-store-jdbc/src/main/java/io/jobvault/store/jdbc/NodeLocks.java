package io.jobvault.store.jdbc;

/**
 * Exclusive node ids: a live process holds its node id so that no other process uses it (two would rescue each
 * other's jobs), and the hold ends when the process dies, so a restarted node can take it back.
 */
public interface NodeLocks {
    /** Takes the id; throws {@link io.jobvault.JobvaultException} when a live process holds it. */
    void acquire(String nodeId);

    void release(String nodeId);

    void releaseAll();

    /**
     * Makes sure {@code nodeId}, taken by {@link #acquire}, is still held — called before each node heartbeat. A hold
     * that ended on its own (the database dropped the session that held it) is taken again. Empty while it is held;
     * else why not (another process took the id meanwhile, or the database cannot be reached): ask again later.
     */
    default java.util.Optional<String> keep(String nodeId) {
        return java.util.Optional.empty();
    }
}
