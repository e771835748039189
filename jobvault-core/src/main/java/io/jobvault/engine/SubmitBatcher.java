package io.jobvault.engine;

import io.jobvault.JobvaultException;
import io.jobvault.SubmitResult;
import io.jobvault.store.JobInsert;
import io.jobvault.store.JobStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Group commit for single submits: concurrent callers queue their job and wait; one loop inserts everything
 * queued in one transaction (one fsync) and then releases all of them. Durability is the same as one transaction per
 * job; the throughput is that of the batch.
 */
final class SubmitBatcher implements Runnable {
    private record Pending(JobInsert insert, CompletableFuture<SubmitResult> result) {}

    private final JobStore store;
    private final int maxBatch;
    private final Consumer<List<JobInsert>> onCommitted;
    private final BlockingQueue<Pending> queue;
    private volatile boolean closed;

    SubmitBatcher(JobStore store, int maxBatch, Consumer<List<JobInsert>> onCommitted) {
        this.store = store;
        this.maxBatch = maxBatch;
        this.onCommitted = onCommitted;
        this.queue = new ArrayBlockingQueue<>(maxBatch * 4);
    }

    /** Blocks until the job is committed (or the commit failed). */
    SubmitResult submit(JobInsert insert) {
        if (closed) throw new JobvaultException("Jobvault is closed: submit refused (nothing was stored)");
        Pending p = new Pending(insert, new CompletableFuture<>());
        try {
            queue.put(p);
            return p.result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JobvaultException("interrupted while waiting for the submit to commit; the job may or may not be stored"
                    + " (resubmit with an idempotency key to be sure)", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) throw re;
            throw new JobvaultException("submit failed: " + cause, cause);
        }
    }

    /** Refuses new submits; the loop commits what is queued, then ends. */
    void close() {
        closed = true;
    }

    @Override
    public void run() {
        List<Pending> batch = new ArrayList<>(maxBatch);
        List<JobInsert> inserts = new ArrayList<>(maxBatch);
        while (true) {
            Pending first;
            try {
                first = queue.poll(50, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                failAll(new JobvaultException("Jobvault is closing: submit refused (nothing was stored)"));
                return;
            }
            if (first == null) {
                if (closed && queue.isEmpty()) return;
                continue;
            }
            batch.add(first);
            queue.drainTo(batch, maxBatch - 1);
            for (Pending p : batch) inserts.add(p.insert);
            try {
                List<SubmitResult> results = store.jobsInsert(inserts);
                for (int i = 0; i < batch.size(); i++) batch.get(i).result.complete(results.get(i));
                onCommitted.accept(inserts);
            } catch (RuntimeException e) {
                for (Pending p : batch) p.result.completeExceptionally(e);
            }
            batch.clear();
            inserts.clear();
        }
    }

    private void failAll(RuntimeException e) {
        Pending p;
        while ((p = queue.poll()) != null) p.result.completeExceptionally(e);
    }
}
