package io.jobvault.store;

/**
 * What a store can do, so callers ask instead of testing types.
 *
 * @param singleProcessWakeups submits through this process are the only way jobs appear, as a rule, so an
 *                             in-process signal can wake the fetcher at once (polling stays as the fallback)
 * @param listenNotify         the store pushes "new jobs" notifications across processes
 */
public record StoreCapabilities(boolean singleProcessWakeups, boolean listenNotify) {}
