package io.jobvault.server;

import io.jobvault.Job;
import io.jobvault.JobListener;
import io.jobvault.JobState;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Lets a request wait for a job to change without tight polling: runs recorded on this node wake waiters at once;
 * a waiter re-reads the store at least every {@link #RECHECK}, which covers jobs that other processes finish.
 */
final class JobWaiters implements JobListener {
    static final Duration RECHECK = Duration.ofMillis(250);

    private final ConcurrentHashMap<UUID, Object> waiting = new ConcurrentHashMap<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();

    @Override
    public void jobRecorded(Job job, JobState newState) {
        if (!waiting.containsKey(job.id())) return;
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Blocks until a change of {@code id} is recorded here, or {@link #RECHECK} passes. */
    void awaitChange(UUID id) throws InterruptedException {
        waiting.merge(id, 1, (a, b) -> (Integer) a + 1);
        lock.lock();
        try {
            changed.awaitNanos(RECHECK.toNanos());
        } finally {
            lock.unlock();
            waiting.computeIfPresent(id, (k, v) -> (Integer) v == 1 ? null : (Integer) v - 1);
        }
    }
}
