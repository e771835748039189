package io.jobvault.engine;

import static io.jobvault.engine.EngineHarness.awaitState;
import static org.assertj.core.api.Assertions.assertThat;

import io.jobvault.Attempt;
import io.jobvault.Job;
import io.jobvault.JobOutcome;
import io.jobvault.JobRequest;
import io.jobvault.JobState;
import io.jobvault.JobType;
import io.jobvault.Jobvault;
import io.jobvault.retry.Backoff;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Failures are retried on the backoff schedule; permanent failures and discards end DEAD at once. */
class RetryAndBackoffTest extends EngineTestBase {

    @Test
    void failuresFollowTheExponentialScheduleThenTheJobIsDeadWithItsErrors() {
        Jobvault jv = h.start(h.builder("n1").queue("default", 2).jobType(JobType.of("flaky", ctx -> {
            throw new IOException("upstream refused attempt " + ctx.attempt());
        }).withBackoff(new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(3), 0)).withMaxAttempts(4)));
        UUID id = jv.submit(JobRequest.of("flaky", "{}")).id();

        // attempt n waits base * 2^(n-1), capped: 1 s, 2 s, then the 3 s cap
        for (Duration wait : List.of(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(3))) {
            Instant failedAt = h.clock.instant();
            Job retrying = awaitState(jv, id, JobState.RETRYING);
            assertThat(retrying.runAt()).isEqualTo(failedAt.plus(wait));
            h.clock.advance(wait.minusMillis(1));
            assertThat(jv.get(id).state()).isEqualTo(JobState.RETRYING);
            h.clock.advance(Duration.ofMillis(1));
            awaitAttempt(jv, id, retrying.attempt() + 1);
        }
        Job dead = awaitState(jv, id, JobState.DEAD);
        assertThat(dead.attempt()).isEqualTo(4);
        assertThat(dead.lastError()).isEqualTo("upstream refused attempt 4");
        assertThat(jv.attempts(id)).hasSize(4).allSatisfy(a -> {
            assertThat(a.outcome()).isEqualTo(Attempt.Outcome.FAILED);
            assertThat(a.errorType()).isEqualTo("java.io.IOException");
            assertThat(a.stackTrace()).contains("RetryAndBackoffTest");
            assertThat(a.node()).isEqualTo("n1");
        });
    }

    @Test
    void aRetryOutcomeWithADelayUsesThatDelay() {
        Jobvault jv = h.start(h.builder("n1").queue("default", 1)
                .handler("later", ctx -> ctx.attempt() == 1 ? JobOutcome.retry("busy", Duration.ofMinutes(5)) : JobOutcome.success()));
        Instant t0 = h.clock.instant();
        UUID id = jv.submit(JobRequest.of("later", "{}")).id();
        assertThat(awaitState(jv, id, JobState.RETRYING).runAt()).isEqualTo(t0.plus(Duration.ofMinutes(5)));
        h.clock.advance(Duration.ofMinutes(5));
        awaitState(jv, id, JobState.SUCCEEDED);
    }

    @Test
    void snoozeWaitsWithoutUsingUpAnAttempt() {
        Jobvault jv = h.start(h.builder("n1").queue("default", 1).handler("rate-limited",
                ctx -> ctx.fencingToken() == 1 ? JobOutcome.snooze(Duration.ofSeconds(30)) : JobOutcome.success("{\"done\":true}")));
        UUID id = jv.submit(JobRequest.builder("rate-limited").maxAttempts(1).build()).id();
        Job snoozed = awaitState(jv, id, JobState.SCHEDULED);
        assertThat(snoozed.maxAttempts()).isEqualTo(2);
        assertThat(snoozed.attemptsUsed()).as("the snooze gave its attempt back").isZero();
        assertThat(snoozed.attemptBudget()).isEqualTo(1);
        h.clock.advance(Duration.ofSeconds(30));
        Job done = awaitState(jv, id, JobState.SUCCEEDED);
        assertThat(done.result()).isEqualTo("{\"done\":true}");
        assertThat(jv.attempts(id)).extracting(Attempt::outcome)
                .containsExactly(Attempt.Outcome.SNOOZED, Attempt.Outcome.SUCCEEDED);
    }

    @Test
    void discardAndPermanentExceptionsAreDeadAfterOneAttempt() {
        Jobvault jv = h.start(h.builder("n1").queue("default", 2)
                .handler("discarding", ctx -> JobOutcome.discard("customer deleted"))
                .jobType(JobType.of("strict", ctx -> {
                    throw new IllegalArgumentException("bad payload");
                }).withPermanentFailures(IllegalArgumentException.class)));
        UUID discarded = jv.submit(JobRequest.builder("discarding").maxAttempts(5).build()).id();
        UUID permanent = jv.submit(JobRequest.builder("strict").maxAttempts(5).build()).id();
        assertThat(awaitState(jv, discarded, JobState.DEAD).lastError()).isEqualTo("customer deleted");
        Job dead = awaitState(jv, permanent, JobState.DEAD);
        assertThat(dead.attempt()).isEqualTo(1);
        assertThat(dead.lastError()).isEqualTo("bad payload");
        assertThat(jv.attempts(permanent)).extracting(Attempt::outcome).containsExactly(Attempt.Outcome.DISCARDED);
    }

    @Test
    void anOperatorRetryGivesADeadJobAFreshBudget() {
        Jobvault jv = h.start(h.builder("n1").queue("default", 1)
                .handler("once-bad", ctx -> ctx.fencingToken() == 1 ? JobOutcome.discard("bad") : JobOutcome.success()));
        UUID id = jv.submit(JobRequest.builder("once-bad").maxAttempts(1).build()).id();
        awaitState(jv, id, JobState.DEAD);
        jv.retry(id);
        Job done = awaitState(jv, id, JobState.SUCCEEDED);
        assertThat(done.attempt()).as("the second claim").isEqualTo(2);
        assertThat(done.attemptsUsed()).as("attempt 1 of the fresh budget").isEqualTo(1);
    }

    @Test
    void aJobWhoseTypeThisNodeCannotRunIsRetriedNotDiscarded() {
        Jobvault jv = h.start(h.builder("old-node").queue("default", 1));
        UUID id = jv.submit(JobRequest.of("added.in.next.release", "{}")).id();
        Job waiting = awaitState(jv, id, JobState.RETRYING);
        assertThat(waiting.lastError()).contains("no handler is registered for job type 'added.in.next.release'");
    }

    private static void awaitAttempt(Jobvault jv, UUID id, int attempt) {
        org.awaitility.Awaitility.await().atMost(EngineHarness.WAIT).pollInterval(Duration.ofMillis(5))
                .until(() -> jv.get(id).attempt() >= attempt && jv.get(id).state() != JobState.RUNNING);
    }
}
