package io.jobvault.testkit.conformance;

import static io.jobvault.testkit.JobInserts.aJob;
import static org.assertj.core.api.Assertions.assertThat;

import io.jobvault.Attempt;
import io.jobvault.Job;
import io.jobvault.JobFilter;
import io.jobvault.JobState;
import io.jobvault.SubmitResult;
import io.jobvault.store.JobInsert;
import io.jobvault.store.JobListParams;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Inserting jobs: every field round-trips; idempotency and unique keys insert nothing twice. */
public abstract class InsertConformance extends StoreConformance {
    private static final String TRACEPARENT = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

    @Test
    void insertedJobReadsBackWithEveryField() {
        UUID id = insert(aJob(now()).type("report.pdf").queue("reports").priority(7).payload("{\"n\":1}")
                .maxAttempts(4).timeout(Duration.ofSeconds(9)).tenant("acme").labels(Map.of("team", "x")).build()
                .withTraceparent(TRACEPARENT));
        Job job = get(id);
        assertThat(job.type()).isEqualTo("report.pdf");
        assertThat(job.queue()).isEqualTo("reports");
        assertThat(job.state()).isEqualTo(JobState.AVAILABLE);
        assertThat(job.priority()).isEqualTo(7);
        assertThat(job.payload()).isEqualTo("{\"n\":1}");
        assertThat(job.attempt()).isZero();
        assertThat(job.maxAttempts()).isEqualTo(4);
        assertThat(job.timeout()).isEqualTo(Duration.ofSeconds(9));
        assertThat(job.tenant()).isEqualTo("acme");
        assertThat(job.labels()).containsEntry("team", "x");
        assertThat(job.createdAt()).isEqualTo(now());
        assertThat(job.runAt()).isEqualTo(now());
        assertThat(job.finishedAt()).isNull();
        assertThat(job.traceparent()).isEqualTo(TRACEPARENT);
    }

    @Test
    void aJobReadsBackAsItsInsertSaysItIsStored() {
        // times with nanoseconds, as a real clock gives them: the store keeps milliseconds, and so must asStored
        java.time.Instant at = now().plusNanos(123_456_789);
        JobInsert available = aJob(at).type("report.pdf").queue("reports").priority(-3).payload("{\"n\": [1, 2]}")
                .maxAttempts(6).timeout(Duration.ofNanos(9_876_543_210L)).tenant("acme").idempotencyKey("i-1")
                .uniqueKey("u-1").labels(Map.of("team", "x", "env", "prod")).concurrencyKey("customer-7", 2).build()
                .withTraceparent(TRACEPARENT);
        JobInsert scheduled = aJob(at).runAt(at.plusSeconds(90).plusNanos(7)).build();
        store.jobsInsert(List.of(available, scheduled));
        assertThat(get(available.id())).isEqualTo(available.asStored());
        assertThat(get(scheduled.id())).isEqualTo(scheduled.asStored());
    }

    @Test
    void futureRunAtIsScheduled() {
        UUID id = insert(aJob(now()).runAt(now().plusSeconds(60)).build());
        assertThat(get(id).state()).isEqualTo(JobState.SCHEDULED);
    }

    @Test
    void unknownIdIsEmpty() {
        assertThat(store.jobGet(UUID.randomUUID())).isEmpty();
    }

    @Test
    void sameIdempotencyKeyAndTenantReturnsTheFirstJobAndInsertsNothing() {
        UUID first = insert(aJob(now()).idempotencyKey("k1").tenant("t").build());
        SubmitResult again = store.jobsInsert(List.of(aJob(now()).idempotencyKey("k1").tenant("t").build())).getFirst();
        assertThat(again).isEqualTo(new SubmitResult(first, SubmitResult.Status.DUPLICATE));
        assertThat(count()).isEqualTo(1);
    }

    @Test
    void idempotencyKeysAreScopedByTenant() {
        UUID a = insert(aJob(now()).idempotencyKey("k").tenant("a").build());
        UUID b = insert(aJob(now()).idempotencyKey("k").tenant("b").build());
        assertThat(a).isNotEqualTo(b);
        assertThat(count()).isEqualTo(2);
    }

    @Test
    void duplicatesInsideOneBatchResolveToTheFirst() {
        List<SubmitResult> results = store.jobsInsert(List.of(
                aJob(now()).idempotencyKey("same").build(), aJob(now()).idempotencyKey("same").build()));
        assertThat(results.get(0).status()).isEqualTo(SubmitResult.Status.CREATED);
        assertThat(results.get(1)).isEqualTo(new SubmitResult(results.get(0).id(), SubmitResult.Status.DUPLICATE));
    }

    @Test
    void uniqueKeySkipsWhileAnUnfinishedJobHasIt() {
        UUID first = insert(aJob(now()).uniqueKey("customer-1").build());
        SubmitResult skipped = store.jobsInsert(List.of(aJob(now()).uniqueKey("customer-1").build())).getFirst();
        assertThat(skipped).isEqualTo(new SubmitResult(first, SubmitResult.Status.SKIPPED_UNIQUE));
        assertThat(count()).isEqualTo(1);
    }

    @Test
    void uniqueKeyIsFreeAgainOnceTheJobFinished() {
        UUID first = insert(aJob(now()).uniqueKey("customer-1").build());
        store.jobCancel(first, now());
        SubmitResult second = store.jobsInsert(List.of(aJob(now()).uniqueKey("customer-1").build())).getFirst();
        assertThat(second.status()).isEqualTo(SubmitResult.Status.CREATED);
        assertThat(second.id()).isNotEqualTo(first);
    }

    @Test
    void metadataKeepsTheFirstValue() {
        assertThat(store.metaGetOrInit("k", "v1")).isEqualTo("v1");
        assertThat(store.metaGetOrInit("k", "v2")).isEqualTo("v1");
    }

    private int count() {
        return store.jobsList(new JobListParams(JobFilter.ALL, null, 1000)).size();
    }

    @Test
    void aJobRecordedSucceededHasItsOneAttemptInTheHistory() {
        JobInsert j = aJob(now()).build();
        assertThat(store.jobInsertSucceeded(j, NODE, "{\"sentDirectly\":true}").created()).isTrue();
        assertThat(get(j.id()).state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(store.jobAttempts(j.id())).singleElement().satisfies(a -> {
            assertThat(a.outcome()).isEqualTo(Attempt.Outcome.SUCCEEDED);
            assertThat(a.node()).isEqualTo(NODE);
            assertThat(a.startedAt()).isEqualTo(now());
        });
    }
}
