package io.jobvault.engine;

import io.jobvault.Attempt.Outcome;
import io.jobvault.Job;
import io.jobvault.JobOutcome;
import io.jobvault.JobType;
import io.jobvault.retry.Backoff;
import io.jobvault.retry.OutcomePolicy;
import io.jobvault.retry.OutcomePolicy.Transition;
import io.jobvault.retry.OutcomePolicy.Verdict;
import io.jobvault.store.JobFinish;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Turns how a handler ended (an outcome, an exception, or a stop by the engine) into the state to record, by the
 * {@link OutcomePolicy} that remote workers' runs follow too.
 */
final class RunOutcomes {
    private RunOutcomes() {}

    static JobFinish finish(RunningJob run, String owner, JobType type, JobOutcome outcome, Throwable error, Instant now) {
        Job job = run.job;
        Verdict verdict = switch (run.stopReason()) {
            case TIMED_OUT -> new Verdict.Fail(Outcome.TIMED_OUT, "timed out after " + format(job.timeout())
                    + " (the handler was interrupted)", "java.util.concurrent.TimeoutException", null, null,
                    type == null ? null : type.backoff());
            // cancel wins, even over a handler that swallowed the interrupt
            case CANCELLED -> new Verdict.Cancel("cancelled while running");
            case null, default -> OutcomePolicy.verdict(outcome, error, type);
        };
        Transition t = OutcomePolicy.transition(verdict, job, Backoff.DEFAULT, () -> ThreadLocalRandom.current().nextDouble());
        return withProgress(run, finishOf(job, owner, t, now));
    }

    /** The store's write for transition {@code t} of the run of {@code job} held by {@code owner}. */
    static JobFinish finishOf(Job job, String owner, Transition t, Instant now) {
        return new JobFinish(job.id(), job.attempt(), owner, job.startedAt(), t.state(),
                t.runAfter() == null ? null : now.plus(t.runAfter()), t.snoozed(), t.outcome(), t.result(), t.message(),
                t.errorType(), t.stackTrace(), null, null, now).withKey(job.tenant(), job.concurrencyKey());
    }

    /** Carries the last progress the handler reported, which throttling may not have stored yet. */
    private static JobFinish withProgress(RunningJob run, JobFinish f) {
        RunningJob.PendingProgress p = run.pendingProgress.getAndSet(null);
        if (p == null) return f;
        return new JobFinish(f.id(), f.attempt(), f.owner(), f.startedAt(), f.newState(), f.runAt(), f.snoozed(),
                f.outcome(), f.result(), f.errorMessage(), f.errorType(), f.stackTrace(), p.percent(), p.message(), f.now())
                .withKey(f.tenant(), f.concurrencyKey());
    }

    static String format(Duration d) {
        if (d == null) return "?";
        if (d.toMillis() % 1000 != 0) return d.toMillis() + " ms";
        return d.toSeconds() + " s";
    }
}
