package io.jobvault.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jobvault.JobOutcome;
import io.jobvault.JobRequest;
import io.jobvault.JobState;
import io.jobvault.JobType;
import io.jobvault.Jobvault;
import io.jobvault.retry.Backoff;
import io.jobvault.testkit.SettableClock;
import io.jobvault.testkit.SmallFilesystem;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The artifact directory on a real 8 MiB filesystem: {@code disk.low} is raised when its free space falls below the
 * threshold and resolved when space is back; {@code disk.full} when artifact writes fail for lack of space, resolved
 * when one succeeds again.
 */
class DiskAlertsTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;
    private final SettableClock clock = SettableClock.atFixedStart();
    private final List<Alert> told = new CopyOnWriteArrayList<>();
    private SmallFilesystem disk;
    private Jobvault jv;

    @AfterEach
    void stop() {
        try {
            if (jv != null) jv.close();
        } finally {
            if (disk != null) disk.close();
        }
    }

    private Jobvault start(DiskThreshold threshold) {
        Backoff soon = Backoff.exponential(Duration.ofSeconds(1), Duration.ofSeconds(1));
        return Jobvault.builder().database("jdbc:sqlite:" + dir.resolve("jobvault.db")).clock(clock).nodeId("n1")
                .tickInterval(Duration.ofMillis(5)).pollInterval(Duration.ofMillis(50)).queue("default", 1)
                .artifactDirectory(disk.dir().resolve("artifacts")).diskLowThreshold(threshold)
                .alertSettings(new AlertSettings(Duration.ofMinutes(15), 0.25, 20, Duration.ofMinutes(5), Duration.ofSeconds(30),
                        Duration.ofSeconds(1)))
                .alertSink(told::add)
                .jobType(JobType.of("report", ctx -> {
                    ctx.writeArtifact("report.bin", "application/octet-stream", new byte[1 << 20]);
                    return JobOutcome.success();
                }).withBackoff(soon).withMaxAttempts(100))
                .build();
    }

    /** Advances the engine clock a second at a time (each one alert evaluation) until {@code key} was told open or not. */
    private Alert awaitTold(String key, boolean open) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> {
            clock.advance(Duration.ofSeconds(1));
            return told.stream().anyMatch(a -> a.key().equals(key) && a.open() == open);
        });
        return told.stream().filter(a -> a.key().equals(key) && a.open() == open).findFirst().orElseThrow();
    }

    /** Writes zeros into {@code file} until the filesystem is full, or {@code bytes} were written. */
    private static void fill(Path file, long bytes) throws IOException {
        byte[] chunk = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long n = 0; n < bytes; n += chunk.length) out.write(chunk);
        } catch (IOException full) {
            assertThat(full.getMessage()).contains("No space left on device");
        }
    }

    @Test
    void lowFreeSpaceUnderTheArtifactDirectoryIsAlertedUntilSpaceIsBack() throws Exception {
        disk = SmallFilesystem.mount(dir.resolve("artifacts-disk"), "8m");
        jv = start(DiskThreshold.parse("50%"));
        String key = "disk.low:n1:" + disk.dir().resolve("artifacts").toAbsolutePath();

        fill(disk.dir().resolve("filler"), 5L << 20); // 3 MiB of 8 left: under half
        Alert raised = awaitTold(key, true);
        assertThat(raised.severity()).isEqualTo(Severity.WARNING);
        assertThat(raised.context()).containsEntry("node", "n1").containsKey("freeBytes");
        assertThat(raised.context().get("directories")).contains("artifacts");
        assertThat(raised.message()).contains("below the threshold of 50% of the filesystem");
        assertThat(jv.alerts(clock.instant().minus(Duration.ofDays(1)), 10)).extracting(Alert::key).contains(key);

        Files.delete(disk.dir().resolve("filler"));
        awaitTold(key, false);
        assertThat(jv.alerts(clock.instant().minus(Duration.ofDays(1)), 10))
                .filteredOn(a -> a.key().equals(key)).singleElement().satisfies(a -> assertThat(a.open()).isFalse());
    }

    @Test
    void artifactWritesFailingForLackOfSpaceAreAlertedUntilOneSucceeds() throws Exception {
        disk = SmallFilesystem.mount(dir.resolve("artifacts-disk"), "8m");
        jv = start(DiskThreshold.DEFAULT);
        fill(disk.dir().resolve("filler"), Long.MAX_VALUE); // nothing left

        UUID id = jv.submit(JobRequest.of("report", "{}")).id();
        Alert raised = awaitTold("disk.full:n1:artifacts", true);
        assertThat(raised.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(raised.message()).contains("No space left on device", id.toString());
        assertThat(jv.get(id).state()).isNotEqualTo(JobState.SUCCEEDED);

        Files.delete(disk.dir().resolve("filler"));
        await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> {
            clock.advance(Duration.ofSeconds(1)); // the retry's backoff
            return jv.get(id).state() == JobState.SUCCEEDED;
        });
        awaitTold("disk.full:n1:artifacts", false);
    }
}
