package io.jobvault.store;

import io.jobvault.JobFilter;
import io.jobvault.bulk.BulkOperation;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The store's part of bulk actions by filter: counting matches, and the stored operations and their batches. */
public interface BulkStore {

    /**
     * How many jobs match {@code filter}, counted up to {@code cap} (so the cost is bounded whatever the table's size):
     * a result equal to {@code cap} means at least that many.
     */
    long jobsCount(JobFilter filter, long cap);

    /** Stores a new operation (state RUNNING, nothing done yet). */
    void bulkInsert(BulkOperation operation);

    Optional<BulkOperation> bulkGet(UUID id);

    /** Stops a RUNNING operation at {@code now}; one already ended is left as it is. Empty when there is none. */
    Optional<BulkOperation> bulkStop(UUID id, Instant now);

    /** RUNNING operations, oldest first, at most {@code limit}. */
    List<BulkOperation> bulkRunning(int limit);

    /**
     * Runs the next batch of a RUNNING operation in one transaction: the next {@code batchSize} matching jobs below its
     * cursor, newest first, get its action, and the cursor and counts move on with them — so a crash loses no batch and
     * repeats none. An operation that finds fewer than {@code batchSize} jobs is DONE. Empty when the operation is not
     * RUNNING (stopped meanwhile, or gone).
     */
    Optional<BulkStep> bulkStep(UUID id, int batchSize, Instant now);

    /** Forgets up to {@code limit} operations that ended before {@code cutoff}; returns how many. */
    int bulkPrune(Instant cutoff, int limit);

    /**
     * One batch of an operation.
     *
     * @param operation       the operation after the batch
     * @param scanned         jobs the batch matched
     * @param deleted         jobs deleted (their artifact files are to be deleted, their runs interrupted)
     * @param cancelRequested running jobs asked to cancel (their handlers are to be interrupted)
     * @param wokenQueues     queues that got jobs to run (retried)
     */
    record BulkStep(BulkOperation operation, int scanned, List<UUID> deleted, List<UUID> cancelRequested,
            java.util.Set<String> wokenQueues) {}
}
