package io.jobvault.alert;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobvault.Job;
import io.jobvault.JobFilter;
import io.jobvault.JobOutcome;
import io.jobvault.JobRequest;
import io.jobvault.JobState;
import io.jobvault.store.JobInsert;
import io.jobvault.store.JobListParams;
import io.jobvault.store.JobStore;
import io.jobvault.store.StoreException;
import io.jobvault.store.sqlite.SqliteJobStore;
import io.jobvault.testkit.JobInserts;
import io.jobvault.testkit.SettableClock;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The outbox on a real SQLite store, seen through a switch that makes every store call fail as an unreachable store
 * does: a delivery the store cannot take is sent directly, retried with backoff, and recorded once as delivered when
 * the store answers; memory stays bounded.
 */
class DeliveryOutboxTest {
    @TempDir
    Path dir;
    private final SettableClock clock = SettableClock.atFixedStart();
    private final Instant t0 = clock.instant();
    private SqliteJobStore real;
    private JobStore store;
    private volatile boolean down;
    /** The next insert commits and then fails, as a submit whose answer is lost. */
    private volatile boolean loseNextAnswer;
    private final Recording sink = new Recording();
    private DeliveryOutbox outbox;

    private final BiFunction<JobRequest, Instant, JobInsert> toInsert = (r, at) -> JobInserts.aJob(at).type(r.type())
            .queue(r.queue()).payload(r.payload()).idempotencyKey(r.idempotencyKey()).build();
    private final Consumer<JobRequest> submit = r -> store.jobsInsert(List.of(toInsert.apply(r, clock.instant())));

    @BeforeEach
    void open() {
        real = SqliteJobStore.open(dir.resolve("jobvault.db"));
        store = (JobStore) Proxy.newProxyInstance(JobStore.class.getClassLoader(), new Class<?>[] {JobStore.class}, (p, m, args) -> {
            if (down) throw new StoreException("store unreachable (test): " + m.getName(), null);
            if (m.getName().equals("jobInsertSucceeded") && ((JobInsert) args[0]).payload().contains("refused")) {
                throw new StoreException.DataRejected("value too long (test)", null);
            }
            try {
                Object result = m.invoke(real, args);
                if (loseNextAnswer && m.getName().equals("jobsInsert")) {
                    loseNextAnswer = false;
                    throw new StoreException("connection reset after commit (test)", null);
                }
                return result;
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        });
        outbox = new DeliveryOutbox(store, "n1", submit, toInsert, clock);
    }

    @AfterEach
    void close() {
        real.close();
    }

    /** A job-backed sink whose receiver refuses its next {@code failures} deliveries. */
    private static final class Recording implements JobBackedSink {
        final List<String> sent = new ArrayList<>();
        int failures;
        JobOutcome answer = JobOutcome.success();

        @Override
        public void bind(Consumer<JobRequest> submit) {}

        @Override
        public void deliver(Alert alert) {}

        @Override
        public JobOutcome send(String payload) {
            if (failures-- > 0) throw new IllegalStateException("receiver answered 503 (test)");
            if (answer instanceof JobOutcome.Success) sent.add(payload);
            return answer;
        }
    }

    private static JobRequest delivery(String alertKey, String status) {
        return JobRequest.builder("test.alert.delivery").queue(JobBackedSink.QUEUE).payload("{\"alert\":\"" + alertKey + "\"}")
                .idempotencyKey("jobvault.alert:test:" + alertKey + "@0:" + status).build();
    }

    private List<Job> stored() {
        return real.jobsList(new JobListParams(JobFilter.ALL, null, 1000));
    }

    private void tickAt(Duration sinceStart) {
        clock.set(t0.plus(sinceStart));
        outbox.tick(clock.instant());
    }

    @Test
    void aDeliveryTheStoreCannotTakeIsSentDirectlyWithBackoffThenRecordedOnceAsDelivered() {
        down = true;
        sink.failures = 1;
        outbox.submit(sink, delivery("store.unreachable:n1", "raised"));
        outbox.submit(sink, delivery("store.unreachable:n1", "raised")); // the same delivery again: held once
        assertThat(outbox.size()).isEqualTo(1);

        tickAt(Duration.ZERO); // refused by the receiver: tried again after a backoff of about a second
        tickAt(Duration.ofMillis(500));
        assertThat(sink.sent).isEmpty();
        tickAt(Duration.ofSeconds(1));
        assertThat(sink.sent).containsExactly("{\"alert\":\"store.unreachable:n1\"}");
        tickAt(Duration.ofSeconds(2)); // sent, but the store is still away: it waits to be recorded, and is not sent again
        tickAt(Duration.ofSeconds(3));
        assertThat(outbox.size()).isEqualTo(1);
        assertThat(sink.sent).hasSize(1);

        down = false;
        tickAt(Duration.ofSeconds(4));
        assertThat(outbox.size()).isZero();
        assertThat(stored()).singleElement().satisfies(j -> {
            assertThat(j.state()).isEqualTo(JobState.SUCCEEDED);
            assertThat(j.idempotencyKey()).isEqualTo("jobvault.alert:test:store.unreachable:n1@0:raised");
            assertThat(j.finishedAt()).isEqualTo(t0.plusSeconds(1)); // when it was sent
            assertThat(j.leaseOwner()).isEqualTo("n1");
            assertThat(j.attempt()).isEqualTo(1);
            assertThat(j.result()).contains("\"sentDirectly\":true", "\"tries\":2");
            assertThat(j.expiresAt()).isNotNull();
        });

        // delivered again now that the store answers (a sink that tries again): one job of that key, nothing sent
        outbox.submit(sink, delivery("store.unreachable:n1", "raised"));
        tickAt(Duration.ofSeconds(10));
        assertThat(stored()).hasSize(1);
        assertThat(sink.sent).hasSize(1);
    }

    @Test
    void aDeliveryNotSentBeforeTheStoreAnswersBecomesAnOrdinaryJob() {
        down = true;
        sink.failures = 100;
        outbox.submit(sink, delivery("job.dead:report", "raised"));
        tickAt(Duration.ZERO);
        down = false;
        tickAt(Duration.ofSeconds(2));
        assertThat(outbox.size()).isZero();
        assertThat(sink.sent).isEmpty();
        assertThat(stored()).singleElement().satisfies(j -> assertThat(j.state()).isEqualTo(JobState.AVAILABLE));
    }

    @Test
    void aDeliveryWhoseFailedSubmitHadCommittedIsNotSentTwice() {
        loseNextAnswer = true;
        outbox.submit(sink, delivery("store.unreachable:n1", "raised"));
        down = true;
        tickAt(Duration.ZERO);
        assertThat(sink.sent).hasSize(1);
        down = false;
        tickAt(Duration.ofSeconds(2));
        // the job its submit left behind would send it again: it is cancelled before it runs
        assertThat(stored()).singleElement().satisfies(j -> assertThat(j.state()).isEqualTo(JobState.CANCELLED));
        assertThat(outbox.size()).isZero();
    }

    @Test
    void aDeliveryTheStoreRefusesToRecordDoesNotHoldUpTheOthers() {
        down = true;
        outbox.submit(sink, delivery("refused", "raised"));
        outbox.submit(sink, delivery("store.unreachable:n1", "raised"));
        tickAt(Duration.ZERO);
        assertThat(sink.sent).hasSize(2);
        down = false;
        tickAt(Duration.ofSeconds(2));
        assertThat(outbox.size()).isZero();
        assertThat(stored()).singleElement().satisfies(j -> assertThat(j.idempotencyKey()).contains("store.unreachable:n1"));
    }

    @Test
    void aReceiverThatWillNeverTakeItIsGivenUp() {
        down = true;
        sink.answer = JobOutcome.discard("webhook x is not configured on this node");
        outbox.submit(sink, delivery("queue-latency", "raised"));
        tickAt(Duration.ZERO);
        assertThat(outbox.size()).isZero();
    }

    @Test
    void aFullOutboxDropsTheOldestAndCountsIt() {
        down = true;
        for (int i = 0; i <= DeliveryOutbox.CAPACITY; i++) outbox.submit(sink, delivery("job.stuck:" + i, "raised"));
        assertThat(outbox.size()).isEqualTo(DeliveryOutbox.CAPACITY);
        assertThat(outbox.dropped()).isEqualTo(1);
        tickAt(Duration.ZERO);
        assertThat(sink.sent).hasSize(DeliveryOutbox.CAPACITY).doesNotContain("{\"alert\":\"job.stuck:0\"}")
                .contains("{\"alert\":\"job.stuck:" + DeliveryOutbox.CAPACITY + "\"}");
        assertThat(outbox.size()).isEqualTo(DeliveryOutbox.CAPACITY); // sent, each waits to be recorded
    }
}
