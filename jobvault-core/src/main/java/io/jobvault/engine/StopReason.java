package io.jobvault.engine;

/** Why the engine interrupted a handler. */
enum StopReason {
    CANCELLED,
    TIMED_OUT,
    /** The store no longer has this node as the job's lease holder: the result would be rejected. */
    LEASE_LOST,
    /** The node is closing and will hand the lease back. */
    SHUTDOWN
}
