package io.jobvault.engine;

import io.jobvault.Attempt.Outcome;
import io.jobvault.Job;
import io.jobvault.JobOutcome;
import io.jobvault.JobState;
import io.jobvault.JobType;
import io.jobvault.store.JobFinish;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;

/** Turns how a handler ended (an outcome, an exception, or a stop by the engine) into the state to record. */
final class RunOutcomes {
    private static final int STACK_LINES = 12;

    private RunOutcomes() {}

    static JobFinish finish(RunningJob run, String owner, JobType type, JobOutcome outcome, Throwable error, Instant now) {
        Job job = run.job;
        StopReason stop = run.stopReason();
        if (stop == StopReason.TIMED_OUT) {
            String msg = "timed out after " + format(job.timeout()) + " (the handler was interrupted)";
            return failure(run, owner, type, Outcome.TIMED_OUT, msg, "java.util.concurrent.TimeoutException", null, null, now);
        }
        if (stop == StopReason.CANCELLED) { // cancel wins, even over a handler that swallowed the interrupt
            return end(run, owner, JobState.CANCELLED, Outcome.CANCELLED, null, "cancelled while running", null, null, now);
        }
        if (error instanceof io.jobvault.retry.SnoozeException s) { // an upstream said "later": wait, use no attempt
            Instant at = now.plus(s.delay());
            JobState state = s.delay().isZero() ? JobState.AVAILABLE : JobState.SCHEDULED;
            return withProgress(run, new JobFinish(job.id(), job.attempt(), owner, job.startedAt(), state, at, true,
                    Outcome.SNOOZED, null, "snoozed for " + format(s.delay()) + ": " + s.getMessage(), null, null, null, null, now));
        }
        if (error != null) {
            String msg = error.getMessage() != null ? error.getMessage() : error.toString();
            String stack = stackHead(error);
            if (type != null && type.isPermanent(error)) {
                return end(run, owner, JobState.DEAD, Outcome.DISCARDED, null, msg, error.getClass().getName(), stack, now);
            }
            return failure(run, owner, type, Outcome.FAILED, msg, error.getClass().getName(), stack, null, now, error);
        }
        return switch (outcome) {
            case JobOutcome.Success s -> end(run, owner, JobState.SUCCEEDED, Outcome.SUCCEEDED, s.resultJson(), null, null, null, now);
            case JobOutcome.Retry r -> failure(run, owner, type, Outcome.FAILED, r.error(), null, null, r.delay(), now);
            case JobOutcome.Snooze s -> {
                Instant at = now.plus(s.delay());
                JobState state = s.delay().isZero() ? JobState.AVAILABLE : JobState.SCHEDULED;
                yield withProgress(run, new JobFinish(job.id(), job.attempt(), owner, job.startedAt(), state, at, true,
                        Outcome.SNOOZED, null, "snoozed for " + format(s.delay()), null, null, null, null, now));
            }
            case JobOutcome.Discard d -> end(run, owner, JobState.DEAD, Outcome.DISCARDED, null, d.reason(), null, null, now);
            case JobOutcome.Cancel c -> end(run, owner, JobState.CANCELLED, Outcome.CANCELLED, null, c.reason(), null, null, now);
            case null -> failure(run, owner, type, Outcome.FAILED, "handler returned null instead of a JobOutcome",
                    null, null, null, now);
        };
    }

    /** A failed attempt: retried after the backoff (or the given delay) while attempts are left, else DEAD. */
    private static JobFinish failure(RunningJob run, String owner, JobType type, Outcome outcome, String msg,
                                     String errorType, String stack, Duration delay, Instant now) {
        return failure(run, owner, type, outcome, msg, errorType, stack, delay, now, null);
    }

    private static JobFinish failure(RunningJob run, String owner, JobType type, Outcome outcome, String msg,
                                     String errorType, String stack, Duration delay, Instant now, Throwable error) {
        Job job = run.job;
        if (job.attempt() >= job.maxAttempts()) {
            return end(run, owner, JobState.DEAD, outcome, null, msg, errorType, stack, now);
        }
        Duration wait = delay != null ? delay
                : (type != null ? type.backoffFor(error) : io.jobvault.retry.Backoff.DEFAULT)
                        .delay(job.attemptsUsed(), () -> ThreadLocalRandom.current().nextDouble()); // snoozes do not grow it
        JobState state = wait.isZero() ? JobState.AVAILABLE : JobState.RETRYING;
        return withProgress(run, new JobFinish(job.id(), job.attempt(), owner, job.startedAt(), state, now.plus(wait), false,
                outcome, null, msg, errorType, stack, null, null, now));
    }

    private static JobFinish end(RunningJob run, String owner, JobState state, Outcome outcome, String result,
                                 String msg, String errorType, String stack, Instant now) {
        return withProgress(run, new JobFinish(run.job.id(), run.job.attempt(), owner, run.job.startedAt(), state, null, false,
                outcome, result, msg, errorType, stack, null, null, now));
    }

    /** Carries the last progress the handler reported, which throttling may not have stored yet. */
    private static JobFinish withProgress(RunningJob run, JobFinish f) {
        RunningJob.PendingProgress p = run.pendingProgress.getAndSet(null);
        if (p != null) {
            f = new JobFinish(f.id(), f.attempt(), f.owner(), f.startedAt(), f.newState(), f.runAt(), f.snoozed(),
                    f.outcome(), f.result(), f.errorMessage(), f.errorType(), f.stackTrace(), p.percent(), p.message(), f.now());
        }
        return f.withKey(run.job.tenant(), run.job.concurrencyKey());
    }

    static String stackHead(Throwable t) {
        StringWriter sw = new StringWriter();
        t.printStackTrace(new PrintWriter(sw));
        String[] lines = sw.toString().split("\\R", STACK_LINES + 1);
        return String.join("\n", java.util.Arrays.asList(lines).subList(0, Math.min(lines.length, STACK_LINES)));
    }

    static String format(Duration d) {
        if (d == null) return "?";
        if (d.toMillis() % 1000 != 0) return d.toMillis() + " ms";
        return d.toSeconds() + " s";
    }
}
