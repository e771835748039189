package io.jobvault.schedule;

/** What a fire does when the jobs of the schedule's previous fire are still unfinished. */
public enum OverlapPolicy {
    /** Enqueue anyway: runs may overlap. */
    ALLOW,
    /** Enqueue nothing; the fire is recorded as skipped because the previous run is still going. */
    SKIP,
    /** Cancel the previous fire's unfinished jobs, then enqueue. */
    CANCEL_PREVIOUS;

    public String apiName() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    public static OverlapPolicy fromApiName(String s) {
        return valueOf(s.toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
    }
}
