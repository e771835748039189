package io.jobvault.bulk;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jobvault.JobCount;
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

    /**
     * How many jobs match {@code filter}. A filter of state, queue, type and tenant only is answered exactly from the
     * job counters (kept in the transaction of every change), reading no job, however many match; one with a label,
     * a time range or an id counts matching jobs up to {@link #PREVIEW_CAP} (a result at or above it means at least
     * that many).
     */
    public long preview(JobFilter filter) {
        if (!previewIsExact(filter)) return store.jobsCount(filter, PREVIEW_CAP);
        long n = 0;
        for (JobCount c : store.jobCounts(filter.tenant())) {
            if ((filter.state() == null || filter.state() == c.state()) && (filter.queue() == null || filter.queue().equals(c.queue()))
                    && (filter.type() == null || filter.type().equals(c.type()))) {
                n += c.count();
            }
        }
        return n;
    }

    /** Whether {@link #preview} answers {@code filter} exactly from the counters (else it counts up to the cap). */
    public static boolean previewIsExact(JobFilter filter) {
        return filter.label() == null && filter.createdFrom() == null && filter.createdTo() == null && filter.finishedFrom() == null
                && filter.finishedTo() == null && filter.id() == null;
    }

    /** Stores the operation (it is durable when this returns) and audits it; a leader runs it. */
    public BulkOperation start(BulkAction action, JobFilter filter, String actor) {
        return start(action, filter, actor, null);
    }

    /**
     * The same, with {@code via} (such as "dashboard") in the audit entry's details, telling where the operator
     * started it from; null for none.
     */
    public BulkOperation start(BulkAction action, JobFilter filter, String actor, String via) {
        BulkOperation op = BulkOperation.start(ids.newId(clock.instant()), action, filter, actor, clock.instant());
        store.bulkInsert(op);
        ObjectNode details = Json.MAPPER.createObjectNode();
        details.set("filter", FilterJson.toNode(filter));
        if (via != null) details.put("via", via);
        store.auditInsert(new AuditEntry(0, op.createdAt(), actor, "jobs.bulk." + action.wireName(), "bulk:" + op.id(), null,
                details.toString()));
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
        return stop(id, actor, null);
    }

    /** The same, with {@code via} in the audit entry's details (see {@link #start(BulkAction, JobFilter, String, String)}). */
    public Optional<BulkOperation> stop(UUID id, String actor, String via) {
        Optional<BulkOperation> before = store.bulkGet(id);
        if (before.isEmpty()) return before;
        Optional<BulkOperation> after = store.bulkStop(id, clock.instant());
        if (before.get().state() == BulkOperation.State.RUNNING && after.map(o -> o.state() == BulkOperation.State.STOPPED).orElse(false)) {
            ObjectNode details = Json.MAPPER.createObjectNode().put("matched", after.get().matched()).put("done", after.get().done());
            if (via != null) details.put("via", via);
            store.auditInsert(new AuditEntry(0, clock.instant(), actor, "jobs.bulk.stop", "bulk:" + id, null, details.toString()));
        }
        return after;
    }
}
