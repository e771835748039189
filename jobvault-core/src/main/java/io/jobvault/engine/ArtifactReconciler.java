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
 * (left by a crash between writing a file and recording it, or by a failed delete) are deleted when they are still
 * unreferenced a grace period after this node first saw them, which protects writes in progress. Ages are measured
 * with the engine clock from first sight, never from file timestamps (another clock). Metadata whose file is gone is
 * marked missing, which the job JSON and the admin health report show, and unmarked if the file comes back.
 */
final class ArtifactReconciler implements MaintenanceTask {
    private static final Logger log = LoggerFactory.getLogger(ArtifactReconciler.class);
    private static final int PAGE = 500;
    /** At most this many unreferenced paths are tracked at once; more wait for a later scan. */
    private static final int MAX_TRACKED = 100_000;

    private final JobStore store;
    private final FileArtifactStore files;
    private final Duration grace;
    private final Every every;
    /** Unreferenced files and directories, and when this node first saw them so (engine clock). */
    private java.util.Map<Path, Instant> firstSeen = new java.util.HashMap<>();

    ArtifactReconciler(JobStore store, FileArtifactStore files, Duration interval, Duration grace) {
        this.store = store;
        this.files = files;
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
        java.util.Map<Path, Instant> stillSeen = new java.util.HashMap<>();
        int deleted = 0;
        try (DirectoryStream<Path> jobs = Files.newDirectoryStream(root)) {
            for (Path dir : jobs) {
                UUID jobId = parse(dir.getFileName().toString());
                if (jobId == null || !Files.isDirectory(dir)) continue;
                Set<String> referenced = new HashSet<>();
                for (StoredArtifact a : store.artifactsOf(jobId)) referenced.add(a.key());
                deleted += deleteUnreferenced(dir, jobId, referenced, now, stillSeen);
            }
        } catch (IOException e) {
            log.warn("cannot walk the artifact directory {}: {}", root, e.toString());
        }
        firstSeen = stillSeen;
        if (deleted > 0) log.info("deleted {} artifact files no job refers to", deleted);
    }

    /** True when {@code p} has been unreferenced for the grace period; tracks it otherwise. */
    private boolean expired(Path p, Instant now, java.util.Map<Path, Instant> stillSeen) {
        Instant since = firstSeen.getOrDefault(p, now);
        if (!now.isBefore(since.plus(grace))) return true;
        if (stillSeen.size() < MAX_TRACKED) stillSeen.put(p, since);
        return false;
    }

    private int deleteUnreferenced(Path dir, UUID jobId, Set<String> referenced, Instant now,
                                   java.util.Map<Path, Instant> stillSeen) throws IOException {
        int deleted = 0;
        boolean empty = true;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path f : entries) {
                if (referenced.contains(jobId + "/" + f.getFileName()) || !expired(f, now, stillSeen)) {
                    empty = false;
                    continue;
                }
                Files.deleteIfExists(f);
                deleted++;
            }
        }
        if (empty && referenced.isEmpty() && expired(dir, now, stillSeen)) {
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
