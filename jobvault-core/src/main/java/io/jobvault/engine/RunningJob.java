package io.jobvault.engine;

import io.jobvault.Job;
import io.jobvault.store.LeaseRef;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/** One run this node holds a lease for, from claim until its end is recorded (or the lease is given back). */
final class RunningJob {
    final Job job;
    /** When the handler must have finished, by the engine clock; null for no timeout. */
    final Instant deadline;
    private final AtomicReference<StopReason> stop = new AtomicReference<>();
    private volatile Thread thread;
    /** Latest progress not yet persisted: written by the handler, taken by the lease keeper. */
    final AtomicReference<PendingProgress> pendingProgress = new AtomicReference<>();
    volatile Instant lastProgressWrite = Instant.EPOCH;
    /**
     * Set once the handler's end is handed to the completer: a heartbeat that then finds the lease gone most likely saw
     * that end committed (the run leaves {@link RunningJobs} just after); a real loss is reported by the completer,
     * whose fenced write is rejected.
     */
    volatile boolean handedOver;

    record PendingProgress(int percent, String message) {}

    RunningJob(Job job, Instant deadline) {
        this.job = job;
        this.deadline = deadline;
    }

    LeaseRef lease() {
        return new LeaseRef(job.id(), job.attempt());
    }

    void attach(Thread t) {
        this.thread = t;
        if (stop.get() != null) t.interrupt();
    }

    /** Asks the handler to stop; the first reason wins. Returns whether this call set it. */
    boolean stop(StopReason reason) {
        if (!stop.compareAndSet(null, reason)) return false;
        Thread t = thread;
        if (t != null) t.interrupt();
        return true;
    }

    StopReason stopReason() {
        return stop.get();
    }
}
