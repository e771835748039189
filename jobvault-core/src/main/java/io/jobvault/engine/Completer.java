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

    private void record(List<Pending> batch) throws InterruptedException {
        List<JobFinish> finishes = new ArrayList<>(batch.size());
        for (Pending p : batch) finishes.add(p.finish);
        boolean[] applied = null;
        Duration wait = Duration.ofMillis(100);
        while (applied == null) {
            try {
                applied = store.jobsFinishIfRunning(finishes);
            } catch (RuntimeException e) {
                if (stopping && Thread.currentThread().isInterrupted()) throw new InterruptedException();
                log.warn("cannot record {} finished runs yet, retrying in {} ms: {}", finishes.size(), wait.toMillis(), e.toString());
                Thread.sleep(wait.toMillis());
                wait = wait.multipliedBy(2).compareTo(Duration.ofSeconds(5)) > 0 ? Duration.ofSeconds(5) : wait.multipliedBy(2);
            }
        }
        for (int i = 0; i < batch.size(); i++) {
            Pending p = batch.get(i);
            running.remove(p.run);
            if (applied[i]) {
                onRecorded.accept(p.finish);
                listener.jobRecorded(p.run.job, p.finish.newState());
            } else {
                log.warn("result of job {} attempt {} rejected: this node no longer holds its lease (it was rescued,"
                        + " cancelled or finished elsewhere)", p.finish.id(), p.finish.attempt());
                listener.jobResultRejected(p.finish.id(), p.finish.attempt());
            }
        }
    }
}
