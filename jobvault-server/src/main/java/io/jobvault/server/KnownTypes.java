package io.jobvault.server;

import io.jobvault.store.JobTypeStore;
import io.jobvault.store.KnownJobTypes;
import io.jobvault.store.StoreException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses, over HTTP, jobs of a type nothing runs — a misspelled type would otherwise be accepted and then fail
 * attempt after attempt. A type is known when a live node has a handler for it, a schedule's template names it, a
 * remote worker declared it within {@link #WORKER_TYPES_KEPT}, or the operator listed it ({@code --types}).
 *
 * <p>The store is the truth (any node answers the same); this node keeps a copy read at most once per
 * {@link #REFRESH}, so a submit of a known type costs no query. A miss reads the store again before refusing —
 * one read at a time, shared by the submits that wait for it — so a type a worker declared on another node a moment
 * ago is accepted at once.
 */
final class KnownTypes {
    private static final Logger log = LoggerFactory.getLogger(KnownTypes.class);
    static final Duration REFRESH = Duration.ofSeconds(1);
    /** A worker's declaration counts this long after it was last seen (it declares again with every claim). */
    static final Duration WORKER_TYPES_KEPT = Duration.ofHours(24);
    /** A declaration is written to the store at most this often per type from one node: claims come often. */
    private static final Duration DECLARATION_WRITE = Duration.ofMinutes(1);
    private static final int MAX_REMEMBERED_DECLARATIONS = 10_000;
    private static final int MAX_LISTED = 50;

    private record Snapshot(KnownJobTypes types, Instant readAt) {}

    private final JobTypeStore store;
    private final Clock clock;
    private final Set<String> listed;
    private final Duration nodeTimeout;
    private final boolean acceptUnknown;
    private final ReentrantLock reading = new ReentrantLock();
    private final Map<List<String>, Instant> declarationsWritten = new ConcurrentHashMap<>();
    private volatile Snapshot snapshot;

    /**
     * @param listed        types the operator declared ({@code --types}); always known
     * @param nodeTimeout   a node silent this long is dead, and so are its handlers
     * @param acceptUnknown accept every type, as before types were checked ({@code --accept-unknown-types})
     */
    KnownTypes(JobTypeStore store, Clock clock, Set<String> listed, Duration nodeTimeout, boolean acceptUnknown) {
        this.store = store;
        this.clock = clock;
        this.listed = Set.copyOf(listed);
        this.nodeTimeout = nodeTimeout;
        this.acceptUnknown = acceptUnknown;
    }

    /** Throws a 422 problem naming the type and the known ones, unless a job of {@code tenant} may have {@code type}. */
    void require(String type, String tenant) {
        if (acceptUnknown || type == null || listed.contains(type)) return;
        Snapshot seen = current();
        if (seen.types().knows(type, tenant)) return;
        Snapshot again = reread(seen); // perhaps declared a moment ago, on any node
        if (again.types().knows(type, tenant)) return;
        SortedSet<String> known = new TreeSet<>(listed);
        known.addAll(again.types().visibleTo(tenant));
        throw Problem.of(422, "unknown-job-type", "Unknown job type", "no node, worker, schedule or --types runs job type '"
                        + type + "'; known types: " + list(known), "check the type's spelling; a remote worker declares the types it runs"
                        + " when it starts (POST /v1/workers/types) and with each claim (\"types\"); or list the type with the server's"
                        + " --types option, or start it with --accept-unknown-types")
                .withErrors(List.of("type: '" + type + "' is not a known job type")).exception();
    }

    /** A remote worker of {@code tenant} runs {@code types}: recorded in the store, so every node knows it. */
    void declare(String tenant, Set<String> types) {
        Instant now = clock.instant();
        Set<String> due = new TreeSet<>();
        for (String type : types) {
            Instant written = declarationsWritten.get(List.of(tenant == null ? "" : tenant, type));
            if (written == null || !now.isBefore(written.plus(DECLARATION_WRITE)) || now.isBefore(written)) due.add(type);
        }
        if (due.isEmpty()) return;
        store.workerJobTypesSeen(tenant, due, now, now.minus(WORKER_TYPES_KEPT));
        if (declarationsWritten.size() > MAX_REMEMBERED_DECLARATIONS) declarationsWritten.clear(); // bounded: only saves writes
        for (String type : due) declarationsWritten.put(List.of(tenant == null ? "" : tenant, type), now);
    }

    /** The copy, read again when older than {@link #REFRESH}; a failed periodic read keeps the old copy. */
    private Snapshot current() {
        Snapshot s = snapshot;
        if (s != null && fresh(s)) return s;
        if (s == null) return reread(null);
        try {
            return reread(s);
        } catch (StoreException e) {
            log.debug("could not refresh the known job types; using those read at {}", s.readAt(), e);
            return s;
        }
    }

    private boolean fresh(Snapshot s) {
        Instant now = clock.instant();
        return !now.isBefore(s.readAt()) && now.isBefore(s.readAt().plus(REFRESH));
    }

    /** Reads the store unless another thread did since {@code seen} was taken: one read at a time, shared. */
    private Snapshot reread(Snapshot seen) {
        reading.lock();
        try {
            Snapshot s = snapshot;
            if (s != seen && s != null) return s;
            Instant now = clock.instant();
            s = new Snapshot(store.jobTypesKnown(now.minus(nodeTimeout), now.minus(WORKER_TYPES_KEPT)), now);
            snapshot = s;
            return s;
        } finally {
            reading.unlock();
        }
    }

    private static String list(SortedSet<String> known) {
        if (known.isEmpty()) return "none";
        if (known.size() <= MAX_LISTED) return String.join(", ", known);
        return String.join(", ", List.copyOf(known).subList(0, MAX_LISTED)) + " and " + (known.size() - MAX_LISTED) + " more";
    }
}
