package io.jobvault.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jobvault.Attempt;
import io.jobvault.Job;
import io.jobvault.JobContext;
import io.jobvault.JobFilter;
import io.jobvault.JobHandler;
import io.jobvault.JobOutcome;
import io.jobvault.JobRequest;
import io.jobvault.JobState;
import io.jobvault.JobType;
import io.jobvault.Jobvault;
import io.jobvault.Page;
import io.jobvault.QueueInfo;
import io.jobvault.Retention;
import io.jobvault.SubmitResult;
import io.jobvault.bulk.BulkAction;
import io.jobvault.bulk.BulkOperation;
import io.jobvault.retry.Backoff;
import io.jobvault.testkit.SettableClock;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

/** The examples of docs/java-api.md (building, submitting, the outbox, reading, testing), run on SQLite files. */
class JavaApiExamplesTest {
    @TempDir
    Path dataDir;

    record Email(String to) {}

    private final List<Email> sent = new CopyOnWriteArrayList<>();

    private void send(Email email) {
        sent.add(email);
    }

    /** Renders a report for a customer; a payload without one is a request that no retry can fix. */
    static final class ReportHandler implements JobHandler {
        @Override
        public JobOutcome handle(JobContext ctx) {
            if (!ctx.payload().contains("customer")) throw new IllegalArgumentException("no customer in " + ctx.payload());
            return JobOutcome.success("{\"pages\": 3}");
        }
    }

    @Test
    void buildingAJobvault() {
        // doc:begin java-api-build
        Jobvault jobvault = Jobvault.builder()
                .database("jdbc:sqlite:" + dataDir.resolve("jobs.db"))   // default jdbc:sqlite:./jobvault-data/jobvault.db
                .nodeId("web-1")                                  // default: the host name; stable across restarts
                .queue("default", 10)                             // queues this node works, each with its concurrency
                .queue("reports", 2)
                .handler("email.send", ctx -> { send(ctx.payload(Email.class)); return JobOutcome.success(); })
                .jobType(JobType.of("report.pdf", new ReportHandler())
                        .withBackoff(Backoff.exponential(Duration.ofSeconds(5), Duration.ofMinutes(30)))
                        .withMaxAttempts(5)
                        .withTimeout(Duration.ofMinutes(10))
                        .withRetention(Retention.all(Duration.ofDays(30)))
                        .withPermanentFailures(IllegalArgumentException.class))
                .clock(Clock.systemUTC())
                .build();
        // doc:end java-api-build
        try (jobvault) {
            UUID email = jobvault.submit(JobRequest.of("email.send", "{\"to\": \"a@example.com\"}")).id();
            UUID bad = jobvault.submit(JobRequest.builder("report.pdf").payload("{}").queue("reports").build()).id();
            Job badDone = awaitEnd(jobvault, bad);
            assertThat(badDone.state()).as("a permanent failure is not retried").isEqualTo(JobState.DEAD);
            assertThat(badDone.maxAttempts()).isEqualTo(5);
            assertThat(badDone.expiresAt()).isEqualTo(badDone.finishedAt().plus(Duration.ofDays(30)));
            assertThat(awaitEnd(jobvault, email).state()).isEqualTo(JobState.SUCCEEDED);
            assertThat(sent).containsExactly(new Email("a@example.com"));
            assertThat(jobvault.nodeId()).isEqualTo("web-1");
        }
    }

    @Test
    void submitting() {
        try (Jobvault jobvault = Jobvault.builder().database("jdbc:sqlite:" + dataDir.resolve("jobs.db")).build()) {
            // doc:begin java-api-submit
            SubmitResult r = jobvault.submit(JobRequest.builder("report.pdf")
                    .payload("{\"customer\": 42}")        // JSON text; or .payloadOf(object) to write it with Jackson
                    .queue("reports")
                    .priority(10)                          // higher runs first within a queue; default 0
                    .delay(Duration.ofMinutes(5))          // or .runAt(instant)
                    .maxAttempts(3)
                    .timeout(Duration.ofMinutes(2))
                    .tenant("acme")
                    .idempotencyKey("order-7-report")      // same key + tenant again: the first job, nothing inserted
                    .uniqueKey("daily-report-42")          // while an unfinished job has this key + tenant: skipped
                    .retention(Duration.ofDays(1))
                    .label("team", "billing")
                    .concurrencyKey("customer:42", 1)      // at most 1 job with this key (and tenant) runs at once, cluster-wide
                    .build());
            r.id();       // the job to follow: the new one, or the existing one
            r.status();   // CREATED, DUPLICATE (idempotency key) or SKIPPED_UNIQUE (unique key)
            // doc:end java-api-submit
            assertThat(r.status()).isEqualTo(SubmitResult.Status.CREATED);
            Job job = jobvault.get(r.id());
            assertThat(job.state()).isEqualTo(JobState.SCHEDULED);
            assertThat(job.runAt()).isEqualTo(job.createdAt().plus(Duration.ofMinutes(5)));
            assertThat(job.priority()).isEqualTo(10);
            assertThat(job.tenant()).isEqualTo("acme");
            assertThat(job.labels()).isEqualTo(Map.of("team", "billing"));
            assertThat(job.concurrencyKey()).isEqualTo("customer:42");

            SubmitResult again = jobvault.submit(JobRequest.builder("report.pdf").payload("{\"customer\": 42}")
                    .tenant("acme").idempotencyKey("order-7-report").build());
            assertThat(again.status()).isEqualTo(SubmitResult.Status.DUPLICATE);
            assertThat(again.id()).isEqualTo(r.id());
            SubmitResult unique = jobvault.submit(JobRequest.builder("report.pdf").tenant("acme").uniqueKey("daily-report-42").build());
            assertThat(unique.status()).isEqualTo(SubmitResult.Status.SKIPPED_UNIQUE);
        }
    }

    record Order(int id) {}

    /** The application's own table, written in the same transaction as the job. */
    static final class Orders {
        void insert(Connection c, Order order) throws SQLException {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS orders (id INTEGER PRIMARY KEY)");
                s.execute("INSERT INTO orders (id) VALUES (" + order.id() + ")");
            }
        }
    }

    @Test
    void submittingInYourOwnTransaction() throws SQLException {
        String url = "jdbc:sqlite:" + dataDir.resolve("app.db");
        SQLiteDataSource dataSource = new SQLiteDataSource();
        dataSource.setUrl(url);
        Orders orders = new Orders();
        Order order = new Order(7);
        try (Jobvault jobvault = Jobvault.builder().database(url).build()) {
            // doc:begin java-api-submit-in
            try (Connection c = dataSource.getConnection()) {
                c.setAutoCommit(false);
                orders.insert(c, order);                                          // your write
                jobvault.submitIn(c, JobRequest.builder("order.confirm").payloadOf(order).build());
                c.commit();                                                       // both, or neither
            }
            // doc:end java-api-submit-in
            assertThat(jobvault.list(JobFilter.ALL.withType("order.confirm"), null, 10).items())
                    .singleElement().satisfies(j -> assertThat(j.payload()).isEqualTo("{\"id\":7}"));
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT count(*) FROM orders")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(1);
            }
        }
    }

    @Test
    void readingJobs() {
        try (Jobvault jobvault = Jobvault.builder().database("jdbc:sqlite:" + dataDir.resolve("jobs.db"))
                .queue("reports", 1).handler("report.pdf", ctx -> JobOutcome.discard("template missing")).build()) {
            UUID id = jobvault.submit(JobRequest.builder("report.pdf").queue("reports").build()).id();
            awaitEnd(jobvault, id);
            // doc:begin java-api-read
            Job job = jobvault.get(id);                  // JobExpiredException: pruned; JobNotFoundException: never existed
            JobFilter filter = JobFilter.ALL.withState(JobState.DEAD).withQueue("reports");
            Page<Job> page = jobvault.list(filter, null, 50);
            Page<Job> next = jobvault.list(filter, page.nextCursor(), 50);   // keyset pagination, newest first
            List<Attempt> history = jobvault.attempts(id);   // node, start, end, outcome, error message and type, stack head
            jobvault.retry(id);                          // a DEAD or CANCELLED job runs again with a fresh attempt budget
            // doc:end java-api-read
            assertThat(job.state()).isEqualTo(JobState.DEAD);
            assertThat(page.items()).extracting(Job::id).containsExactly(id);
            assertThat(page.nextCursor()).isNull();
            assertThat(next.items()).extracting(Job::id).containsExactly(id); // no cursor: the first page again
            assertThat(history).singleElement().satisfies(a -> {
                assertThat(a.outcome()).isEqualTo(Attempt.Outcome.DISCARDED);
                assertThat(a.errorMessage()).contains("template missing");
            });
            assertThat(jobvault.get(id).state()).isIn(JobState.AVAILABLE, JobState.RUNNING, JobState.DEAD);
            await().atMost(Duration.ofSeconds(20)).until(() -> jobvault.attempts(id).size() == 2);
        }
    }

    @Test
    void bulkActionsAndPausedQueues() {
        try (Jobvault jobvault = Jobvault.builder().database("jdbc:sqlite:" + dataDir.resolve("bulk.db"))
                .queue("reports", 1).handler("report.pdf", ctx -> JobOutcome.success()).build()) {
            Instant from = jobvault.clock().instant().minusSeconds(1);
            Instant to = from.plus(Duration.ofDays(1));
            List<UUID> ids = new java.util.ArrayList<>();
            for (int i = 0; i < 2; i++) { // waiting an hour: the cancel finds them waiting
                ids.add(jobvault.submit(JobRequest.builder("report.pdf").queue("reports").delay(Duration.ofHours(1))
                        .labels(Map.of("batch", "2026-12")).build()).id());
            }
            // doc:begin java-api-bulk
            jobvault.pauseQueue("reports");     // on every node: its jobs wait (claims read the pause), running ones finish
            JobFilter f = JobFilter.ALL.withQueue("reports").withLabel("batch", "2026-12").withCreated(from, to);
            long n = jobvault.bulk().preview(f);                                     // how many match (counted up to 1,000,000)
            BulkOperation op = jobvault.bulk().start(BulkAction.CANCEL, f, "ops:alice");  // stored, audited, run by the leader
            Optional<BulkOperation> progress = jobvault.bulk().get(op.id());         // state, matched, done
            jobvault.resumeQueue("reports");
            List<QueueInfo> queues = jobvault.queueInfos();   // paused, depth (available), running, latency
            // doc:end java-api-bulk
            assertThat(n).isEqualTo(2);
            assertThat(progress).isPresent();
            assertThat(queues).anySatisfy(q -> {
                assertThat(q.name()).isEqualTo("reports");
                assertThat(q.paused()).isFalse();
            });
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> jobvault.bulk().get(op.id()).orElseThrow().state() == BulkOperation.State.DONE);
            assertThat(ids).allSatisfy(id -> assertThat(jobvault.get(id).state()).isEqualTo(JobState.CANCELLED));
        }
    }

    @Test
    void testingYourHandlers(@TempDir Path tempDir) {
        List<Instant> ranAt = new CopyOnWriteArrayList<>();
        JobHandler handler = ctx -> {
            ranAt.add(ctx.clock().instant());
            return JobOutcome.success();
        };
        // doc:begin java-api-testing
        SettableClock clock = SettableClock.atFixedStart();
        Jobvault jv = Jobvault.builder().database("jdbc:sqlite:" + tempDir.resolve("j.db")).clock(clock)
                .queue("default", 1).handler("x", handler).build();
        UUID id = jv.submit(JobRequest.builder("x").delay(Duration.ofMinutes(5)).build()).id();
        clock.advance(Duration.ofMinutes(5));        // delays, backoffs, timeouts, retention move with the clock
        // doc:end java-api-testing
        try (jv) {
            assertThat(awaitEnd(jv, id).state()).isEqualTo(JobState.SUCCEEDED);
            assertThat(ranAt).containsExactly(SettableClock.atFixedStart().instant().plus(Duration.ofMinutes(5)));
        }
    }

    static Job awaitEnd(Jobvault jobvault, UUID id) {
        return await().atMost(Duration.ofSeconds(20)).until(() -> jobvault.get(id), j -> j.state().isTerminal());
    }
}
