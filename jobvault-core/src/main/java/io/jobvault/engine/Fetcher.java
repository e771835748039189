package io.jobvault.engine;

import io.jobvault.Job;
import io.jobvault.store.JobStore;
import java.util.List;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Claims jobs of one queue whenever it has free slots: in batches, in one statement each. Woken at once by a
 * submit or a finished run through its {@link Signal}; polls at {@code pollInterval} as the fallback for jobs other
 * processes add.
 */
final class Fetcher implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(Fetcher.class);

    private final String queue;
    private final int concurrency;
    private final Semaphore slots;
    private final Signal signal = new Signal();
    private final JobStore store;
    private final JobRunner runner;
    private final EngineConfig config;
    private final LivenessClock liveness;
    /** Claim in batches when the queue is backlogged; at once for any free slot when it was drained. */
    private final int lowWater;
    private final java.util.Map<String, io.jobvault.RateLimit> rateLimits;
    /** Claims only while this process holds its node id. */
    private final NodeIdHold hold;
    private volatile boolean stopped;

    Fetcher(String queue, int concurrency, JobStore store, JobRunner runner, EngineConfig config, NodeIdHold hold,
            LivenessClock liveness) {
        this.hold = hold;
        this.queue = queue;
        this.concurrency = concurrency;
        this.slots = new Semaphore(concurrency);
        this.store = store;
        this.runner = runner;
        this.config = config;
        this.liveness = liveness;
        this.rateLimits = config.rateLimits();
        this.lowWater = Math.max(1, Math.min(config.claimBatchSize(), concurrency / 2));
    }

    String queue() {
        return queue;
    }

    void wake() {
        signal.signal();
    }

    void stop() {
        stopped = true;
        signal.signal();
    }

    /** How many of this queue's jobs are running on this node now. */
    int busy() {
        return concurrency - slots.availablePermits();
    }

    @Override
    public void run() {
        boolean backlogged = false;
        while (!stopped) {
            try {
                int free = slots.availablePermits();
                if (free > 0 && (!backlogged || free >= lowWater) && hold.isHeld()) {
                    int want = Math.min(free, config.claimBatchSize());
                    List<Job> jobs = claim(want);
                    backlogged = jobs.size() == want;
                    for (Job job : jobs) {
                        slots.acquireUninterruptibly();
                        runner.start(job, this::release);
                    }
                    if (backlogged && slots.availablePermits() >= lowWater) continue;
                }
                signal.await(config.pollInterval());
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.warn("claiming from queue {} failed; retrying after {}: {}", queue, config.pollInterval(), e.toString());
                try {
                    signal.await(config.pollInterval());
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    private List<Job> claim(int want) {
        return store.jobsClaim(config.claim(liveness, queue, want, config.nodeId(), null, rateLimits));
    }

    private void release() {
        slots.release();
        signal.signal();
    }
}
