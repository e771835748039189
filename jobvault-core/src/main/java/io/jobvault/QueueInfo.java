package io.jobvault;

import io.jobvault.store.JobStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A queue as the cluster sees it now.
 *
 * @param pausedAt  since when it is paused (its jobs wait; no node claims them), or null while it runs
 * @param available jobs ready to run now (its depth)
 * @param running   jobs running now
 * @param scheduled jobs waiting for their run-at (scheduled or retrying)
 * @param latency   how long its oldest available job has waited past its run-at (zero when none waits)
 */
public record QueueInfo(String name, Instant pausedAt, long available, long running, long scheduled, Duration latency) {
    public boolean paused() {
        return pausedAt != null;
    }

    /**
     * Every queue with unfinished jobs, paused, or in {@code worked} (the queues of this node), in name order, read from
     * the store's indexes over unfinished jobs only.
     */
    static List<QueueInfo> now(JobStore store, Set<String> worked, Instant now) {
        Map<String, Map<JobState, Long>> counts = store.jobsCountUnfinished();
        Map<String, Instant> paused = store.queuesPaused();
        Map<String, Instant> oldest = store.jobsOldestAvailableByQueue();
        SortedSet<String> names = new TreeSet<>(counts.keySet());
        names.addAll(paused.keySet());
        names.addAll(worked);
        List<QueueInfo> out = new ArrayList<>();
        for (String q : names) {
            Map<JobState, Long> c = counts.getOrDefault(q, Map.of());
            Instant first = oldest.get(q);
            Duration latency = first == null || first.isAfter(now) ? Duration.ZERO : Duration.between(first, now);
            out.add(new QueueInfo(q, paused.get(q), c.getOrDefault(JobState.AVAILABLE, 0L), c.getOrDefault(JobState.RUNNING, 0L),
                    c.getOrDefault(JobState.SCHEDULED, 0L) + c.getOrDefault(JobState.RETRYING, 0L), latency));
        }
        return out;
    }
}
