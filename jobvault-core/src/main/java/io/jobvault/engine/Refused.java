package io.jobvault.engine;

import io.jobvault.Attempt;
import io.jobvault.JobState;
import io.jobvault.store.JobFinish;

/**
 * What is stored when the store refuses a run's outcome (e.g. PostgreSQL and a NUL byte in an error message): the
 * run counts as failed — retried while attempts are left, like any failure — with texts the store can hold.
 */
final class Refused {
    static final int MAX_TEXT = 8_000;

    private Refused() {}

    /**
     * A run that was to succeed, or end DEAD, ends DEAD (its work may have been done: running it again could repeat
     * it; an operator can retry it); a cancelled one stays cancelled; one that was to run again still does.
     */
    static JobFinish asFailure(JobFinish f, RuntimeException refused) {
        JobState state = switch (f.newState()) {
            case CANCELLED -> JobState.CANCELLED;
            case SUCCEEDED, DEAD -> JobState.DEAD;
            default -> f.newState();
        };
        boolean again = !state.isTerminal();
        String why = "the store refused this run's outcome (" + f.outcome() + "): " + refused.getMessage()
                + (f.errorMessage() == null ? "" : "; error: " + f.errorMessage());
        return new JobFinish(f.id(), f.attempt(), f.owner(), f.startedAt(), state, again ? f.runAt() : null,
                again && f.snoozed(), state == JobState.CANCELLED ? Attempt.Outcome.CANCELLED : Attempt.Outcome.FAILED,
                null, clean(why), clean(f.errorType()), clean(f.stackTrace()), f.progressPercent(),
                clean(f.progressMessage()), f.now(), f.tenant(), f.concurrencyKey());
    }

    /** Control characters (NUL among them) out, at most {@link #MAX_TEXT} characters. */
    static String clean(String s) {
        if (s == null) return null;
        String c = s.replaceAll("[\\p{Cntrl}&&[^\\n\\t]]", "");
        return c.length() > MAX_TEXT ? c.substring(0, MAX_TEXT) + "…" : c;
    }
}
