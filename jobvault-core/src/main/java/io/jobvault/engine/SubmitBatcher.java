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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit for single submits: concurrent callers queue their job and wait; one loop inserts everything
 * queued in one transaction (one fsync) and then releases all of them. Durability is the same as one transaction per
 * job; the throughput is that of the batch.
 *
 * <p>Closing races with submits: a caller may see the batcher open and queue its job just after the loop ended. So
 * the loop, once ended, refuses whatever is queued, and a caller that queued after that takes its job back and is
 * refused: every submit is either committed or refused, none waits for ever.
 */
final class SubmitBatcher implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(SubmitBatcher.class);
    record Pending(JobInsert insert, CompletableFuture<SubmitResult> result) {}

    private final JobStore store;
    private final int maxBatch;
    private final Consumer<List<JobInsert>> onCommitted;
    private final BlockingQueue<Pending> queue;
    private volatile boolean closed;
    /** Set when the loop has ended: nothing queued from then on is committed. */
    private volatile boolean ended;

    SubmitBatcher(JobStore store, int maxBatch, Consumer<List<JobInsert>> onCommitted) {
        this(store, maxBatch, onCommitted, new ArrayBlockingQueue<>(maxBatch * 4));
    }

    /** With the given queue, so that a test can hold a caller between its check and its queueing. */
    SubmitBatcher(JobStore store, int maxBatch, Consumer<List<JobInsert>> onCommitted, BlockingQueue<Pending> queue) {
        this.store = store;
        this.maxBatch = maxBatch;
        this.onCommitted = onCommitted;
        this.queue = queue;
    }

    private static JobvaultException refused() {
        return new JobvaultException("Jobvault is closed: submit refused (nothing was stored)");
    }

    /** Blocks until the job is committed (or the commit failed); refuses at once once closed. */
    SubmitResult submit(JobInsert insert) {
        if (closed) throw refused();
        Pending p = new Pending(insert, new CompletableFuture<>());
        try {
            queue.put(p);
            // the loop ended meanwhile: take the job back (if its last sweep has not refused it already)
            if (ended && queue.remove(p)) throw refused();
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
        try {
            commitUntilClosed();
        } finally {
            ended = true;
            Pending p;
            while ((p = queue.poll()) != null) p.result.completeExceptionally(refused());
        }
    }

    private void commitUntilClosed() {
        List<Pending> batch = new ArrayList<>(maxBatch);
        List<JobInsert> inserts = new ArrayList<>(maxBatch);
        while (true) {
            Pending first;
            try {
                first = queue.poll(50, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return; // what is queued is refused
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
            } catch (Error e) {
                // An Error (out of memory, a stack overflow, a failed assertion in a driver) must not leave this batch's
                // callers waiting for ever, nor end the loop that every later submit needs: fail the batch, go on.
                log.error("submitting {} job(s) failed with {}; their callers are told, the next batch is tried anew",
                        batch.size(), e.toString(), e);
                JobvaultException failed = new JobvaultException("submit failed: " + e
                        + "; the job may or may not be stored (resubmit with an idempotency key to be sure)", e);
                for (Pending p : batch) p.result.completeExceptionally(failed);
            }
            batch.clear();
            inserts.clear();
        }
    }
}
