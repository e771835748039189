package io.jobvault;

import java.time.Instant;
import java.util.UUID;

/**
 * Narrows {@link Jobvault#list} and bulk actions. Null fields match everything; ranges include their start and exclude
 * their end. Every filter is served from an index: created ranges by the time-ordered id itself, labels by the label
 * index, finished ranges by the finished-at index.
 *
 * @param label        a job with this label (key and value)
 * @param createdFrom  created at or after (a job's creation time is the time in its UUIDv7 id)
 * @param createdTo    created before
 * @param finishedFrom finished at or after (unfinished jobs never match a finished range)
 * @param finishedTo   finished before
 * @param id           that one job
 */
public record JobFilter(JobState state, String queue, String type, String tenant, Label label, Instant createdFrom,
        Instant createdTo, Instant finishedFrom, Instant finishedTo, UUID id) {
    public static final JobFilter ALL = new JobFilter(null, null, null, null);

    /** One label, as given at submit: {@code key=value}. */
    public record Label(String key, String value) {
        public Label {
            if (key == null || key.isEmpty() || value == null) throw new IllegalArgumentException("a label filter needs a key and a value");
            // written and read back as key=value (a stored bulk operation's filter), so the key cannot hold '='
            if (key.indexOf('=') >= 0) throw new IllegalArgumentException("a label filter's key cannot contain '=': " + key);
        }

        /** Parses {@code key=value} (the value may be empty and may contain '='). */
        public static Label parse(String keyEqualsValue) {
            int eq = keyEqualsValue.indexOf('=');
            if (eq <= 0) throw new IllegalArgumentException("a label filter is key=value: " + keyEqualsValue);
            return new Label(keyEqualsValue.substring(0, eq), keyEqualsValue.substring(eq + 1));
        }

        @Override
        public String toString() {
            return key + "=" + value;
        }
    }

    public JobFilter(JobState state, String queue, String type, String tenant) {
        this(state, queue, type, tenant, null, null, null, null, null, null);
    }

    public JobFilter withState(JobState s) {
        return new JobFilter(s, queue, type, tenant, label, createdFrom, createdTo, finishedFrom, finishedTo, id);
    }

    public JobFilter withQueue(String q) {
        return new JobFilter(state, q, type, tenant, label, createdFrom, createdTo, finishedFrom, finishedTo, id);
    }

    public JobFilter withType(String t) {
        return new JobFilter(state, queue, t, tenant, label, createdFrom, createdTo, finishedFrom, finishedTo, id);
    }

    public JobFilter withTenant(String t) {
        return new JobFilter(state, queue, type, t, label, createdFrom, createdTo, finishedFrom, finishedTo, id);
    }

    public JobFilter withLabel(String key, String value) {
        return new JobFilter(state, queue, type, tenant, new Label(key, value), createdFrom, createdTo, finishedFrom, finishedTo, id);
    }

    public JobFilter withLabel(Label l) {
        return new JobFilter(state, queue, type, tenant, l, createdFrom, createdTo, finishedFrom, finishedTo, id);
    }

    /** Created within {@code [from, to)}; either end may be null (open). */
    public JobFilter withCreated(Instant from, Instant to) {
        return new JobFilter(state, queue, type, tenant, label, from, to, finishedFrom, finishedTo, id);
    }

    /** Finished within {@code [from, to)}; either end may be null (open). */
    public JobFilter withFinished(Instant from, Instant to) {
        return new JobFilter(state, queue, type, tenant, label, createdFrom, createdTo, from, to, id);
    }

    public JobFilter withId(UUID i) {
        return new JobFilter(state, queue, type, tenant, label, createdFrom, createdTo, finishedFrom, finishedTo, i);
    }
}
