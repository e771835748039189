package io.jobvault.bench.soak;

import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every handler start of the soak, per job id, to find a job whose handler ran twice when nothing crashed: a start
 * while a run of the same job is still going, or after a run that did not ask for another one. Only a retry or a
 * snooze asks for the next run; after a success, a discard, a last failure, or a run that ended by an exception (a
 * lost lease interrupting it) a new start means the job ran twice. Bounded: entries of ended jobs are forgotten once
 * they are older than the window (the retention, after which the job is pruned).
 */
final class RunLedger {
    private static final class Entry {
        int starts;
        boolean running;
        boolean rerunDue;
        boolean ended;
        long endedAtNanos;
    }

    private final ConcurrentHashMap<UUID, Entry> jobs = new ConcurrentHashMap<>();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong ended = new AtomicLong();

    /** Records a handler start; returns which start of this job it is (1 for the first). */
    int started(UUID id) {
        int[] start = new int[1];
        jobs.compute(id, (k, e) -> {
            if (e == null) e = new Entry();
            if (e.starts > 0 && (e.running || !e.rerunDue)) duplicates.incrementAndGet();
            e.starts++;
            e.running = true;
            start[0] = e.starts;
            return e;
        });
        return start[0];
    }

    /** Records the end of a run; {@code rerunDue} when its outcome asked for another run (a retry or a snooze). */
    void finished(UUID id, boolean rerunDue, long nowNanos) {
        jobs.computeIfPresent(id, (k, e) -> {
            e.running = false;
            e.rerunDue = rerunDue;
            if (!rerunDue && !e.ended) {
                e.ended = true;
                e.endedAtNanos = nowNanos;
                ended.incrementAndGet();
            }
            return e;
        });
    }

    /** Forgets jobs that ended before {@code nanos}. */
    void forgetEndedBefore(long nanos) {
        jobs.values().removeIf(e -> e.ended && e.endedAtNanos - nanos < 0);
    }

    long duplicates() {
        return duplicates.get();
    }

    /** Jobs ended so far (for throughput). */
    long ended() {
        return ended.get();
    }

    int size() {
        return jobs.size();
    }
}
