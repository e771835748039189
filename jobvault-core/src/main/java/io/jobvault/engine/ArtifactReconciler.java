package io.jobvault.engine;

import io.jobvault.artifact.ArtifactStorage;
import io.jobvault.store.JobStore;
import io.jobvault.store.StoredArtifact;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps artifact content and its metadata in step, on start and then periodically. Content no metadata refers to
 * (left by a crash between writing the content and recording it, or by a failed delete) is deleted when it is still
 * unreferenced a grace period after this node first saw it, which protects writes in progress. Ages are measured
 * with the engine clock from first sight, never from file timestamps (another clock). Metadata whose content is gone
 * is marked missing, which the job JSON and the admin health report show, and unmarked if the content comes back.
 */
final class ArtifactReconciler implements MaintenanceTask {
    private static final Logger log = LoggerFactory.getLogger(ArtifactReconciler.class);
    private static final int PAGE = 500;
    /** At most this many unreferenced keys are looked at per scan; more wait for a later one. */
    private static final int MAX_TRACKED = 100_000;

    private final JobStore store;
    private final ArtifactStorage storage;
    private final Duration grace;
    private final Every every;
    /** Unreferenced keys, and when this node first saw them so (engine clock). */
    private Map<String, Instant> firstSeen = new HashMap<>();

    ArtifactReconciler(JobStore store, ArtifactStorage storage, Duration interval, Duration grace) {
        this.store = store;
        this.storage = storage;
        this.grace = grace;
        this.every = new Every(interval);
    }

    @Override
    public void tick(Instant now) {
        if (!every.due(now)) return;
        checkMetadata(now);
        deleteOrphans(now);
    }

    private void checkMetadata(Instant now) {
        UUID afterJob = null;
        String afterName = null;
        List<StoredArtifact> page;
        do {
            page = store.artifactsPage(afterJob, afterName, PAGE);
            for (StoredArtifact a : page) {
                boolean exists = storage.exists(a.key());
                if (!exists && !a.artifact().missing()) {
                    log.warn("artifact {} of job {} has no content in {} ({}); marked missing", a.artifact().name(),
                            a.jobId(), storage.describe(), a.key());
                    store.artifactSetMissing(a.jobId(), a.artifact().name(), now);
                } else if (exists && a.artifact().missing()) {
                    store.artifactSetMissing(a.jobId(), a.artifact().name(), null);
                }
                afterJob = a.jobId();
                afterName = a.artifact().name();
            }
        } while (page.size() == PAGE);
    }

    private void deleteOrphans(Instant now) {
        Map<String, Instant> stillSeen = new HashMap<>();
        int deleted = 0;
        for (String key : storage.unreferenced(this::referencedKeysOf, MAX_TRACKED)) {
            Instant since = firstSeen.getOrDefault(key, now);
            if (now.isBefore(since.plus(grace))) {
                stillSeen.put(key, since);
                continue;
            }
            try {
                storage.delete(key);
                deleted++;
            } catch (RuntimeException e) {
                log.warn("cannot delete unreferenced artifact content {}: {}", key, e.toString());
            }
        }
        firstSeen = stillSeen;
        if (deleted > 0) log.info("deleted {} pieces of artifact content no job refers to", deleted);
    }

    private Set<String> referencedKeysOf(UUID job) {
        Set<String> keys = new HashSet<>();
        for (StoredArtifact a : store.artifactsOf(job)) keys.add(a.key());
        return keys;
    }
}
