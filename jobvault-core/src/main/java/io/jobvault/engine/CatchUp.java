package io.jobvault.engine;

import java.time.Duration;
import java.util.function.IntSupplier;

/**
 * One pass of batched upkeep (pruning): batches until one comes back short, which means nothing is left, or until a
 * time budget is spent. Each batch is its own short transaction, so other writers never wait long behind the pass,
 * and the budget bounds the pass, so the other tasks of its loop get their turn. A pass that did not catch up says so:
 * its task comes back on the next tick instead of after its interval, and nothing waiting for it piles up.
 *
 * @param done     rows the pass's batches handled
 * @param caughtUp whether the last batch came back short (false: the budget ran out first)
 */
public record CatchUp(long done, boolean caughtUp) {
    /** The longest a pass runs before its loop's other tasks get their turn. */
    public static final Duration PASS_BUDGET = Duration.ofMillis(500);

    /**
     * Runs {@code batch} (which handles at most {@code batchSize} rows and returns how many it did) until it returns
     * fewer than {@code batchSize} or {@code budget} (real time) is spent; the first batch always runs.
     */
    public static CatchUp run(IntSupplier batch, int batchSize, Duration budget) {
        long deadline = System.nanoTime() + budget.toNanos();
        long done = 0;
        while (true) {
            int n = batch.getAsInt();
            done += n;
            if (n < batchSize) return new CatchUp(done, true);
            if (System.nanoTime() - deadline >= 0) return new CatchUp(done, false);
        }
    }
}
