package io.jobvault.engine;

import static io.jobvault.engine.EngineHarness.awaitState;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jobvault.InvalidJobRequestException;
import io.jobvault.Job;
import io.jobvault.JobFilter;
import io.jobvault.JobOutcome;
import io.jobvault.JobRequest;
import io.jobvault.JobState;
import io.jobvault.Jobvault;
import io.jobvault.Page;
import io.jobvault.SubmitResult;
import io.jobvault.id.JobIds;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Submitting: durable ids, group commit, idempotency and unique keys, validation, listing. */
class SubmitTest extends EngineTestBase {
    Jobvault jv;

    @BeforeEach
    void startNode() {
        jv = h.start(h.builder("submitter")); // no queues: nothing runs, jobs stay as submitted
    }

    @Test
    void submitReturnsATimeOrderedVersion7IdOfAStoredJob() {
        SubmitResult r = jv.submit(JobRequest.builder("report.pdf").payload("{\"customer\":42}").queue("reports")
                .priority(3).tenant("acme").label("source", "test").build());
        assertThat(r.created()).isTrue();
        assertThat(r.id().version()).isEqualTo(7);
        assertThat(JobIds.createdAt(r.id())).isEqualTo(h.clock.instant());
        Job job = jv.get(r.id());
        assertThat(job.state()).isEqualTo(JobState.AVAILABLE);
        assertThat(job.payload()).isEqualTo("{\"customer\":42}");
        assertThat(job.maxAttempts()).isEqualTo(10);
        assertThat(job.labels()).containsEntry("source", "test");
    }

    @Test
    void concurrentSubmitsAreAllStoredOnce() throws Exception {
        Set<UUID> ids = ConcurrentHashMap.newKeySet();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 16; t++) {
            threads.add(Thread.ofVirtual().start(() -> {
                for (int i = 0; i < 50; i++) ids.add(jv.submit(JobRequest.of("x", "{}")).id());
            }));
        }
        for (Thread t : threads) t.join(Duration.ofSeconds(60));
        assertThat(ids).hasSize(800);
        assertThat(countAll()).isEqualTo(800);
    }

    @Test
    void submitAllCommitsTogetherInOrder() {
        List<SubmitResult> results = jv.submitAll(List.of(JobRequest.of("a", "{}"), JobRequest.of("b", "{}")));
        assertThat(results).extracting(r -> jv.get(r.id()).type()).containsExactly("a", "b");
    }

    @Test
    void aRepeatedIdempotencyKeyReturnsTheFirstJobAndAUniqueKeyIsSkippedWhileActive() {
        SubmitResult first = jv.submit(JobRequest.builder("charge").idempotencyKey("order-7").build());
        SubmitResult again = jv.submit(JobRequest.builder("charge").idempotencyKey("order-7").build());
        assertThat(again.id()).isEqualTo(first.id());
        assertThat(again.status()).isEqualTo(SubmitResult.Status.DUPLICATE);

        SubmitResult daily = jv.submit(JobRequest.builder("report").uniqueKey("customer-1").build());
        SubmitResult skipped = jv.submit(JobRequest.builder("report").uniqueKey("customer-1").build());
        assertThat(skipped).isEqualTo(new SubmitResult(daily.id(), SubmitResult.Status.SKIPPED_UNIQUE));
        assertThat(countAll()).isEqualTo(2);
    }

    @Test
    void badRequestsNameEveryBadFieldAndStoreNothing() {
        assertThatThrownBy(() -> JobRequest.builder("bad type!").payload("{not json").queue("Bad Queue")
                .maxAttempts(0).delay(Duration.ofSeconds(-1)).build())
                .isInstanceOfSatisfying(InvalidJobRequestException.class, e -> assertThat(e.problems())
                        .anyMatch(p -> p.startsWith("type:")).anyMatch(p -> p.startsWith("payload:"))
                        .anyMatch(p -> p.startsWith("queue:")).anyMatch(p -> p.startsWith("maxAttempts:"))
                        .anyMatch(p -> p.startsWith("delay:")));
        assertThat(countAll()).isZero();
    }

    @Test
    void delayedJobsAreScheduledAndBecomeAvailableOnTime() throws Exception {
        h.close();
        h = new EngineHarness(dir);
        Jobvault worker = h.start(h.builder("worker").queue("default", 1).handler("later", ctx -> JobOutcome.success()));
        UUID id = worker.submit(JobRequest.builder("later").delay(Duration.ofHours(1)).build()).id();
        assertThat(worker.get(id).state()).isEqualTo(JobState.SCHEDULED);
        h.clock.advance(Duration.ofHours(1));
        awaitState(worker, id, JobState.SUCCEEDED);
    }

    @Test
    void listingPagesNewestFirstWithFilters() {
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            ids.add(jv.submit(JobRequest.builder("t").tenant(i % 2 == 0 ? "even" : "odd").build()).id());
            h.clock.advance(Duration.ofMillis(1));
        }
        Collections.reverse(ids);
        Page<Job> p1 = jv.list(JobFilter.ALL, null, 3);
        Page<Job> p2 = jv.list(JobFilter.ALL, p1.nextCursor(), 3);
        Page<Job> p3 = jv.list(JobFilter.ALL, p2.nextCursor(), 3);
        assertThat(p1.items()).extracting(Job::id).containsExactlyElementsOf(ids.subList(0, 3));
        assertThat(p2.items()).extracting(Job::id).containsExactlyElementsOf(ids.subList(3, 6));
        assertThat(p3.items()).extracting(Job::id).containsExactly(ids.get(6));
        assertThat(p3.nextCursor()).isNull();
        assertThat(jv.list(JobFilter.ALL.withTenant("even"), null, 100).items()).hasSize(4);
        assertThatThrownBy(() -> jv.list(JobFilter.ALL, "nonsense", 10)).isInstanceOf(IllegalArgumentException.class);
    }

    private int countAll() {
        return jv.list(JobFilter.ALL, null, 1000).items().size();
    }
}
