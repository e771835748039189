package io.jobvault.server.worker;

import io.jobvault.JobListener;
import io.jobvault.JobState;
import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Wakes long-polling claims when jobs may have become available through this node (a submit, or a run that will run
 * again). Waiters also recheck the store every {@link #RECHECK}, which covers jobs other nodes add and due jobs.
 */
public final class SubmitSignal implements JobListener {
    static final Duration RECHECK = Duration.ofMillis(250);

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();

    @Override
    public void jobSubmitted(String type, String queue) {
        signal();
    }

    @Override
    public void jobRecorded(io.jobvault.Job job, JobState newState) {
        if (newState == JobState.AVAILABLE) signal();
    }

    /** Jobs became available some other way (a claim handed them back). */
    public void jobsAvailable() {
        signal();
    }

    private void signal() {
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    public void await() throws InterruptedException {
        lock.lock();
        try {
            changed.awaitNanos(RECHECK.toNanos());
        } finally {
            lock.unlock();
        }
    }
}
