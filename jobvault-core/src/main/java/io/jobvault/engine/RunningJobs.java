package io.jobvault.engine;

import java.util.Collection;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The runs this node holds leases for. Not a source of truth (the store is): it tells the lease keeper what to
 * heartbeat and lets a local cancel reach the handler at once. Its size is bounded by the queues' concurrency plus
 * the completer's buffer.
 */
final class RunningJobs {
    private final ConcurrentHashMap<UUID, RunningJob> byId = new ConcurrentHashMap<>();

    void add(RunningJob rj) {
        byId.put(rj.job.id(), rj);
    }

    void remove(RunningJob rj) {
        byId.remove(rj.job.id(), rj);
    }

    RunningJob get(UUID id) {
        return byId.get(id);
    }

    Collection<RunningJob> all() {
        return byId.values();
    }

    int size() {
        return byId.size();
    }

    boolean isEmpty() {
        return byId.isEmpty();
    }
}
