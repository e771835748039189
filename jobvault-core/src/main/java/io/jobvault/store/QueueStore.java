package io.jobvault.store;

import java.time.Instant;
import java.util.Map;

/**
 * Pausing queues across the cluster. A pause lives in the store and every claim checks it in the claiming statement
 * itself, so no node claims from a paused queue once the pause is committed, whatever it has cached.
 */
public interface QueueStore {

    /** Pauses {@code queue} (no-op when paused already); returns whether it was running before. */
    boolean queuePause(String queue, Instant now);

    /** Resumes {@code queue} and tells the nodes it has jobs; returns whether it was paused. */
    boolean queueResume(String queue);

    /** Paused queues and since when. */
    Map<String, Instant> queuesPaused();

    /** Per queue with available jobs: the run-at of the one waiting longest. Cost grows with the available backlog only. */
    Map<String, Instant> jobsOldestAvailableByQueue();
}
