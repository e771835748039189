package io.jobvault.schedule;

/**
 * What happens to fires that were due while no node ran the schedule (every node down, or the schedule paused). Every
 * missed fire is recorded whichever the policy, so an operator sees exactly what did not run.
 */
public enum MisfirePolicy {
    /** Enqueue every missed fire within the catch-up window, oldest first; older ones are recorded missed. */
    CATCH_UP,
    /** Enqueue one run for all of them (the latest fire); the others are recorded missed. */
    RUN_ONCE,
    /** Enqueue nothing for them; all are recorded missed. The next on-time fire runs as usual. */
    SKIP;

    public String apiName() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    public static MisfirePolicy fromApiName(String s) {
        return valueOf(s.toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
    }
}
