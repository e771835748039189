package io.jobvault;

/** Narrows {@link Jobvault#list}. Null fields match everything. */
public record JobFilter(JobState state, String queue, String type, String tenant) {
    public static final JobFilter ALL = new JobFilter(null, null, null, null);

    public JobFilter withState(JobState s) {
        return new JobFilter(s, queue, type, tenant);
    }

    public JobFilter withQueue(String q) {
        return new JobFilter(state, q, type, tenant);
    }

    public JobFilter withType(String t) {
        return new JobFilter(state, queue, t, tenant);
    }

    public JobFilter withTenant(String t) {
        return new JobFilter(state, queue, type, t);
    }
}
