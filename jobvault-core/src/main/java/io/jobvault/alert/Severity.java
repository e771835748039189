package io.jobvault.alert;

/** How urgent an alert is. */
public enum Severity {
    /** Someone should act now: a schedule missed a fire, the store is unreachable. */
    CRITICAL,
    /** Something is wrong and may need action: dead jobs, a high failure rate, a slow queue, stuck jobs. */
    WARNING,
    /** Worth knowing. */
    INFO
}
