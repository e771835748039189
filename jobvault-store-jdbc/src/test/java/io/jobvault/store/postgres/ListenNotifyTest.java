package io.jobvault.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jobvault.JobOutcome;
import io.jobvault.JobRequest;
import io.jobvault.JobState;
import io.jobvault.Jobvault;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A submit through one node wakes an idle worker node at once through LISTEN/NOTIFY: the worker's fallback poll is a
 * minute, so only the notification can make it start within the test's seconds.
 */
class ListenNotifyTest {
    @TempDir
    Path dir;
    String url;
    final java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
    Jobvault submitter;
    Jobvault worker;

    @BeforeEach
    void start() {
        url = PostgresTestSchemas.newSchemaUrl();
        worker = Jobvault.builder().database(url).nodeId("worker").artifactDirectory(dir).queue("default", 2)
                .pollInterval(Duration.ofMinutes(1)).handler("ping", ctx -> JobOutcome.success())
                .handler("long", ctx -> {
                    started.countDown();
                    new java.util.concurrent.CountDownLatch(1).await(); // until interrupted
                    return JobOutcome.success();
                }).build();
        submitter = Jobvault.builder().database(url).nodeId("submitter").artifactDirectory(dir).build();
    }

    @AfterEach
    void stop() throws Exception {
        submitter.close();
        worker.close();
        PostgresTestSchemas.drop(url);
    }

    /** Waits until the worker's LISTEN session exists: a notification sent before that would not reach it. */
    private void awaitWorkerListening() {
        String schema = PostgresJobStore.schemaOf(url);
        await().atMost(Duration.ofSeconds(15)).until(() -> {
            try (Connection c = DriverManager.getConnection(PostgresTestSchemas.BASE);
                 var ps = c.prepareStatement("SELECT count(*) FROM pg_stat_activity WHERE query LIKE ?")) {
                ps.setString(1, "LISTEN \"jobvault." + schema + "\"%");
                try (var rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getInt(1) > 0;
                }
            }
        });
    }

    @Test
    void aSubmitOnAnotherNodeWakesTheWorker() {
        awaitWorkerListening();
        UUID id = submitter.submit(JobRequest.of("ping", "{}")).id();
        await().atMost(Duration.ofSeconds(15)).until(() -> worker.get(id).state() == JobState.SUCCEEDED);
    }

    @Test
    void aCancelThroughAnotherNodeStopsTheHandlerWithoutWaitingForAHeartbeat() throws Exception {
        awaitWorkerListening();
        UUID id = submitter.submit(JobRequest.of("long", "{}")).id();
        assertThat(started.await(15, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        submitter.cancel(id);
        // The worker's next heartbeat is 10 s away: stopping well before that takes the notification.
        await().atMost(Duration.ofSeconds(5)).until(() -> worker.get(id).state() == JobState.CANCELLED);
    }

    @Test
    void aJobEnqueuedInATransactionWakesTheWorkerWhenItCommits() throws Exception {
        awaitWorkerListening();
        UUID id;
        try (Connection app = DriverManager.getConnection(url)) {
            app.setAutoCommit(false);
            id = submitter.submitIn(app, JobRequest.of("ping", "{}")).id();
            app.commit();
        }
        await().atMost(Duration.ofSeconds(15)).until(() -> worker.get(id).state() == JobState.SUCCEEDED);
        assertThat(worker.get(id).leaseOwner()).isEqualTo("worker");
    }
}
