package io.jobvault.engine;

import static io.jobvault.engine.EngineHarness.awaitState;
import static org.assertj.core.api.Assertions.assertThat;

import io.jobvault.Artifact;
import io.jobvault.JobOutcome;
import io.jobvault.JobRequest;
import io.jobvault.JobState;
import io.jobvault.Jobvault;
import io.jobvault.LeaseLostException;
import io.jobvault.store.JobRescueParams;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Artifacts: durable files with recorded SHA-256, fenced by the lease, deleted with their job. */
class ArtifactTest extends EngineTestBase {

    private static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    private static Path pathOf(Jobvault jv, UUID id, String name) {
        var content = jv.artifact(id, name).orElseThrow();
        return ((io.jobvault.artifact.FileArtifactStore) content.storage()).path(content.key());
    }

    @Test
    void aHandlerWritesAnArtifactWhoseSizeAndHashAreRecorded() throws Exception {
        byte[] pdf = "%PDF-1.7 pretend report".getBytes(StandardCharsets.US_ASCII);
        Jobvault jv = h.start(h.builder("n1").queue("default", 1).handler("report", ctx -> {
            ctx.writeArtifact("report.pdf", "application/pdf", pdf);
            return JobOutcome.success();
        }));
        UUID id = jv.submit(JobRequest.of("report", "{}")).id();
        awaitState(jv, id, JobState.SUCCEEDED);

        Artifact a = jv.artifacts(id).getFirst();
        assertThat(a.name()).isEqualTo("report.pdf");
        assertThat(a.size()).isEqualTo(pdf.length);
        assertThat(a.contentType()).isEqualTo("application/pdf");
        assertThat(a.sha256()).isEqualTo(sha256(pdf));
        assertThat(jv.artifact(id, "report.pdf").orElseThrow().readAllBytes()).isEqualTo(pdf);
        Path file = pathOf(jv, id, "report.pdf");
        assertThat(file).startsWith(dir.resolve("artifacts"));
        try (var leftovers = Files.list(file.getParent())) {
            assertThat(leftovers.map(p -> p.getFileName().toString())).containsExactly("1-report.pdf"); // no temp files
        }
    }

    @Test
    void aStoreHandedToTheBuilderKeepsItsArtifactsBesideItsFileNeverUnderTheWorkingDirectory() throws Exception {
        Jobvault jv = h.start(h.builder("n1").store(h.rawStore()).queue("default", 1).handler("report", ctx -> {
            ctx.writeArtifact("r.txt", "text/plain", "beside the store".getBytes(StandardCharsets.UTF_8));
            return JobOutcome.success();
        }));
        UUID id = jv.submit(JobRequest.of("report", "{}")).id();
        awaitState(jv, id, JobState.SUCCEEDED);

        assertThat(pathOf(jv, id, "r.txt")).startsWith(dir.resolve("artifacts")).hasContent("beside the store");
        assertThat(Path.of("jobvault-data", "artifacts", id.toString())).doesNotExist();
    }

    @Test
    void hostileNamesAndOversizedContentAreRefusedAndNothingIsKept() throws Exception {
        List<String> errors = new CopyOnWriteArrayList<>();
        Jobvault jv = h.start(h.builder("n1").queue("default", 1).maxArtifactSize(1024).handler("hostile", ctx -> {
            for (String name : List.of("../x", "a/b", "a\\b", "nul\u0000", "x".repeat(10_000), "", "..", ".hidden")) {
                try {
                    ctx.writeArtifact(name, "text/plain", new byte[1]);
                    errors.add("accepted " + name);
                } catch (IllegalArgumentException e) {
                    errors.add("refused");
                }
            }
            try {
                ctx.writeArtifact("big.bin", "application/octet-stream", new byte[2048]);
                errors.add("accepted big");
            } catch (java.io.IOException e) {
                errors.add("too large");
            }
            return JobOutcome.success();
        }));
        UUID id = jv.submit(JobRequest.of("hostile", "{}")).id();
        awaitState(jv, id, JobState.SUCCEEDED);
        assertThat(errors).containsOnly("refused", "too large").hasSize(9);
        assertThat(jv.artifacts(id)).isEmpty();
        Path jobDir = dir.resolve("artifacts").resolve(id.toString());
        if (Files.exists(jobDir)) {
            try (var files = Files.list(jobDir)) {
                assertThat(files).isEmpty();
            }
        }
        assertThat(dir.resolve("x")).doesNotExist();
    }

    @Test
    void aStaleRunCannotRecordAnArtifactAndItsFileIsDeleted() throws Exception {
        CountDownLatch firstStarted = new CountDownLatch(1);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        List<String> firstRun = new CopyOnWriteArrayList<>();
        Jobvault jv = h.start(h.builder("n1").queue("default", 2).handler("work", ctx -> {
            if (ctx.attempt() == 1) {
                firstStarted.countDown();
                EngineHarness.awaitIgnoringInterrupts(releaseFirst); // a heartbeat may interrupt it: keep going, as slow I/O would
                try {
                    ctx.writeArtifact("out.txt", "text/plain", "stale".getBytes(StandardCharsets.UTF_8));
                    firstRun.add("written");
                } catch (LeaseLostException e) {
                    firstRun.add("lease lost");
                }
                return JobOutcome.success();
            }
            ctx.writeArtifact("out.txt", "text/plain", "current".getBytes(StandardCharsets.UTF_8));
            return JobOutcome.success();
        }));
        UUID id = jv.submit(JobRequest.of("work", "{}")).id();
        assertThat(firstStarted.await(20, TimeUnit.SECONDS)).isTrue();
        h.rawStore().jobsRescue(new JobRescueParams(h.clock.instant().plus(Duration.ofHours(1)), null, 10));
        awaitState(jv, id, JobState.SUCCEEDED);
        releaseFirst.countDown();
        org.awaitility.Awaitility.await().atMost(EngineHarness.WAIT).until(() -> !firstRun.isEmpty());

        assertThat(firstRun).containsExactly("lease lost");
        Path current = pathOf(jv, id, "out.txt");
        assertThat(Files.readString(current)).isEqualTo("current");
        assertThat(current.getParent().resolve("1-out.txt")).doesNotExist();
    }

    @Test
    void aLaterAttemptReplacesTheArtifactAndPruningDeletesTheFiles() throws Exception {
        Jobvault jv = h.start(h.builder("n1").queue("default", 1).handler("twice", ctx -> {
            ctx.writeArtifact("log.txt", "text/plain", ("attempt " + ctx.attempt()).getBytes(StandardCharsets.UTF_8));
            return ctx.attempt() == 1 ? JobOutcome.retry("again", Duration.ZERO) : JobOutcome.success();
        }));
        UUID id = jv.submit(JobRequest.of("twice", "{}")).id();
        awaitState(jv, id, JobState.SUCCEEDED);
        Path file = pathOf(jv, id, "log.txt");
        assertThat(Files.readString(file)).isEqualTo("attempt 2");
        assertThat(file.getParent().resolve("1-log.txt")).doesNotExist();

        h.clock.advance(Duration.ofDays(8));
        org.awaitility.Awaitility.await().atMost(EngineHarness.WAIT).until(() -> !Files.exists(file.getParent()));
    }
}
