package io.jobvault.bulk;

import io.jobvault.JobFilter;
import io.jobvault.id.JobIds;
import io.jobvault.json.Json;
import io.jobvault.store.AuditEntry;
import io.jobvault.store.JobStore;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;

/**
 * Retry, cancel or delete every job a filter matches: counted first, then run in the background by the maintenance
 * leader in bounded batches (see {@link BulkRunner}), stoppable, and audited. Reached through {@code Jobvault.bulk()}.
 */
public final class BulkActions {
    /** A preview counts at most this many matches, so its cost is bounded whatever the size of the store. */
    public static final long PREVIEW_CAP = 1_000_000;

    private final JobStore store;
    private final JobIds ids;
    private final Clock clock;
    private final Runnable wakeLeader;

    /** @param wakeLeader asks this node's leader loop to tick soon (it starts the operation at once if it leads) */
    public BulkActions(JobStore store, JobIds ids, Clock clock, Runnable wakeLeader) {
        this.store = store;
        this.ids = ids;
        this.clock = clock;
        this.wakeLeader = wakeLeader;
    }

    /** How many jobs match {@code filter}, up to {@link #PREVIEW_CAP} (a result equal to it means at least that many). */
    public long preview(JobFilter filter) {
        return store.jobsCount(filter, PREVIEW_CAP);
    }

    /** Stores the operation (it is durable when this returns) and audits it; a leader runs it. */
    public BulkOperation start(BulkAction action, JobFilter filter, String actor) {
        BulkOperation op = BulkOperation.start(ids.newId(clock.instant()), action, filter, actor, clock.instant());
        store.bulkInsert(op);
        store.auditInsert(new AuditEntry(0, op.createdAt(), actor, "jobs.bulk." + action.wireName(), "bulk:" + op.id(), null,
                Json.MAPPER.createObjectNode().set("filter", FilterJson.toNode(filter)).toString()));
        wakeLeader.run();
        return op;
    }

    public Optional<BulkOperation> get(UUID id) {
        return store.bulkGet(id);
    }

    /**
     * Stops a running operation after the batch under way (batches already committed stay done); audited. One that
     * ended is returned as it is. Empty when there is no such operation.
     */
    public Optional<BulkOperation> stop(UUID id, String actor) {
        Optional<BulkOperation> before = store.bulkGet(id);
        if (before.isEmpty()) return before;
        Optional<BulkOperation> after = store.bulkStop(id, clock.instant());
        if (before.get().state() == BulkOperation.State.RUNNING && after.map(o -> o.state() == BulkOperation.State.STOPPED).orElse(false)) {
            store.auditInsert(new AuditEntry(0, clock.instant(), actor, "jobs.bulk.stop", "bulk:" + id, null,
                    Json.MAPPER.createObjectNode().put("matched", after.get().matched()).put("done", after.get().done()).toString()));
        }
        return after;
    }
}
