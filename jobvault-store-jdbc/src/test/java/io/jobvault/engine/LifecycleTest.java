package io.jobvault.engine;

import static io.jobvault.engine.EngineHarness.awaitState;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.jobvault.Attempt;
import io.jobvault.Job;
import io.jobvault.JobFilter;
import io.jobvault.JobOutcome;
import io.jobvault.JobRequest;
import io.jobvault.JobState;
import io.jobvault.Jobvault;
import io.jobvault.JobvaultException;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Node lifecycle: concurrency limits, throttled progress, graceful shutdown, exclusive node ids. */
class LifecycleTest extends EngineTestBase {

    @Test
    void aQueueRunsAtMostItsConcurrencyAtOnce() {
        CountDownLatch finish = new CountDownLatch(1);
        Jobvault jv = h.start(h.builder("n1").queue("narrow", 2).handler("slow", ctx -> {
            finish.await();
            return JobOutcome.success();
        }));
        for (int i = 0; i < 5; i++) jv.submit(JobRequest.builder("slow").queue("narrow").build());
        await().atMost(EngineHarness.WAIT).until(() -> running(jv) == 2);
        assertThat(jv.list(JobFilter.ALL.withState(JobState.AVAILABLE), null, 10).items()).hasSize(3);
        finish.countDown();
        await().atMost(EngineHarness.WAIT).until(() -> jv.list(JobFilter.ALL.withState(JobState.SUCCEEDED), null, 10).items().size() == 5);
    }

    @Test
    void progressIsPersistedThrottledAndReadableWhileRunning() throws Exception {
        CountDownLatch reported = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        Jobvault jv = h.start(h.builder("n1").queue("default", 1).handler("pages", ctx -> {
            for (int p = 1; p <= 1000; p++) ctx.progress(p / 10, "page " + p); // far faster than the store is written
            reported.countDown();
            finish.await();
            return JobOutcome.success();
        }));
        UUID id = jv.submit(JobRequest.of("pages", "{}")).id();
        assertThat(reported.await(20, TimeUnit.SECONDS)).isTrue();
        h.clock.advance(Duration.ofSeconds(1));
        await().atMost(EngineHarness.WAIT).until(() -> Integer.valueOf(100).equals(jv.get(id).progressPercent()));
        assertThat(jv.get(id).progressMessage()).isEqualTo("page 1000");
        finish.countDown();
        awaitState(jv, id, JobState.SUCCEEDED);
    }

    @Test
    void closeHandsUnfinishedLeasesBackSoTheNextStartRunsThemAtOnce() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        Jobvault first = h.builder("n1").queue("default", 1).shutdownGrace(Duration.ofMillis(50)).handler("long", ctx -> {
            started.countDown();
            new CountDownLatch(1).await(); // until interrupted by the shutdown
            return JobOutcome.success();
        }).build();
        UUID id = first.submit(JobRequest.builder("long").maxAttempts(1).build()).id();
        assertThat(started.await(20, TimeUnit.SECONDS)).isTrue();
        first.close();

        Jobvault second = h.start(h.builder("n2").queue("default", 1).handler("long", ctx -> JobOutcome.success()));
        Job done = awaitState(second, id, JobState.SUCCEEDED); // max 1 attempt: the handed-back one did not count
        assertThat(done.attempt()).isEqualTo(2);
        assertThat(second.attempts(id)).extracting(Attempt::outcome)
                .containsExactly(Attempt.Outcome.RELEASED, Attempt.Outcome.SUCCEEDED);
    }

    @Test
    void closeLetsRunningHandlersFinishWithinTheGracePeriod() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        Jobvault jv = h.builder("n1").queue("default", 1).shutdownGrace(Duration.ofSeconds(20)).handler("short", ctx -> {
            started.countDown();
            finish.await();
            return JobOutcome.success();
        }).build();
        UUID id = jv.submit(JobRequest.of("short", "{}")).id();
        assertThat(started.await(20, TimeUnit.SECONDS)).isTrue();
        Thread closer = Thread.ofVirtual().start(jv::close);
        // the handler ends only once close() is under way (it refuses submits first), so inside the grace
        await().atMost(EngineHarness.WAIT).until(() -> refusesSubmits(jv));
        assertThat(closer.isAlive()).isTrue();
        finish.countDown();
        closer.join(Duration.ofSeconds(15)); // well before the 20 s grace: close() did not wait it out
        assertThat(closer.isAlive()).isFalse();
        try (var store = h.rawStore()) {
            assertThat(store.jobGet(id).orElseThrow().state()).isEqualTo(JobState.SUCCEEDED);
        }
    }

    @Test
    void aHandlerThatIgnoresTheInterruptPastTheGraceHasItsJobHandedBackAndCloseReturnsAtTheGrace() throws Exception {
        Duration grace = Duration.ofSeconds(1);
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch returned = new CountDownLatch(1);
        Jobvault jv = h.builder("n1").queue("default", 1).shutdownGrace(grace).handler("stubborn", ctx -> {
            started.countDown();
            EngineHarness.awaitIgnoringInterrupts(release); // runs on through the grace and the interrupt
            returned.countDown();
            return JobOutcome.success();
        }).build();
        UUID id = jv.submit(JobRequest.builder("stubborn").maxAttempts(1).build()).id();
        assertThat(started.await(20, TimeUnit.SECONDS)).isTrue();

        long t0 = System.nanoTime();
        jv.close();
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        assertThat(took).isGreaterThanOrEqualTo(grace).isLessThan(grace.plus(Engine.WIND_DOWN));
        try (var store = h.rawStore()) {
            assertThat(store.jobGet(id).orElseThrow().state()).isEqualTo(JobState.AVAILABLE);
            assertThat(store.jobAttempts(id)).extracting(Attempt::outcome).containsExactly(Attempt.Outcome.RELEASED);
            release.countDown(); // the handler ends after all: its success is not recorded over the hand-back
            assertThat(returned.await(20, TimeUnit.SECONDS)).isTrue();
            assertThat(store.jobGet(id).orElseThrow().state()).isEqualTo(JobState.AVAILABLE);
        }
    }

    /** Whether the node refuses a submit as closed (a submit it accepts adds a job to a queue nobody runs). */
    private static boolean refusesSubmits(Jobvault jv) {
        try {
            jv.submit(JobRequest.builder("short").queue("nobody").build());
            return false;
        } catch (JobvaultException e) {
            assertThat(e).hasMessageContaining("closed");
            return true;
        }
    }

    @Test
    void twoLiveNodesCannotShareANodeId() {
        h.start(h.builder("same"));
        assertThatThrownBy(() -> h.start(h.builder("same"))).isInstanceOf(JobvaultException.class)
                .hasMessageContaining("in use");
    }

    private static int running(Jobvault jv) {
        return jv.list(JobFilter.ALL.withState(JobState.RUNNING), null, 10).items().size();
    }
}
