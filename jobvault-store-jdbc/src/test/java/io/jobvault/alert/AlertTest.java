package io.jobvault.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jobvault.JobOutcome;
import io.jobvault.JobRequest;
import io.jobvault.JobState;
import io.jobvault.Jobvault;
import io.jobvault.JobvaultBuilder;
import io.jobvault.schedule.JobTemplate;
import io.jobvault.schedule.MisfirePolicy;
import io.jobvault.schedule.Schedule;
import io.jobvault.schedule.Schedules;
import io.jobvault.schedule.Timing;
import io.jobvault.store.sqlite.SqliteJobStore;
import io.jobvault.testkit.SettableClock;
import io.jobvault.testkit.WebhookReceiver;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Alert rules on a real SQLite store with a settable clock: each fires once per condition, resolves when it clears, and
 * reaches a real webhook receiver with a valid signature.
 */
class AlertTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;
    final SettableClock clock = SettableClock.atFixedStart();
    WebhookReceiver hook;
    Jobvault jv;
    final CountDownLatch release = new CountDownLatch(1);

    @BeforeEach
    void receiver() throws Exception {
        hook = new WebhookReceiver();
    }

    @AfterEach
    void close() {
        release.countDown();
        if (jv != null) jv.close();
        hook.close();
    }

    JobvaultBuilder builder() {
        return Jobvault.builder().database("jdbc:sqlite:" + dir.resolve("jobvault.db")).clock(clock).nodeId("n1")
                .tickInterval(Duration.ofMillis(5)).pollInterval(Duration.ofMillis(50)).shutdownGrace(Duration.ofSeconds(1))
                .schedulerInterval(Duration.ofMillis(1)).queue("default", 4)
                .alertSettings(new AlertSettings(Duration.ofMinutes(15), 0.5, 3, Duration.ofMinutes(5), Duration.ofSeconds(30),
                        Duration.ofSeconds(1)))
                .alertWebhook("test", hook.url(), WebhookReceiver.SECRET)
                .handler("flaky", ctx -> ctx.payload().contains("fail") ? JobOutcome.discard("bad input") : JobOutcome.success())
                .handler("hang", ctx -> {
                    io.jobvault.testkit.Latches.awaitIgnoringInterrupts(release);
                    return JobOutcome.success();
                });
    }

    private void tickPast(Duration d) {
        clock.advance(d);
    }

    @Test
    void anAlertDeliveredTwiceIsEnqueuedOnceAndItsResolutionAgain() {
        jv = builder().build();
        Webhooks webhooks = new Webhooks(clock);
        webhooks.add(new Webhooks.Webhook("again", hook.url(), WebhookReceiver.SECRET));
        List<io.jobvault.SubmitResult.Status> submits = new java.util.ArrayList<>();
        webhooks.bind(r -> submits.add(jv.submit(r).status()));
        Alert raised = new Alert(7, "test.again", "test", Severity.WARNING, "title", "message", "hint", java.util.Map.of(),
                clock.instant(), null);
        Alert resolved = new Alert(7, "test.again", "test", Severity.WARNING, "title", "message", "hint", java.util.Map.of(),
                clock.instant(), clock.instant().plusSeconds(60));

        // a sink tries again when its first submit failed, or committed and the answer was lost: never twice
        for (Alert a : List.of(raised, raised, resolved, resolved)) webhooks.deliver(a);

        assertThat(submits).extracting(Enum::name).containsExactly("CREATED", "DUPLICATE", "CREATED", "DUPLICATE");
    }

    @Test
    void deadJobsRaiseOneAlertPerTypeAndWindowThenResolve() {
        jv = builder().build();
        UUID a = jv.submit(JobRequest.builder("flaky").payload("{\"fail\":1}").maxAttempts(1).build()).id();
        UUID b = jv.submit(JobRequest.builder("flaky").payload("{\"fail\":2}").maxAttempts(1).build()).id();
        await().atMost(WAIT).until(() -> jv.get(a).state() == JobState.DEAD && jv.get(b).state() == JobState.DEAD);
        tickPast(Duration.ofSeconds(2));
        await().atMost(WAIT).until(() -> hook.count("job.dead:flaky", "raised") == 1);
        tickPast(Duration.ofSeconds(2)); // evaluated again: still one alert
        Alert open = jv.alerts(clock.instant().minus(Duration.ofDays(1)), 10).stream()
                .filter(x -> x.key().equals("job.dead:flaky")).findFirst().orElseThrow();
        assertThat(open.open()).isTrue();
        assertThat(open.severity()).isEqualTo(Severity.WARNING);
        assertThat(open.message()).containsPattern("[12] job\\(s\\) of type flaky"); // as counted when it was raised
        assertThat(open.hint()).contains("state=dead");
        tickPast(Duration.ofMinutes(16)); // a window without new dead jobs
        await().atMost(WAIT).until(() -> hook.count("job.dead:flaky", "resolved") == 1);
        assertThat(hook.count("job.dead:flaky", "raised")).isEqualTo(1);
        assertThat(hook.rejected).isEmpty();
        tickPast(Duration.ofDays(91)); // resolved alerts are kept 90 days
        await().atMost(WAIT).until(() -> jv.alerts(clock.instant().minus(Duration.ofDays(365)), 10).stream()
                .noneMatch(x -> x.key().equals("job.dead:flaky")));
    }

    @Test
    void aHighFailureRateOfATypeAndItsQueueAlerts() {
        jv = builder().build();
        for (int i = 0; i < 4; i++) {
            jv.submit(JobRequest.builder("flaky").payload(i < 3 ? "{\"fail\":1}" : "{}").maxAttempts(1).build());
        }
        await().atMost(WAIT).until(() -> jv.list(io.jobvault.JobFilter.ALL, null, 10).items().stream().allMatch(j -> j.state().isTerminal()));
        tickPast(Duration.ofSeconds(2));
        await().atMost(WAIT).until(() -> hook.count("failure-rate:type:flaky", "raised") == 1
                && hook.count("failure-rate:queue:default", "raised") == 1);
        var alert = hook.verified.stream().filter(x -> x.get("key").asText().equals("failure-rate:type:flaky")).findFirst().orElseThrow();
        assertThat(alert.get("message").asText()).containsPattern("[23] of [34] finished type flaky jobs").contains("threshold is 50%");
        assertThat(alert.get("context").get("threshold")).isNull(); // context carries facts only
    }

    @Test
    void queueLatencyAlertsWhenTheOldestAvailableJobWaitsTooLongAndResolvesWhenItRuns() {
        jv = builder().build();
        jv.submit(JobRequest.builder("flaky").queue("nobody-works-here").build());
        tickPast(Duration.ofMinutes(6));
        await().atMost(WAIT).until(() -> hook.count("queue-latency", "raised") == 1);
        jv.close();
        jv = builder().queue("nobody-works-here", 1).build();
        await().atMost(WAIT).until(() -> {
            tickPast(Duration.ofSeconds(2));
            return hook.count("queue-latency", "resolved") == 1;
        });
    }

    @Test
    void aPausedQueuesWaitingJobsRaiseNoQueueLatencyAlert() {
        jv = builder().build();
        jv.pauseQueue("held");
        jv.submit(JobRequest.builder("flaky").queue("held").build()); // waits longest, but an operator holds it back
        tickPast(Duration.ofMinutes(3));
        Instant unpausedSince = clock.instant();
        jv.submit(JobRequest.builder("flaky").queue("nobody-works-here").build());
        tickPast(Duration.ofMinutes(6));
        await().atMost(WAIT).until(() -> hook.count("queue-latency", "raised") == 1);
        var alert = hook.verified.stream().filter(x -> x.get("key").asText().equals("queue-latency")).findFirst().orElseThrow();
        assertThat(alert.get("context").get("oldestRunAt").asText()).as("judged by the queue that is not paused")
                .isEqualTo(unpausedSince.toString());
    }

    @Test
    void aMissedScheduleFireIsCritical() {
        jv = builder().build();
        jv.schedules().put(Schedule.builder("daily", Timing.cron("0 6 * * *"), JobTemplate.of("flaky"))
                .misfire(MisfirePolicy.SKIP).build(), Schedules.SOURCE_API);
        clock.set(Instant.parse("2030-01-02T12:00:00Z"));
        // the leader evaluates the rules once per interval of its clock: when that evaluation came before the scheduler
        // noticed the missed fire, only a later tick raises it (the clock moves on in production; here the test moves it)
        await().atMost(WAIT).until(() -> {
            tickPast(Duration.ofSeconds(1));
            return hook.count("schedule.missed:daily", "raised") == 1;
        });
        var alert = hook.verified.stream().filter(x -> x.get("key").asText().equals("schedule.missed:daily")).findFirst().orElseThrow();
        assertThat(alert.get("severity").asText()).isEqualTo("CRITICAL");
        assertThat(alert.get("message").asText()).contains("2030-01-01T06:00:00Z");
        assertThat(alert.get("hint").asText()).contains("./jobvault schedules trigger daily");
    }

    @Test
    void aStuckJobTakenBackNamesTheJobTheNodeAndHowLongItRan() throws Exception {
        jv = builder().build();
        UUID id = jv.submit(JobRequest.of("hang", "{}")).id();
        await().atMost(WAIT).until(() -> jv.get(id).state() == JobState.RUNNING);
        // as if the run belonged to node "ghost", started 3 minutes ago, which hung: its lease lapsed
        long startedAt = clock.instant().minus(Duration.ofMinutes(3)).toEpochMilli();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("jobvault.db"))) {
            c.createStatement().execute("PRAGMA busy_timeout = 5000");
            assertThat(c.createStatement().executeUpdate("UPDATE jobs SET lease_owner = 'ghost', lease_expires_at = 0,"
                    + " started_at = " + startedAt + " WHERE id = '" + id + "'")).isEqualTo(1);
        }
        await().atMost(WAIT).until(() -> {
            tickPast(Duration.ofMillis(500));
            return hook.count("job.stuck:" + id, "raised") == 1;
        });
        var alert = hook.verified.stream().filter(x -> x.get("key").asText().equals("job.stuck:" + id)).findFirst().orElseThrow();
        assertThat(alert.get("message").asText()).contains(id.toString(), "hang", "node ghost", "ran for");
        assertThat(alert.get("context").get("ranSeconds").asLong()).isGreaterThanOrEqualTo(180);
    }

    @Test
    void aMissingArtifactAlertsUntilItIsBack() throws Exception {
        jv = builder().build();
        try (SqliteJobStore raw = SqliteJobStore.open(dir.resolve("jobvault.db"))) {
            // a recorded artifact whose content is gone, as the reconciler marks it
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("jobvault.db"))) {
                c.createStatement().execute("PRAGMA busy_timeout = 5000");
                c.createStatement().executeUpdate("INSERT INTO artifacts (job_id, name, size, content_type, sha256, storage_key,"
                        + " attempt, created_at, missing_since) VALUES ('" + UUID.randomUUID() + "', 'x.pdf', 1, 'application/pdf',"
                        + " 'h', 'k', 1, 0, 1)");
            }
        }
        tickPast(Duration.ofSeconds(2));
        await().atMost(WAIT).until(() -> hook.count("artifact.missing", "raised") == 1);
        assertThat(List.of(hook.rejected)).allMatch(List::isEmpty);
    }
}
