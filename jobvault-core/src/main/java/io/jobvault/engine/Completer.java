package io.jobvault.engine;

import io.jobvault.JobListener;
import io.jobvault.store.JobFinish;
import io.jobvault.store.JobStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records the ends of runs in batches: one store transaction for everything that finished since the last write.
 * While the store cannot be written, results are kept (the buffer is bounded: handlers block when it is full) and
 * retried; a result whose lease was lost meanwhile is rejected by the store, which is what fencing is for.
 */
final class Completer implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(Completer.class);
    private static final int MAX_BATCH = 1000;

    private record Pending(RunningJob run, JobFinish finish) {}

    private final JobStore store;
    private final RunningJobs running;
    private final JobListener listener;
    private final Consumer<JobFinish> onRecorded;
    private final BlockingQueue<Pending> queue = new ArrayBlockingQueue<>(4 * MAX_BATCH);
    private volatile boolean stopping;

    Completer(JobStore store, RunningJobs running, JobListener listener, Consumer<JobFinish> onRecorded) {
        this.store = store;
        this.running = running;
        this.listener = listener;
        this.onRecorded = onRecorded;
    }

    void submit(RunningJob run, JobFinish finish) throws InterruptedException {
        queue.put(new Pending(run, finish));
    }

    /** Asks the loop to end once the buffer is empty. */
    void stop() {
        stopping = true;
    }

    @Override
    public void run() {
        List<Pending> batch = new ArrayList<>(MAX_BATCH);
        while (true) {
            try {
                Pending first = queue.poll(50, TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (stopping) return;
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                record(batch);
                batch.clear();
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /**
     * Records finish {@code i} alone, after the store refused its batch's data. A refused finish is stored again as a
     * failure with its texts cleaned and the store's reason; if even that is refused, it is set to null in
     * {@code finishes}. Errors other than refused data (an outage) propagate: the caller retries from this finish.
     */
    private boolean recordAlone(List<JobFinish> finishes, int i) {
        JobFinish f = finishes.get(i);
        try {
            return store.jobsFinishIfRunning(List.of(f))[0];
        } catch (io.jobvault.store.StoreException.DataRejected refused) {
            JobFinish clean = Refused.asFailure(f, refused);
            try {
                boolean applied = store.jobsFinishIfRunning(List.of(clean))[0];
                finishes.set(i, clean);
                log.error("job {} attempt {}: the store refused its outcome ({}); recorded as a failure instead",
                        f.id(), f.attempt(), refused.getMessage());
                return applied;
            } catch (io.jobvault.store.StoreException.DataRejected again) {
                finishes.set(i, null);
                log.error("job {} attempt {}: the store refused its outcome even cleaned ({}); its lease will expire"
                        + " and it will be rescued", f.id(), f.attempt(), again.getMessage());
                return false;
            }
        }
    }

    private void record(List<Pending> batch) throws InterruptedException {
        List<JobFinish> finishes = new ArrayList<>(batch.size());
        for (Pending p : batch) finishes.add(p.finish);
        boolean[] applied = null;
        boolean alone = false; // the store refused the batch's data: one at a time, so one run cannot block the rest
        boolean[] aloneApplied = new boolean[finishes.size()];
        int next = 0;
        Duration wait = Duration.ofMillis(100);
        while (applied == null) {
            try {
                if (!alone) {
                    applied = store.jobsFinishIfRunning(finishes);
                } else {
                    for (; next < finishes.size(); next++) aloneApplied[next] = recordAlone(finishes, next);
                    applied = aloneApplied;
                }
            } catch (io.jobvault.store.StoreException.DataRejected e) {
                alone = true;
            } catch (RuntimeException e) {
                if (stopping && Thread.currentThread().isInterrupted()) throw new InterruptedException();
                log.warn("cannot record {} finished runs yet, retrying in {} ms: {}", finishes.size(), wait.toMillis(), e.toString());
                Thread.sleep(wait.toMillis());
                wait = wait.multipliedBy(2).compareTo(Duration.ofSeconds(5)) > 0 ? Duration.ofSeconds(5) : wait.multipliedBy(2);
            }
        }
        for (int i = 0; i < batch.size(); i++) {
            Pending p = batch.get(i);
            running.remove(p.run); // no more heartbeats: a run that could not be stored at all is rescued when its lease ends
            if (finishes.get(i) == null) continue;
            if (applied[i]) {
                onRecorded.accept(finishes.get(i));
                listener.jobRecorded(p.run.job, finishes.get(i).newState());
            } else {
                log.warn("result of job {} attempt {} rejected: this node no longer holds its lease (it was rescued,"
                        + " cancelled or finished elsewhere)", p.finish.id(), p.finish.attempt());
                listener.jobResultRejected(p.finish.id(), p.finish.attempt());
            }
        }
    }
}
