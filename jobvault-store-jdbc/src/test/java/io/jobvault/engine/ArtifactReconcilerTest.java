package io.jobvault.engine;

import static io.jobvault.testkit.JobInserts.aJob;
import static org.assertj.core.api.Assertions.assertThat;

import io.jobvault.Artifact;
import io.jobvault.artifact.FileArtifactStore;
import io.jobvault.store.ArtifactPut;
import io.jobvault.store.JobClaimParams;
import io.jobvault.store.sqlite.SqliteJobStore;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reconciler, driven tick by tick on a real store and real files. */
class ArtifactReconcilerTest {
    private static final Duration INTERVAL = Duration.ofMinutes(10);
    private static final Duration GRACE = Duration.ofHours(1);

    @TempDir
    Path dir;
    SqliteJobStore store;
    FileArtifactStore files;
    ArtifactReconciler reconciler;
    Instant t = Instant.parse("2030-01-01T00:00:00Z");

    @BeforeEach
    void open() {
        store = SqliteJobStore.open(dir.resolve("jobvault.db"));
        files = new FileArtifactStore(dir.resolve("artifacts"));
        reconciler = new ArtifactReconciler(store, files, INTERVAL, GRACE);
    }

    @AfterEach
    void close() {
        store.close();
    }

    /** A job whose run wrote {@code out.txt}, recorded in the store; returns the file. */
    private Path recordedArtifact() throws Exception {
        UUID id = store.jobsInsert(List.of(aJob(t).build())).getFirst().id();
        store.jobsClaim(new JobClaimParams("default", 1, "n1", t.plusSeconds(30), t));
        io.jobvault.artifact.ArtifactStorage.Written w = files.write(id, 1, "out.txt", new ByteArrayInputStream("kept".getBytes()), 1024);
        store.artifactPutIfRunning(new ArtifactPut(id, 1, "n1", new Artifact("out.txt", w.size(), "text/plain", w.sha256(), t), w.key()), t);
        return files.path(w.key());
    }

    private void scanAt(Duration sinceStart) {
        reconciler.tick(t.plus(sinceStart));
    }

    @Test
    void unreferencedFilesAreDeletedWhenStillUnreferencedAGracePeriodAfterFirstSight() throws Exception {
        Path kept = recordedArtifact();
        Path orphan = Files.writeString(kept.resolveSibling("7-crashed-before-recording.bin"), "x");
        Path strayDir = Files.createDirectories(files.root().resolve(UUID.randomUUID().toString()));
        Path strayFile = Files.writeString(strayDir.resolve("1-left.bin"), "y");

        // Scans run at most every INTERVAL; these instants respect that.
        scanAt(Duration.ZERO); // first sight
        Path later = Files.writeString(kept.resolveSibling("tmp-123.part"), "a write in progress");
        scanAt(Duration.ofMinutes(10)); // first sight of `later`
        scanAt(Duration.ofMinutes(50));
        assertThat(orphan).exists();
        scanAt(Duration.ofMinutes(60));
        assertThat(orphan).doesNotExist();
        assertThat(strayFile).doesNotExist();
        assertThat(later).exists();
        assertThat(kept).hasContent("kept");
        assertThat(strayDir).doesNotExist(); // it went with its last file
        scanAt(Duration.ofMinutes(120));
        assertThat(kept.getParent()).exists(); // still referenced
    }

    @Test
    void aFileThatComesBackBeforeTheGracePeriodEndsIsNotDeleted() throws Exception {
        Path kept = recordedArtifact();
        Path orphan = Files.writeString(kept.resolveSibling("2-flapping.bin"), "x");
        scanAt(Duration.ZERO);
        Files.move(orphan, dir.resolve("aside.bin"));
        scanAt(Duration.ofMinutes(30)); // gone: forgotten
        Files.move(dir.resolve("aside.bin"), orphan);
        scanAt(Duration.ofMinutes(70)); // seen again 70 min after the first sight, but only just now again
        scanAt(Duration.ofMinutes(80));
        assertThat(orphan).exists();
    }

    @Test
    void anArtifactWhoseFileVanishedIsMarkedMissingUntilItReturns() throws Exception {
        Path file = recordedArtifact();
        Path aside = Files.move(file, dir.resolve("aside.txt"));
        scanAt(Duration.ZERO);
        UUID job = UUID.fromString(file.getParent().getFileName().toString());
        assertThat(store.artifactsOf(job).getFirst().artifact().missingSince()).isEqualTo(t);
        assertThat(store.artifactsMissingCount()).isEqualTo(1);
        assertThat(file.getParent()).exists(); // metadata still refers to it

        Files.move(aside, file);
        scanAt(INTERVAL);
        assertThat(store.artifactsOf(job).getFirst().artifact().missing()).isFalse();
        assertThat(store.artifactsMissingCount()).isZero();
    }
}
