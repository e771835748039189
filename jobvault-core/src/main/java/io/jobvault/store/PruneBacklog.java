package io.jobvault.store;

import java.time.Instant;

/**
 * How far pruning is behind: finished jobs whose retention has ended and that are still stored.
 *
 * @param waiting      how many, counted up to the limit asked for (so at least this many when it equals the limit)
 * @param oldestExpiry when the retention of the one waiting longest ended; null when none waits
 */
public record PruneBacklog(long waiting, Instant oldestExpiry) {}
