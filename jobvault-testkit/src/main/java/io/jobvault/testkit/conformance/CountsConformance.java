package io.jobvault.testkit.conformance;

import static io.jobvault.testkit.JobInserts.aJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jobvault.Attempt;
import io.jobvault.FinishedRuns;
import io.jobvault.Job;
import io.jobvault.JobState;
import io.jobvault.store.JobClaimParams;
import io.jobvault.store.JobFinish;
import io.jobvault.store.JobRescueParams;
import io.jobvault.store.LeaseRef;
import io.jobvault.testkit.Concurrently;
import io.jobvault.testkit.JobCountsCheck;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Job counters and per-minute figures: every path that changes a job's state keeps the counters equal to a count of
 * the jobs table, per tenant and for all; runs ended are counted once per minute and outcome; old minutes are pruned.
 */
public abstract class CountsConformance extends StoreConformance {
    /** A connection to the store's database, for the slow count the counters are held to; closed by the test. */
    protected abstract Connection openTableConnection() throws SQLException;

    /** The counters equal the table's count, before and after the store folds its change logs (if it keeps any). */
    private void check(String after) {
        try (Connection c = openTableConnection()) {
            try {
                JobCountsCheck.assertCountersMatchTable(store, c);
                store.jobStatsFold(10_000);
                JobCountsCheck.assertCountersMatchTable(store, c);
            } catch (AssertionError e) {
                throw new AssertionError("after " + after + ": " + e.getMessage(), e);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private JobFinish finish(Job job, JobState state, Attempt.Outcome outcome, Instant runAt) {
        return new JobFinish(job.id(), job.attempt(), NODE, job.startedAt(), state, runAt, outcome == Attempt.Outcome.SNOOZED,
                outcome, null, outcome == Attempt.Outcome.SUCCEEDED ? null : "x", null, null, null, null, now())
                .withKey(job.tenant(), job.concurrencyKey());
    }

    private Job claimFrom(String queue) {
        List<Job> jobs = claim(queue, 1);
        assertThat(jobs).as("a job to claim in %s", queue).hasSize(1);
        return jobs.getFirst();
    }

    @Test
    void everyPathThatChangesAJobKeepsTheCountersEqualToTheTable() {
        check("nothing");
        insert(aJob(now()).tenant("acme").type("email").build());
        insert(aJob(now()).queue("reports").type("pdf").build());
        UUID later = insert(aJob(now()).runAt(now().plusSeconds(60)).build());
        insert(aJob(now()).idempotencyKey("k1").build());
        insert(aJob(now()).idempotencyKey("k1").build()); // a duplicate: no new row, no new count
        check("inserts and a duplicate");

        store.jobInsertSucceeded(aJob(now()).queue("alerts").build(), NODE, "{}");
        check("a job recorded as succeeded");

        Job ok = claimFrom("reports");
        check("a claim");
        store.jobsFinishIfRunning(List.of(finish(ok, JobState.SUCCEEDED, Attempt.Outcome.SUCCEEDED, null)));
        check("a success");

        Job failing = claimOne();
        store.jobsFinishIfRunning(List.of(finish(failing, JobState.RETRYING, Attempt.Outcome.FAILED, now().plusSeconds(5))));
        check("a failure with attempts left");
        Job snoozing = claimOne();
        store.jobsFinishIfRunning(List.of(finish(snoozing, JobState.SCHEDULED, Attempt.Outcome.SNOOZED, now().plusSeconds(5))));
        check("a snooze");
        store.jobsFinishIfRunning(List.of(finish(snoozing, JobState.SUCCEEDED, Attempt.Outcome.SUCCEEDED, null)));
        check("a finish of a lease no longer held (refused)");

        clock.advance(Duration.ofSeconds(61));
        assertThat(store.jobsPromoteDue(now(), 100).count()).isEqualTo(3);
        check("promotion");

        Job discarded = claimOne();
        store.jobsFinishIfRunning(List.of(finish(discarded, JobState.DEAD, Attempt.Outcome.DISCARDED, null)));
        check("a discard");
        store.jobRetry(discarded.id(), now());
        check("an operator retry");

        List<Job> running = claim("default", 10);
        assertThat(running).hasSizeGreaterThanOrEqualTo(3);
        store.jobsRelease(NODE, List.of(new LeaseRef(running.get(0).id(), running.get(0).attempt())), now());
        check("a hand-back at shutdown");
        store.jobsUnclaim(NODE, List.of(new LeaseRef(running.get(1).id(), running.get(1).attempt())));
        check("an undone claim");
        store.jobCancel(running.get(2).id(), now());
        store.jobsFinishIfRunning(List.of(finish(running.get(2), JobState.CANCELLED, Attempt.Outcome.CANCELLED, null)));
        check("a cancel of a running job");
        claimOne();
        clock.advance(LEASE.plusSeconds(1));
        store.jobsRescue(new JobRescueParams(now(), null, 100));
        check("a rescue of expired leases");

        UUID waiting = insert(aJob(now()).runAt(now().plusSeconds(60)).build());
        store.jobCancelIfWaiting(waiting, now());
        store.jobCancel(insert(aJob(now()).runAt(now().plusSeconds(60)).tenant("acme").build()), now());
        check("cancels of waiting jobs");

        Job due = store.jobRunNow(insert(aJob(now()).runAt(now().plusSeconds(60)).queue("soon").build()), now()).orElseThrow();
        assertThat(due.state()).isEqualTo(JobState.AVAILABLE);
        assertThat(due.runAt()).isEqualTo(now());
        check("a run now");
        assertThatThrownBy(() -> store.jobRunNow(due.id(), now())).as("only a waiting job").isInstanceOf(io.jobvault.JobStateException.class);
        assertThat(store.jobRunNow(UUID.randomUUID(), now())).isEmpty();

        insert(aJob(now()).queue("one").maxAttempts(1).build());
        claimFrom("one");
        clock.advance(LEASE.plusSeconds(1));
        store.jobsRescue(new JobRescueParams(now(), null, 100));
        check("a rescue out of attempts (dead)");

        store.jobDelete(later, now());
        check("a delete");
        clock.advance(Duration.ofDays(30));
        assertThat(store.jobsPrune(now(), 1000)).isNotEmpty();
        check("pruning");
    }

    @Test
    void concurrencyKeyWaitsAndWakeUpsKeepTheCountersEqualToTheTable() {
        for (int i = 0; i < 4; i++) insert(aJob(now()).concurrencyKey("customer:1", 1).build());
        List<Job> started = store.jobsClaim(new JobClaimParams("default", 10, NODE, now().plus(LEASE), now(), null, Map.of(),
                Duration.ofSeconds(2)));
        assertThat(started).hasSize(1);
        check("a claim that held jobs back for their key");
        store.jobsFinishIfRunning(List.of(finish(started.getFirst(), JobState.SUCCEEDED, Attempt.Outcome.SUCCEEDED, null)));
        check("a run's end waking its key's waiter");
    }

    @Test
    void aBatchOfFinishesAppliesThoseHoldingTheirLeaseAndCountsEach() {
        for (int i = 0; i < 4; i++) insert(aJob(now()).maxAttempts(1).build());
        List<Job> jobs = claim("default", 4);
        assertThat(jobs).hasSize(4);
        Job stale = jobs.get(2);
        boolean[] applied = store.jobsFinishIfRunning(List.of(
                finish(jobs.get(0), JobState.SUCCEEDED, Attempt.Outcome.SUCCEEDED, null),
                finish(jobs.get(1), JobState.DEAD, Attempt.Outcome.FAILED, null),
                new JobFinish(stale.id(), stale.attempt() + 1, NODE, stale.startedAt(), JobState.SUCCEEDED, null, false,
                        Attempt.Outcome.SUCCEEDED, null, null, null, null, null, null, now()),
                finish(jobs.get(3), JobState.RETRYING, Attempt.Outcome.FAILED, now().plusSeconds(5))));
        assertThat(applied).containsExactly(true, true, false, true);
        assertThat(get(jobs.get(0).id()).state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(get(jobs.get(1).id()).state()).isEqualTo(JobState.DEAD);
        assertThat(get(stale.id()).state()).isEqualTo(JobState.RUNNING);
        assertThat(get(jobs.get(3).id()).state()).isEqualTo(JobState.RETRYING);
        assertThat(get(jobs.get(3).id()).runAt()).isEqualTo(now().plusSeconds(5));
        check("a batch of finishes, one of them stale");
        assertThat(store.jobsFinishedPerMinute(now().truncatedTo(ChronoUnit.MINUTES), null))
                .extracting(FinishedRuns::outcome, FinishedRuns::count).containsExactlyInAnyOrder(
                        org.assertj.core.api.Assertions.tuple(FinishedRuns.Outcome.DEAD, 1L),
                        org.assertj.core.api.Assertions.tuple(FinishedRuns.Outcome.FAILED, 2L),
                        org.assertj.core.api.Assertions.tuple(FinishedRuns.Outcome.SUCCEEDED, 1L));
    }

    /**
     * Large batches: a store may total their count changes itself instead of per row (SQLite does from 4 rows on). Mixed
     * tenants, queues and types, a duplicate in the insert batch, a stale and a repeated finish in the finish batch, and a
     * single-row write after each batch (its counting must be back on).
     */
    @Test
    void largeBatchesOfInsertsClaimsAndFinishesKeepTheCountersExact() {
        List<io.jobvault.store.JobInsert> batch = new java.util.ArrayList<>();
        for (int i = 0; i < 40; i++) {
            batch.add(aJob(now()).queue("bulk").tenant(i % 3 == 0 ? "acme" : "").type("t" + (i % 4))
                    .runAt(i % 5 == 0 ? now().plusSeconds(60) : now()).maxAttempts(2).build());
        }
        batch.add(aJob(now()).queue("bulk").idempotencyKey("same").build());
        batch.add(aJob(now()).queue("bulk").idempotencyKey("same").build()); // no new row, no new count
        assertThat(store.jobsInsert(batch)).hasSize(42);
        insert(aJob(now()).queue("single").build());
        check("a batch of 42 inserts, one a duplicate, then one insert");

        List<Job> running = claim("bulk", 25);
        assertThat(running).hasSize(25);
        claimFrom("single");
        check("a claim of 25 across tenants and types, then a claim of one");

        Job stale = running.get(5);
        List<JobFinish> finishes = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Job job = running.get(i);
            if (job == stale) {
                finishes.add(new JobFinish(stale.id(), stale.attempt() + 1, NODE, stale.startedAt(), JobState.SUCCEEDED,
                        null, false, Attempt.Outcome.SUCCEEDED, null, null, null, null, null, null, now()));
                continue;
            }
            finishes.add(switch (i % 4) {
                case 0 -> finish(job, JobState.SUCCEEDED, Attempt.Outcome.SUCCEEDED, null);
                case 1 -> finish(job, JobState.DEAD, Attempt.Outcome.DISCARDED, null);
                case 2 -> finish(job, JobState.CANCELLED, Attempt.Outcome.CANCELLED, null);
                default -> finish(job, JobState.RETRYING, Attempt.Outcome.FAILED, now().plusSeconds(5));
            });
        }
        finishes.add(finish(running.get(0), JobState.DEAD, Attempt.Outcome.FAILED, null)); // the job's second finish
        boolean[] applied = store.jobsFinishIfRunning(finishes);
        assertThat(applied[5]).as("the stale finish").isFalse();
        assertThat(applied[20]).as("the second finish of one run").isFalse();
        store.jobsFinishIfRunning(List.of(finish(running.get(24), JobState.SUCCEEDED, Attempt.Outcome.SUCCEEDED, null)));
        check("a batch of 21 finishes, one stale and one repeated, then one finish");
        long ended = store.jobsFinishedPerMinute(now().truncatedTo(ChronoUnit.MINUTES), null).stream()
                .filter(r -> r.outcome() != FinishedRuns.Outcome.FAILED).mapToLong(FinishedRuns::count).sum();
        assertThat(ended).as("runs that reached an end this minute: 14 of the batch and the single one").isEqualTo(15);
    }

    @Test
    void concurrentWritersKeepTheCountersExact() throws Exception {
        Concurrently.run(4, Duration.ofSeconds(60), t -> {
            String owner = "node-" + t;
            for (int i = 0; i < 25; i++) {
                store.jobsInsert(List.of(aJob(now()).queue("q" + (i % 2)).tenant(i % 3 == 0 ? "acme" : "").build(),
                        aJob(now()).queue("q" + (i % 2)).build()));
                for (Job job : claim("q" + (i % 2), 2, owner)) {
                    JobState end = i % 4 == 0 ? JobState.DEAD : JobState.SUCCEEDED;
                    store.jobsFinishIfRunning(List.of(new JobFinish(job.id(), job.attempt(), owner, job.startedAt(), end,
                            null, false, end == JobState.DEAD ? Attempt.Outcome.DISCARDED : Attempt.Outcome.SUCCEEDED,
                            null, null, null, null, null, null, now())));
                }
                if (t == 0 && i % 5 == 0) store.jobStatsFold(7); // folds race the writers too
            }
        });
        check("concurrent inserts, claims and finishes");
    }

    @Test
    void runsAreCountedPerMinuteByOutcomeOnceAndOldMinutesArePruned() {
        Instant minute = now().truncatedTo(ChronoUnit.MINUTES);
        insert(aJob(now()).tenant("acme").build());
        store.jobsFinishIfRunning(List.of(finish(claimOne(), JobState.SUCCEEDED, Attempt.Outcome.SUCCEEDED, null)));
        insert(aJob(now()).maxAttempts(2).build());
        Job failing = claimOne();
        store.jobsFinishIfRunning(List.of(finish(failing, JobState.RETRYING, Attempt.Outcome.FAILED, now())));
        store.jobsFinishIfRunning(List.of(finish(failing, JobState.SUCCEEDED, Attempt.Outcome.SUCCEEDED, null))); // stale
        clock.advance(Duration.ofMinutes(1));
        store.jobsPromoteDue(now(), 100);
        Job dying = claimOne();
        store.jobsFinishIfRunning(List.of(finish(dying, JobState.DEAD, Attempt.Outcome.FAILED, null)));
        store.jobCancel(insert(aJob(now()).runAt(now().plusSeconds(60)).build()), now());
        store.jobInsertSucceeded(aJob(now()).queue("alerts").build(), NODE, "{}");

        Instant next = minute.plus(Duration.ofMinutes(1));
        assertThat(store.jobsFinishedPerMinute(minute, null)).containsExactly(
                new FinishedRuns(minute, "default", FinishedRuns.Outcome.FAILED, 1),
                new FinishedRuns(minute, "default", FinishedRuns.Outcome.SUCCEEDED, 1),
                new FinishedRuns(next, "alerts", FinishedRuns.Outcome.SUCCEEDED, 1),
                new FinishedRuns(next, "default", FinishedRuns.Outcome.CANCELLED, 1),
                new FinishedRuns(next, "default", FinishedRuns.Outcome.DEAD, 1),
                new FinishedRuns(next, "default", FinishedRuns.Outcome.FAILED, 1));
        assertThat(store.jobsFinishedPerMinute(minute, "acme")).containsExactly(
                new FinishedRuns(minute, "default", FinishedRuns.Outcome.SUCCEEDED, 1));
        assertThat(store.jobsFinishedPerMinute(next, null)).hasSize(4);

        store.jobStatsFold(10_000);
        assertThat(store.jobsFinishedPerMinute(minute, null)).as("the same after folding").hasSize(6)
                .allSatisfy(r -> assertThat(r.count()).isEqualTo(1));
        store.jobStatsPrune(next, 1000);
        assertThat(store.jobsFinishedPerMinute(minute, null)).hasSize(4).allSatisfy(r -> assertThat(r.minute()).isEqualTo(next));
    }
}
