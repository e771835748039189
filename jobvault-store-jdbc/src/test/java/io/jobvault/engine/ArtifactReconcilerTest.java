package io.jobvault.engine;

import static io.jobvault.engine.EngineHarness.awaitState;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jobvault.JobOutcome;
import io.jobvault.JobRequest;
import io.jobvault.JobState;
import io.jobvault.Jobvault;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The reconciler: orphaned files go after the grace period; metadata whose file vanished is reported missing. */
class ArtifactReconcilerTest extends EngineTestBase {

    private Jobvault start() {
        return h.start(h.builder("n1").queue("default", 1).artifactReconcileInterval(Duration.ofMinutes(10))
                .artifactOrphanGrace(Duration.ofHours(1)).handler("write", ctx -> {
                    ctx.writeArtifact("out.txt", "text/plain", "kept".getBytes(StandardCharsets.UTF_8));
                    return JobOutcome.success();
                }));
    }

    @Test
    void filesNoJobRefersToAreDeletedOnceOlderThanTheGracePeriod() throws Exception {
        Jobvault jv = start();
        UUID id = jv.submit(JobRequest.of("write", "{}")).id();
        awaitState(jv, id, JobState.SUCCEEDED);
        Path jobDir = jv.artifact(id, "out.txt").orElseThrow().path().getParent();
        Path oldOrphan = Files.writeString(jobDir.resolve("7-crashed-before-recording.bin"), "x");
        Path freshOrphan = Files.writeString(jobDir.resolve("tmp-123.part"), "still being written");
        Path strayDir = Files.createDirectories(dir.resolve("artifacts").resolve(UUID.randomUUID().toString()));
        Path strayFile = Files.writeString(strayDir.resolve("1-left.bin"), "y");
        FileTime old = FileTime.from(h.clock.instant().minus(Duration.ofHours(2)));
        for (Path p : new Path[] {oldOrphan, strayFile, strayDir}) Files.setLastModifiedTime(p, old);
        Files.setLastModifiedTime(freshOrphan, FileTime.from(h.clock.instant().minus(Duration.ofMinutes(5))));

        h.clock.advance(Duration.ofMinutes(10));
        await().atMost(EngineHarness.WAIT).until(() -> !Files.exists(oldOrphan) && !Files.exists(strayFile));
        await().atMost(EngineHarness.WAIT).until(() -> !Files.exists(strayDir));
        assertThat(freshOrphan).exists();
        assertThat(jv.artifact(id, "out.txt").orElseThrow().path()).hasContent("kept");
    }

    @Test
    void anArtifactWhoseFileVanishedIsReportedMissingUntilItReturns() throws Exception {
        Jobvault jv = start();
        UUID id = jv.submit(JobRequest.of("write", "{}")).id();
        awaitState(jv, id, JobState.SUCCEEDED);
        Path file = jv.artifact(id, "out.txt").orElseThrow().path();
        Path moved = Files.move(file, dir.resolve("moved-away.txt"));

        h.clock.advance(Duration.ofMinutes(10));
        await().atMost(EngineHarness.WAIT).until(() -> jv.artifacts(id).getFirst().missing());
        assertThat(jv.artifacts(id).getFirst().missingSince()).isNotNull();

        Files.move(moved, file);
        h.clock.advance(Duration.ofMinutes(10));
        await().atMost(EngineHarness.WAIT).until(() -> !jv.artifacts(id).getFirst().missing());
    }
}
