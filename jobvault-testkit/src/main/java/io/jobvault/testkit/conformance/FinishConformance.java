package io.jobvault.testkit.conformance;

import static io.jobvault.testkit.JobInserts.aJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jobvault.Attempt;
import io.jobvault.Job;
import io.jobvault.JobState;
import io.jobvault.JobStateException;
import io.jobvault.Retention;
import io.jobvault.store.JobFinish;
import io.jobvault.store.JobProgress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Ending runs: fenced by owner and attempt; history kept; cancel and retry by operators. */
public abstract class FinishConformance extends StoreConformance {

    private JobFinish finish(Job job, String owner, int attempt, JobState state, Attempt.Outcome outcome, Instant runAt,
                             String error) {
        return new JobFinish(job.id(), attempt, owner, job.startedAt(), state, runAt, false, outcome,
                state == JobState.SUCCEEDED ? "{\"ok\":true}" : null, error, error == null ? null : "java.io.IOException",
                error == null ? null : "java.io.IOException: " + error + "\n\tat x.y(Z.java:1)", null, null, now());
    }

    @Test
    void successIsRecordedWithResultAndRetention() {
        insert(aJob(now()).retention(new Retention(Duration.ofDays(1), Duration.ofDays(2), Duration.ofDays(3))).build());
        Job job = claimOne();
        clock.advance(Duration.ofSeconds(5));
        assertThat(store.jobsFinishIfRunning(List.of(finish(job, NODE, 1, JobState.SUCCEEDED, Attempt.Outcome.SUCCEEDED, null, null))))
                .containsExactly(true);
        Job done = get(job.id());
        assertThat(done.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(done.result()).isEqualTo("{\"ok\":true}");
        assertThat(done.finishedAt()).isEqualTo(now());
        assertThat(done.expiresAt()).isEqualTo(now().plus(Duration.ofDays(1)));
        assertThat(store.jobAttempts(job.id())).singleElement().satisfies(a -> {
            assertThat(a.outcome()).isEqualTo(Attempt.Outcome.SUCCEEDED);
            assertThat(a.node()).isEqualTo(NODE);
            assertThat(a.startedAt()).isEqualTo(job.startedAt());
        });
    }

    @Test
    void staleAttemptOrForeignOwnerIsRejectedAndChangesNothing() {
        insertAvailable();
        Job job = claimOne();
        boolean[] applied = store.jobsFinishIfRunning(List.of(
                finish(job, NODE, 2, JobState.SUCCEEDED, Attempt.Outcome.SUCCEEDED, null, null),
                finish(job, "node-b", 1, JobState.DEAD, Attempt.Outcome.DISCARDED, null, "x")));
        assertThat(applied).containsExactly(false, false);
        Job same = get(job.id());
        assertThat(same.state()).isEqualTo(JobState.RUNNING);
        assertThat(same.result()).isNull();
        assertThat(store.jobAttempts(job.id())).extracting(Attempt::outcome).containsExactly((Attempt.Outcome) null);
    }

    @Test
    void failureWithAttemptsLeftWaitsForItsRetryAndKeepsTheError() {
        insertAvailable();
        Job job = claimOne();
        Instant retryAt = now().plusSeconds(30);
        store.jobsFinishIfRunning(List.of(finish(job, NODE, 1, JobState.RETRYING, Attempt.Outcome.FAILED, retryAt, "upstream down")));
        Job waiting = get(job.id());
        assertThat(waiting.state()).isEqualTo(JobState.RETRYING);
        assertThat(waiting.runAt()).isEqualTo(retryAt);
        assertThat(waiting.lastError()).isEqualTo("upstream down");
        assertThat(waiting.finishedAt()).isNull();
        assertThat(store.jobAttempts(job.id())).singleElement().satisfies(a -> {
            assertThat(a.outcome()).isEqualTo(Attempt.Outcome.FAILED);
            assertThat(a.errorMessage()).isEqualTo("upstream down");
            assertThat(a.errorType()).isEqualTo("java.io.IOException");
            assertThat(a.stackTrace()).contains("at x.y");
        });
    }

    @Test
    void snoozeGivesTheAttemptBack() {
        insert(aJob(now()).maxAttempts(3).build());
        Job job = claimOne();
        store.jobsFinishIfRunning(List.of(new JobFinish(job.id(), 1, NODE, job.startedAt(), JobState.SCHEDULED,
                now().plusSeconds(60), true, Attempt.Outcome.SNOOZED, null, "snoozed", null, null, null, null, now())));
        Job snoozed = get(job.id());
        assertThat(snoozed.state()).isEqualTo(JobState.SCHEDULED);
        assertThat(snoozed.maxAttempts()).isEqualTo(4);
        assertThat(snoozed.attempt()).isEqualTo(1);
        assertThat(snoozed.attemptsUsed()).as("the snooze gave its attempt back").isZero();
        assertThat(snoozed.attemptBudget()).isEqualTo(3);
    }

    @Test
    void progressIsStoredOnlyForTheCurrentLease() {
        insertAvailable();
        Job job = claimOne();
        boolean[] applied = store.jobsProgressIfRunning(List.of(
                new JobProgress(job.id(), 1, NODE, 40, "page 4 of 10"),
                new JobProgress(job.id(), 2, NODE, 99, "stale")), now());
        assertThat(applied).containsExactly(true, false);
        assertThat(get(job.id()).progressPercent()).isEqualTo(40);
        assertThat(get(job.id()).progressMessage()).isEqualTo("page 4 of 10");
    }

    @Test
    void cancelEndsAWaitingJobAndFlagsARunningOne() {
        var waiting = insert(aJob(now()).runAt(now().plusSeconds(60)).build());
        assertThat(store.jobCancel(waiting, now()).orElseThrow().state()).isEqualTo(JobState.CANCELLED);

        insertAvailable();
        Job running = claimOne();
        Job flagged = store.jobCancel(running.id(), now()).orElseThrow();
        assertThat(flagged.state()).isEqualTo(JobState.RUNNING);
        assertThat(flagged.cancelRequested()).isTrue();
        assertThat(store.jobCancel(java.util.UUID.randomUUID(), now())).isEmpty();
    }

    @Test
    void cancelIfWaitingEndsAWaitingJobAndLeavesAClaimedOneRunningUnflagged() {
        var waiting = insert(aJob(now()).runAt(now().plusSeconds(60)).build());
        assertThat(store.jobCancelIfWaiting(waiting, now())).isTrue();
        assertThat(get(waiting).state()).isEqualTo(JobState.CANCELLED);
        assertThat(store.jobCancelIfWaiting(waiting, now())).as("already ended").isFalse();

        insertAvailable();
        Job running = claimOne();
        assertThat(store.jobCancelIfWaiting(running.id(), now())).isFalse();
        assertThat(get(running.id()).state()).isEqualTo(JobState.RUNNING);
        assertThat(get(running.id()).cancelRequested()).as("a claimed job runs on: no cancel request").isFalse();
    }

    @Test
    void retryGivesADeadJobAFreshBudgetAndRefusesOtherStates() {
        insert(aJob(now()).maxAttempts(2).build());
        Job job = claimOne();
        store.jobsFinishIfRunning(List.of(finish(job, NODE, 1, JobState.DEAD, Attempt.Outcome.DISCARDED, null, "bad input")));
        Job again = store.jobRetry(job.id(), now()).orElseThrow();
        assertThat(again.state()).isEqualTo(JobState.AVAILABLE);
        assertThat(again.maxAttempts()).isEqualTo(3); // attempt 1 used + a fresh budget of 2
        assertThat(again.attemptBudget()).isEqualTo(2);
        assertThat(again.attemptsUsed()).as("a fresh budget: the next run is attempt 1").isZero();
        assertThat(again.finishedAt()).isNull();
        assertThat(again.expiresAt()).isNull();
        assertThatThrownBy(() -> store.jobRetry(job.id(), now())).isInstanceOf(JobStateException.class)
                .hasMessageContaining("AVAILABLE");
    }
}
