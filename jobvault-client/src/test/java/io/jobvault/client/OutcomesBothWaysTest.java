package io.jobvault.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jobvault.Attempt;
import io.jobvault.Attempt.Outcome;
import io.jobvault.Job;
import io.jobvault.JobHandler;
import io.jobvault.JobOutcome;
import io.jobvault.JobRequest;
import io.jobvault.JobState;
import io.jobvault.JobType;
import io.jobvault.Jobvault;
import io.jobvault.retry.Backoff;
import io.jobvault.retry.SnoozeException;
import io.jobvault.server.JobvaultServer;
import io.jobvault.server.ServerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One table of handler outcomes, each run both in the server's own engine and by a {@link RemoteWorker} in this
 * process against the server on a loopback port: an outcome must end the same way wherever its handler runs. The
 * remote types are unknown to the server, so their backoffs and permanent failure types can only come from the
 * worker.
 */
class OutcomesBothWaysTest {
    static final String TOKEN = "outcomes-test-token";
    static final Duration TYPE_BACKOFF = Duration.ofHours(1);
    static final Duration IO_BACKOFF = Duration.ofHours(2);
    static final Duration RETRY_DELAY = Duration.ofHours(3);
    static final Duration SNOOZE = Duration.ofHours(4);

    /** Where the handler runs. */
    enum Where { LOCAL, REMOTE }

    /**
     * One row: a handler, the job's max attempts, and how the run must end.
     *
     * @param waits how long after the run the job is due again; null when it ended
     * @param attemptsUsed the job's attempts used after the run (a snooze gives its attempt back)
     */
    record Row(String name, JobHandler handler, int maxAttempts, JobState state, Outcome outcome, Duration waits,
               int attemptsUsed, String result, String errorType) {
        @Override
        public String toString() {
            return name;
        }
    }

    static final List<Row> TABLE = List.of(
            new Row("success", ctx -> JobOutcome.success(), 3, JobState.SUCCEEDED, Outcome.SUCCEEDED, null, 1, null, null),
            new Row("success-with-result", ctx -> JobOutcome.success("{\"n\":1}"), 3, JobState.SUCCEEDED, Outcome.SUCCEEDED,
                    null, 1, "{\"n\":1}", null),
            new Row("failure-retried-by-type-backoff", ctx -> { throw new IllegalStateException("busy"); }, 3,
                    JobState.RETRYING, Outcome.FAILED, TYPE_BACKOFF, 1, null, IllegalStateException.class.getName()),
            new Row("failure-retried-by-its-exception-backoff", ctx -> { throw new UncheckedIOException(new IOException("down")); },
                    3, JobState.RETRYING, Outcome.FAILED, IO_BACKOFF, 1, null, UncheckedIOException.class.getName()),
            new Row("retry-outcome-with-delay", ctx -> JobOutcome.retry("later", RETRY_DELAY), 3, JobState.RETRYING,
                    Outcome.FAILED, RETRY_DELAY, 1, null, null),
            new Row("retry-outcome-by-type-backoff", ctx -> JobOutcome.retry("again"), 3, JobState.RETRYING, Outcome.FAILED,
                    TYPE_BACKOFF, 1, null, null),
            new Row("failure-on-last-attempt", ctx -> { throw new IllegalStateException("busy"); }, 1, JobState.DEAD,
                    Outcome.FAILED, null, 1, null, IllegalStateException.class.getName()),
            new Row("permanent-failure-type", ctx -> { throw new IllegalArgumentException("bad input"); }, 3, JobState.DEAD,
                    Outcome.DISCARDED, null, 1, null, IllegalArgumentException.class.getName()),
            new Row("discard", ctx -> JobOutcome.discard("no"), 3, JobState.DEAD, Outcome.DISCARDED, null, 1, null, null),
            new Row("success-with-a-result-object", ctx -> JobOutcome.success(java.util.Map.of("n", 1)), 3,
                    JobState.SUCCEEDED, Outcome.SUCCEEDED, null, 1, "{\"n\":1}", null),
            // the payload {} is no Integer: a typed handler's job is discarded, naming where, wherever it runs
            new Row("typed-payload-that-does-not-map", io.jobvault.JobDefinition.of("typed", Integer.class, Void.class)
                    .jobType((n, ctx) -> JobOutcome.success()).handler(), 3, JobState.DEAD, Outcome.DISCARDED, null, 1,
                    null, null),
            new Row("snooze-outcome", ctx -> JobOutcome.snooze(SNOOZE), 1, JobState.SCHEDULED, Outcome.SNOOZED, SNOOZE, 0,
                    null, null),
            new Row("snooze-exception", ctx -> { throw new SnoozeException(SNOOZE, "429"); }, 1, JobState.SCHEDULED,
                    Outcome.SNOOZED, SNOOZE, 0, null, null),
            new Row("cancel", ctx -> JobOutcome.cancel("not wanted"), 3, JobState.CANCELLED, Outcome.CANCELLED, null, 1,
                    null, null));

    @TempDir
    static Path dir;
    static JobvaultServer server;
    static JobvaultClient client;
    static RemoteWorker worker;

    /** The same policies for every row's type, local or remote; jitter 0 so that waits are exact. */
    static JobType type(Where where, Row row) {
        return JobType.of(typeName(where, row), row.handler())
                .withBackoff(new Backoff(TYPE_BACKOFF, TYPE_BACKOFF, 0))
                .withBackoffFor(UncheckedIOException.class, new Backoff(IO_BACKOFF, IO_BACKOFF, 0))
                .withPermanentFailures(IllegalArgumentException.class);
    }

    static String typeName(Where where, Row row) {
        return where.name().toLowerCase() + "." + row.name();
    }

    @BeforeAll
    static void start() {
        server = JobvaultServer.start(new ServerConfig("127.0.0.1", 0, 1 << 20, "jdbc:sqlite:" + dir.resolve("j.db"), TOKEN),
                b -> {
                    b.nodeId("server").queue("local", 4).pollInterval(Duration.ofMillis(50));
                    TABLE.forEach(row -> b.jobType(type(Where.LOCAL, row)));
                });
        client = JobvaultClient.create("http://127.0.0.1:" + server.port(), TOKEN);
        RemoteWorker.Builder w = RemoteWorker.builder(client).queue("remote").name("outcomes").concurrency(4)
                .heartbeatInterval(Duration.ofMillis(200)).pollWait(Duration.ofSeconds(1));
        TABLE.forEach(row -> w.jobType(type(Where.REMOTE, row)));
        worker = w.start();
    }

    @AfterAll
    static void stop() {
        if (worker != null) worker.close();
        if (server != null) server.close();
    }

    static Stream<Arguments> rows() {
        return Arrays.stream(Where.values()).flatMap(where -> TABLE.stream().map(row -> Arguments.of(where, row)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("rows")
    void anOutcomeEndsTheSameWayWhereverItsHandlerRuns(Where where, Row row) {
        Jobvault jobvault = server.jobvault();
        UUID id = client.submit(JobRequest.builder(typeName(where, row)).queue(where.name().toLowerCase())
                .maxAttempts(row.maxAttempts()).build()).id();
        Attempt run = await().atMost(Duration.ofSeconds(30)).until(() -> finishedRun(jobvault.attempts(id)), a -> a != null);
        Job job = jobvault.get(id);

        assertThat(job.state()).isEqualTo(row.state());
        assertThat(run.outcome()).isEqualTo(row.outcome());
        assertThat(run.errorType()).isEqualTo(row.errorType());
        assertThat(job.attemptsUsed()).isEqualTo(row.attemptsUsed());
        assertThat(job.result()).isEqualTo(row.result());
        if (row.errorType() != null && row.outcome() != Outcome.SNOOZED) {
            assertThat(run.stackTrace()).as("the stack trace's head is kept").startsWith(row.errorType());
        }
        if (row.waits() != null) {
            assertThat(Duration.between(run.finishedAt(), job.runAt())).isBetween(row.waits().minusSeconds(1), row.waits());
        }
    }

    private static Attempt finishedRun(List<Attempt> attempts) {
        return attempts.stream().filter(a -> a.finishedAt() != null).findFirst().orElse(null);
    }
}
