package io.jobvault.engine;

import io.jobvault.artifact.ArtifactStorage;
import io.jobvault.store.JobStore;
import io.jobvault.store.StoredArtifact;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
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
 * A scan is spread over ticks: each tick checks one page of metadata (one query for the page, one existence check
 * for its keys), so a tick's work is bounded however many artifacts there are; the walk for unreferenced content
 * follows the last page, asking the metadata of a page of jobs at a time.
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
    /** Whether a scan is under way, and the last artifact it checked (null, null: none yet). */
    private boolean scanning;
    private UUID afterJob;
    private String afterName;

    ArtifactReconciler(JobStore store, ArtifactStorage storage, Duration interval, Duration grace) {
        this.store = store;
        this.storage = storage;
        this.grace = grace;
        this.every = new Every(interval);
    }

    @Override
    public void tick(Instant now) {
        if (!scanning) {
            if (!every.due(now)) return;
            scanning = true;
            afterJob = null;
            afterName = null;
        }
        if (checkMetadataPage(now)) return;
        scanning = false;
        deleteOrphans(now);
    }

    /** Checks the next page of metadata; false when it was the last. */
    private boolean checkMetadataPage(Instant now) {
        List<StoredArtifact> page = store.artifactsPage(afterJob, afterName, PAGE);
        Set<String> existing = storage.existing(page.stream().map(StoredArtifact::key).toList());
        for (StoredArtifact a : page) {
            boolean exists = existing.contains(a.key());
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
        return page.size() == PAGE;
    }

    private void deleteOrphans(Instant now) {
        Map<String, Instant> stillSeen = new HashMap<>();
        int deleted = 0;
        for (String key : storage.unreferenced(store::artifactKeysOf, MAX_TRACKED)) {
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
}
