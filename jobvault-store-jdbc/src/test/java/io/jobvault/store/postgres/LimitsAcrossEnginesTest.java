package io.jobvault.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jobvault.Job;
import io.jobvault.JobOutcome;
import io.jobvault.JobRequest;
import io.jobvault.JobState;
import io.jobvault.JobType;
import io.jobvault.Jobvault;
import io.jobvault.testkit.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two engines on one PostgreSQL schema, with a settable clock: concurrency keys and a type's rate limit hold across
 * both - never more than N running with one key, never more than N starts of the type in any window - and jobs over a
 * limit wait rather than fail or use an attempt.
 */
class LimitsAcrossEnginesTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(50);

    private final SettableClock clock = SettableClock.atFixedStart();
    private final List<Jobvault> engines = new ArrayList<>();
    private String url;

    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);

    @AfterEach
    void cleanUp() throws Exception {
        for (Jobvault jv : engines) jv.close();
        PostgresTestSchemas.drop(url);
    }

    private Jobvault engine(String node, int concurrency, JobType... types) {
        // node ids are locked database-wide: a suffix keeps a parallel run of this test from holding ours
        var b = Jobvault.builder().database(url).clock(clock).nodeId(node + "-" + RUN).queue("default", concurrency)
                .tickInterval(Duration.ofMillis(5)).pollInterval(POLL).shutdownGrace(Duration.ofSeconds(5));
        for (JobType t : types) b.jobType(t);
        Jobvault jv = b.build();
        engines.add(jv);
        return jv;
    }

    @Test
    void neverMoreThanTheKeysLimitRunAcrossTwoEngines() {
        url = PostgresTestSchemas.newSchemaUrl();
        Map<String, Integer> limits = Map.of("customer:1", 1, "customer:2", 3);
        Map<String, AtomicInteger> running = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> most = new ConcurrentHashMap<>();
        CountDownLatch release = new CountDownLatch(1);
        JobType report = JobType.of("report", ctx -> {
            String key = ctx.payload().replace("\"", ""); // the payload names the key
            int now = running.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
            most.computeIfAbsent(key, k -> new AtomicInteger()).accumulateAndGet(now, Math::max);
            try {
                release.await(10, TimeUnit.SECONDS); // hold the key until the test has seen it full
            } finally {
                running.get(key).decrementAndGet();
            }
            return JobOutcome.success();
        });
        // a runs one job at a time: the two keys (1 + 3 at once) can only fill up with b running jobs too
        Jobvault a = engine("a", 1, report);
        Jobvault b = engine("b", 12, report);
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            for (var e : limits.entrySet()) {
                Jobvault via = i % 2 == 0 ? a : b;
                ids.add(via.submit(JobRequest.builder("report").payloadOf(e.getKey())
                        .concurrencyKey(e.getKey(), e.getValue()).build()).id());
            }
        }

        // both keys fill up to their limits; then the waiting jobs are looked at again, several times, while full
        await().atMost(WAIT).until(() -> limits.entrySet().stream()
                .allMatch(e -> running.getOrDefault(e.getKey(), new AtomicInteger()).get() == e.getValue()));
        for (int i = 0; i < 5; i++) {
            clock.advance(POLL.multipliedBy(2));
            Instant before = clock.instant();
            await().atMost(WAIT).until(() -> a.list(io.jobvault.JobFilter.ALL.withState(JobState.SCHEDULED), null, 100)
                    .items().stream().allMatch(j -> j.runAt().isAfter(before)));
        }
        release.countDown();
        await().atMost(WAIT).until(() -> {
            clock.advance(POLL);
            return ids.stream().allMatch(id -> a.get(id).state() == JobState.SUCCEEDED);
        });

        limits.forEach((key, limit) -> assertThat(most.get(key).get()).as(key).isEqualTo(limit));
        for (UUID id : ids) {
            Job job = b.get(id);
            assertThat(job.attempt()).as("a wait uses no attempt").isEqualTo(1);
        }
        assertThat(ids.stream().map(a::get).map(Job::leaseOwner).distinct()).as("b ran jobs beside a's one at a time")
                .contains("b-" + RUN);
    }

    @Test
    void aTypesRateLimitHoldsAcrossTwoEngines() {
        url = PostgresTestSchemas.newSchemaUrl();
        List<Instant> starts = new CopyOnWriteArrayList<>();
        JobType call = JobType.of("ai.call", ctx -> {
            starts.add(clock.instant());
            return JobOutcome.success();
        }).withRateLimit(5, Duration.ofMinutes(1));
        Jobvault a = engine("a", 12, call);
        Jobvault b = engine("b", 12, call);
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 12; i++) ids.add((i % 2 == 0 ? a : b).submit(JobRequest.of("ai.call", "{}")).id());

        await().atMost(WAIT).until(() -> starts.size() == 5);
        clock.advance(Duration.ofSeconds(30));
        await().atMost(WAIT).until(() -> a.list(io.jobvault.JobFilter.ALL.withState(JobState.SCHEDULED), null, 100).items().size() == 7);
        assertThat(starts).hasSize(5);
        clock.advance(Duration.ofSeconds(30));
        await().atMost(WAIT).until(() -> starts.size() == 10);
        clock.advance(Duration.ofSeconds(60));
        await().atMost(WAIT).until(() -> starts.size() == 12);

        List<Instant> sorted = starts.stream().sorted().toList();
        for (int i = 5; i < sorted.size(); i++) {
            assertThat(Duration.between(sorted.get(i - 5), sorted.get(i))).as("6 starts span at least the window")
                    .isGreaterThanOrEqualTo(Duration.ofMinutes(1));
        }
        await().atMost(WAIT).until(() -> ids.stream().allMatch(id -> a.get(id).state() == JobState.SUCCEEDED));
        assertThat(ids).allSatisfy(id -> assertThat(b.get(id).attempt()).isEqualTo(1));
    }
}
