package io.jobvault.retry;

import io.jobvault.Attempt.Outcome;
import io.jobvault.Job;
import io.jobvault.JobOutcome;
import io.jobvault.JobState;
import io.jobvault.JobType;
import io.jobvault.TimeBounds;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.Arrays;
import java.util.function.DoubleSupplier;

/**
 * The one place that decides what a run's end does to its job: retry, dead, snooze, cancel or success. Embedded runs
 * ({@code RunOutcomes}), remote workers ({@code RemoteWorker}, client side) and the server's side of them
 * ({@code RemoteRuns}) all go through it, so a handler's outcome means the same wherever the handler runs.
 *
 * <p>Two steps, because they happen in different processes for a remote worker: {@link #verdict} reads how the
 * handler ended — it needs the exception and the job type's policies, so it runs where the handler ran — and
 * {@link #transition} applies the job's attempt budget, which the store knows.
 */
public final class OutcomePolicy {
    private static final int STACK_LINES = 12;

    private OutcomePolicy() {}

    /** How a run ended, before the attempt budget is applied. */
    public sealed interface Verdict {
        /** Done, with an optional JSON result. */
        record Succeed(String resultJson) implements Verdict {}

        /**
         * Failed: retried while attempts are left, after {@code delay} when given, else after {@code backoff} (null:
         * the backoff of the place that applies the budget); DEAD on the last attempt.
         */
        record Fail(Outcome outcome, String message, String errorType, String stackTrace, Duration delay, Backoff backoff)
                implements Verdict {
            /** The wait before the retry after the {@code attemptsUsed}-th attempt failed. */
            public Duration waitAfter(int attemptsUsed, Backoff fallback, DoubleSupplier random) {
                if (delay != null) return delay;
                return (backoff != null ? backoff : fallback).delay(Math.max(attemptsUsed, 1), random);
            }
        }

        /** Failed for good (a discard, or a permanent-failure exception type): DEAD at once, whatever attempts are left. */
        record Discard(String message, String errorType, String stackTrace) implements Verdict {}

        /** Not now: runs again after {@code delay} without using an attempt. */
        record Snooze(Duration delay, String message) implements Verdict {}

        /** The job must not run any more: CANCELLED. */
        record Cancel(String reason) implements Verdict {}
    }

    /**
     * The state a run's end leads to.
     *
     * @param runAfter how long from now the job runs again; null when {@code state} is final
     * @param snoozed  the attempt does not count
     */
    public record Transition(JobState state, Duration runAfter, boolean snoozed, Outcome outcome, String result,
                             String message, String errorType, String stackTrace) {}

    /**
     * How a handler ended: its {@code outcome}, or the {@code error} it threw (then the outcome is ignored), judged by
     * {@code type}'s permanent-failure types and backoffs ({@code type} null: no policies of its own).
     */
    public static Verdict verdict(JobOutcome outcome, Throwable error, JobType type) {
        if (error instanceof SnoozeException s) { // an upstream said "later": wait, use no attempt
            return new Verdict.Snooze(s.delay(), s.getMessage());
        }
        if (error != null) {
            String msg = error.getMessage() != null ? error.getMessage() : error.toString();
            String stack = stackHead(error);
            String errorType = error.getClass().getName();
            if (type != null && type.isPermanent(error)) return new Verdict.Discard(msg, errorType, stack);
            return new Verdict.Fail(Outcome.FAILED, msg, errorType, stack, null, type == null ? null : type.backoffFor(error));
        }
        Backoff backoff = type == null ? null : type.backoff();
        return switch (outcome) {
            case JobOutcome.Success s -> new Verdict.Succeed(s.resultJson());
            case JobOutcome.Retry r -> new Verdict.Fail(Outcome.FAILED, r.error(), null, null, r.delay(), backoff);
            case JobOutcome.Snooze s -> new Verdict.Snooze(s.delay(), null);
            case JobOutcome.Discard d -> new Verdict.Discard(d.reason(), null, null);
            case JobOutcome.Cancel c -> new Verdict.Cancel(c.reason());
            case null -> new Verdict.Fail(Outcome.FAILED, "handler returned null instead of a JobOutcome", null, null, null, backoff);
        };
    }

    /**
     * What {@code verdict} does to {@code job} (as claimed for the run that ended), given its attempt budget;
     * {@code fallback} is the backoff when the verdict names none.
     */
    public static Transition transition(Verdict verdict, Job job, Backoff fallback, DoubleSupplier random) {
        return switch (verdict) {
            case Verdict.Succeed s -> end(JobState.SUCCEEDED, Outcome.SUCCEEDED, s.resultJson(), null, null, null);
            case Verdict.Discard d -> end(JobState.DEAD, Outcome.DISCARDED, null, d.message(), d.errorType(), d.stackTrace());
            case Verdict.Cancel c -> end(JobState.CANCELLED, Outcome.CANCELLED, null, c.reason(), null, null);
            case Verdict.Snooze s -> new Transition(s.delay().isZero() ? JobState.AVAILABLE : JobState.SCHEDULED, s.delay(), true,
                    Outcome.SNOOZED, null, "snoozed for " + TimeBounds.format(s.delay()) + (s.message() == null ? "" : ": " + s.message()),
                    null, null);
            case Verdict.Fail f -> {
                if (job.attempt() >= job.maxAttempts()) { // the last attempt of its budget
                    yield end(JobState.DEAD, f.outcome(), null, f.message(), f.errorType(), f.stackTrace());
                }
                Duration wait = f.waitAfter(job.attemptsUsed(), fallback, random); // snoozes do not grow it
                yield new Transition(wait.isZero() ? JobState.AVAILABLE : JobState.RETRYING, wait, false, f.outcome(), null,
                        f.message(), f.errorType(), f.stackTrace());
            }
        };
    }

    private static Transition end(JobState state, Outcome outcome, String result, String msg, String errorType, String stack) {
        return new Transition(state, null, false, outcome, result, msg, errorType, stack);
    }

    /** The first lines of {@code t}'s stack trace, as stored with the attempt. */
    public static String stackHead(Throwable t) {
        StringWriter sw = new StringWriter();
        t.printStackTrace(new PrintWriter(sw));
        String[] lines = sw.toString().split("\\R", STACK_LINES + 1);
        return String.join("\n", Arrays.asList(lines).subList(0, Math.min(lines.length, STACK_LINES)));
    }
}
