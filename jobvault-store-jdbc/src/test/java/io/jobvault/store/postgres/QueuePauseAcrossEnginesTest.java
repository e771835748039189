package io.jobvault.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jobvault.JobOutcome;
import io.jobvault.JobRequest;
import io.jobvault.JobState;
import io.jobvault.Jobvault;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two nodes on one PostgreSQL schema: a queue paused through one is claimed by neither — the other node, which works
 * it, stops claiming at once (the claim reads the pause) — and resuming through the first lets the other run its jobs.
 */
class QueuePauseAcrossEnginesTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);

    private final List<Jobvault> engines = new ArrayList<>();
    private String url;

    @AfterEach
    void cleanUp() throws Exception {
        for (Jobvault jv : engines) jv.close();
        PostgresTestSchemas.drop(url);
    }

    private Jobvault node(String name, AtomicInteger runs) {
        var b = Jobvault.builder().database(url).nodeId(name + "-" + RUN).tickInterval(Duration.ofMillis(5))
                .pollInterval(Duration.ofMillis(50)).shutdownGrace(Duration.ofSeconds(5));
        if (runs != null) {
            b.queue("default", 4).handler("count", ctx -> {
                runs.incrementAndGet();
                return JobOutcome.success();
            });
        }
        Jobvault jv = b.build();
        engines.add(jv);
        return jv;
    }

    @Test
    void aQueuePausedOnOneNodeIsNotClaimedByAnotherUntilResumed() {
        url = PostgresTestSchemas.newSchemaUrl();
        AtomicInteger runs = new AtomicInteger();
        Jobvault admin = node("admin", null); // submits and pauses; works no queue
        Jobvault worker = node("worker", runs);
        String warmUp = admin.submit(JobRequest.of("count", "{}")).id().toString();
        await().atMost(WAIT).until(() -> admin.get(UUID.fromString(warmUp)).state() == JobState.SUCCEEDED);

        assertThat(admin.pauseQueue("default")).isTrue();
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) ids.add(admin.submit(JobRequest.of("count", "{}")).id());

        // each submit wakes the worker (NOTIFY) and it polls every 50 ms: over a second it tries ~20 times, and claims nothing
        await().during(Duration.ofSeconds(1)).atMost(WAIT).until(() -> runs.get() == 1);
        assertThat(ids).allSatisfy(id -> assertThat(worker.get(id).state()).isEqualTo(JobState.AVAILABLE));
        assertThat(worker.pausedQueues()).containsOnlyKeys("default");

        assertThat(admin.resumeQueue("default")).isTrue();
        await().atMost(WAIT).until(() -> ids.stream().allMatch(id -> worker.get(id).state() == JobState.SUCCEEDED));
        assertThat(runs.get()).isEqualTo(6);
        assertThat(ids).allSatisfy(id -> assertThat(admin.get(id).leaseOwner()).isEqualTo("worker-" + RUN));
    }
}
