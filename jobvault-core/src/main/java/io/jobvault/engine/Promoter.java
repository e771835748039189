package io.jobvault.engine;

import io.jobvault.store.JobStore;
import io.jobvault.store.PromotedJobs;
import java.time.Instant;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Makes scheduled and retrying jobs available when their time comes. It remembers the earliest due time it knows
 * of (a hint; the store is the truth, re-read every poll interval) so that it writes only when something is due.
 */
final class Promoter implements MaintenanceTask {
    private static final int BATCH = 1000;
    /** A tick promotes at most this many batches; a larger backlog goes on at the next tick. */
    private static final int MAX_BATCHES_PER_TICK = 10;

    private final JobStore store;
    private final Consumer<Set<String>> onPromoted;
    private final Every refresh;
    private volatile Instant nextDue = Instant.MIN;

    Promoter(JobStore store, EngineConfig config, Consumer<Set<String>> onPromoted) {
        this.store = store;
        this.onPromoted = onPromoted;
        this.refresh = new Every(config.pollInterval());
    }

    /** A job became due at {@code at}; promote it on time. */
    void noteDue(Instant at) {
        Instant current = nextDue;
        while (at.isBefore(current)) {
            synchronized (this) {
                if (at.isBefore(nextDue)) nextDue = at;
            }
            current = nextDue;
        }
    }

    @Override
    public void tick(Instant now) {
        boolean refreshDue = refresh.due(now);
        if (now.isBefore(nextDue) && !refreshDue) return;
        PromotedJobs promoted;
        int batches = 0;
        do {
            promoted = store.jobsPromoteDue(now, BATCH);
            if (promoted.count() > 0) onPromoted.accept(promoted.queues());
            batches++;
        } while (promoted.count() == BATCH && batches < MAX_BATCHES_PER_TICK);
        // more may be due: the next tick goes on
        Instant next = promoted.count() == BATCH ? now : store.jobsNextDueAt().orElse(Instant.MAX);
        synchronized (this) {
            nextDue = next;
        }
    }
}
