package io.jobvault.engine;

import io.jobvault.artifact.FileArtifactStore;
import io.jobvault.store.JobStore;
import io.jobvault.store.StoredArtifact;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps artifact files and their metadata in step, on start and then periodically. Files no metadata refers to
 * (left by a crash between writing a file and recording it, or by a failed delete) are deleted once older than the
 * grace period, which protects writes still in progress. Metadata whose file is gone is marked missing, which the
 * job JSON and the admin health report show, and unmarked if the file comes back.
 */
final class ArtifactReconciler implements MaintenanceTask {
    private static final Logger log = LoggerFactory.getLogger(ArtifactReconciler.class);
    private static final int PAGE = 500;

    private final JobStore store;
    private final FileArtifactStore files;
    private final Duration grace;
    private final Every every;

    ArtifactReconciler(JobStore store, FileArtifactStore files, EngineConfig config) {
        this.store = store;
        this.files = files;
        this.grace = config.artifactOrphanGrace();
        this.every = new Every(config.artifactReconcileInterval());
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
                boolean exists = Files.exists(files.path(a.key()));
                if (!exists && !a.artifact().missing()) {
                    log.warn("artifact {} of job {} has no file ({}); marked missing", a.artifact().name(), a.jobId(), a.key());
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
        Path root = files.root();
        if (!Files.isDirectory(root)) return;
        Instant cutoff = now.minus(grace);
        int deleted = 0;
        try (DirectoryStream<Path> jobs = Files.newDirectoryStream(root)) {
            for (Path dir : jobs) {
                UUID jobId = parse(dir.getFileName().toString());
                if (jobId == null || !Files.isDirectory(dir)) continue;
                Set<String> referenced = new HashSet<>();
                for (StoredArtifact a : store.artifactsOf(jobId)) referenced.add(a.key());
                deleted += deleteUnreferenced(dir, jobId, referenced, cutoff);
            }
        } catch (IOException e) {
            log.warn("cannot walk the artifact directory {}: {}", root, e.toString());
        }
        if (deleted > 0) log.info("deleted {} artifact files no job refers to", deleted);
    }

    private int deleteUnreferenced(Path dir, UUID jobId, Set<String> referenced, Instant cutoff) throws IOException {
        int deleted = 0;
        boolean empty = true;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path f : entries) {
                String key = jobId + "/" + f.getFileName();
                if (referenced.contains(key) || Files.getLastModifiedTime(f).toInstant().isAfter(cutoff)) {
                    empty = false;
                    continue;
                }
                Files.deleteIfExists(f);
                deleted++;
            }
        }
        if (empty && referenced.isEmpty() && Files.getLastModifiedTime(dir).toInstant().isBefore(cutoff)) {
            try {
                Files.deleteIfExists(dir);
            } catch (java.nio.file.DirectoryNotEmptyException ignored) {
                // a write arrived meanwhile
            }
        }
        return deleted;
    }

    private static UUID parse(String name) {
        try {
            return name.length() == 36 ? UUID.fromString(name) : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
