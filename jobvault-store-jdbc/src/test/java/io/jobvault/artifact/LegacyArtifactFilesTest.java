package io.jobvault.artifact;

import static io.jobvault.testkit.JobInserts.aJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.jobvault.Artifact;
import io.jobvault.store.ArtifactPut;
import io.jobvault.store.JobClaimParams;
import io.jobvault.store.StoredArtifact;
import io.jobvault.store.sqlite.SqliteJobStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Artifact files an earlier version left in its old place are moved into the artifact directory: only those the store
 * recorded, only with their recorded content, across file systems too. A real SQLite store and real files.
 */
class LegacyArtifactFilesTest {
    private final Instant t = Instant.parse("2030-01-01T00:00:00Z");

    @TempDir
    Path dir;
    SqliteJobStore store;
    FileArtifactStore artifacts;

    @BeforeEach
    void open() {
        store = SqliteJobStore.open(dir.resolve("data/jobvault.db"));
        artifacts = new FileArtifactStore(dir.resolve("data/artifacts"));
    }

    @AfterEach
    void close() {
        store.close();
    }

    /** Writes {@code content} as the earlier version did, into {@code old}, and records it in the store. */
    private Path recordedIn(FileArtifactStore old, String name, String content) throws IOException {
        UUID id = store.jobsInsert(List.of(aJob(t).build())).getFirst().id();
        store.jobsClaim(new JobClaimParams("default", 1, "n1", t.plusSeconds(30), t));
        ArtifactStorage.Written w = old.write(id, 1, name, new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)), 1024);
        store.artifactPutIfRunning(new ArtifactPut(id, 1, "n1", new Artifact(name, w.size(), "text/plain", w.sha256(), t), w.key()), t);
        return old.path(w.key());
    }

    private Map<String, String> recordedSha256(UUID job) {
        Map<String, String> keys = new HashMap<>();
        for (StoredArtifact a : store.artifactsOf(job)) keys.put(a.key(), a.artifact().sha256());
        return keys;
    }

    private Path movedPlace(Path oldFile) {
        return artifacts.root().resolve(oldFile.getParent().getFileName()).resolve(oldFile.getFileName());
    }

    @Test
    void recordedFilesMoveAndEverythingElseStays() throws IOException {
        FileArtifactStore old = new FileArtifactStore(dir.resolve("cwd/jobvault-data/artifacts"));
        Path a = recordedIn(old, "a.txt", "first");
        Path b = recordedIn(old, "b.txt", "second");
        Path staleAttempt = Files.writeString(a.resolveSibling("0-a.txt"), "an earlier attempt's file, never recorded");
        Path changed = recordedIn(old, "c.txt", "recorded");
        Files.writeString(changed, "changed since");
        Path clash = recordedIn(old, "d.txt", "old copy");
        Files.createDirectories(movedPlace(clash).getParent());
        Files.writeString(movedPlace(clash), "already in the artifact directory");
        Path otherStore = Files.writeString(Files.createDirectories(old.root().resolve(UUID.randomUUID().toString()))
                .resolve("1-x.bin"), "a job this store does not know");

        LegacyArtifactFiles.Moved moved = LegacyArtifactFiles.move(old.root(), artifacts, this::recordedSha256);

        assertThat(moved).isEqualTo(new LegacyArtifactFiles.Moved(2, 2, 1, 1, 0));
        assertThat(movedPlace(a)).hasContent("first");
        assertThat(movedPlace(b)).hasContent("second");
        assertThat(a).doesNotExist();
        assertThat(b.getParent()).as("an emptied job directory goes").doesNotExist();
        assertThat(staleAttempt).exists();
        assertThat(changed).hasContent("changed since");
        assertThat(movedPlace(changed).getParent()).as("nothing is made for a file that stays").doesNotExist();
        assertThat(clash).hasContent("old copy");
        assertThat(movedPlace(clash)).hasContent("already in the artifact directory");
        assertThat(otherStore).exists();

        assertThat(LegacyArtifactFiles.move(old.root(), artifacts, this::recordedSha256))
                .as("a second start has nothing more to move").isEqualTo(new LegacyArtifactFiles.Moved(0, 0, 1, 1, 0));
    }

    @Test
    void acrossFileSystemsAFileIsCopiedFsyncedCheckedAndThenDeleted() throws IOException {
        Path shm = Path.of("/dev/shm");
        assumeThat(Files.isDirectory(shm) && Files.isWritable(shm)).as("needs /dev/shm").isTrue();
        Path other = Files.createTempDirectory(shm, "jobvault-legacy-");
        try {
            assumeThat(Files.getFileStore(other)).as("/dev/shm is another file system")
                    .isNotEqualTo(Files.getFileStore(dir));
            FileArtifactStore old = new FileArtifactStore(other.resolve("artifacts"));
            Path a = recordedIn(old, "report.pdf", "%PDF-1.7 across file systems");

            assertThat(LegacyArtifactFiles.move(old.root(), artifacts, this::recordedSha256))
                    .isEqualTo(new LegacyArtifactFiles.Moved(1, 1, 0, 0, 0));
            assertThat(movedPlace(a)).hasContent("%PDF-1.7 across file systems");
            assertThat(a).doesNotExist();
            try (var left = Files.list(movedPlace(a).getParent())) {
                assertThat(left).as("no temp file is left").containsExactly(movedPlace(a));
            }
        } finally {
            try (var files = Files.walk(other)) {
                for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
            }
        }
    }

    @Test
    void nothingHappensWithoutAnOldDirectoryOrWhenItIsTheArtifactDirectory() throws IOException {
        assertThat(LegacyArtifactFiles.move(dir.resolve("nowhere"), artifacts, this::recordedSha256))
                .isEqualTo(new LegacyArtifactFiles.Moved(0, 0, 0, 0, 0));
        Path a = recordedIn(artifacts, "a.txt", "here already");
        assertThat(LegacyArtifactFiles.move(artifacts.root(), artifacts, this::recordedSha256))
                .isEqualTo(new LegacyArtifactFiles.Moved(0, 0, 0, 0, 0));
        assertThat(a).hasContent("here already");
    }
}
