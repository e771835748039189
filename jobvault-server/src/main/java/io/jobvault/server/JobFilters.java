package io.jobvault.server;

import io.jobvault.JobFilter;
import io.jobvault.JobState;
import io.jobvault.TimeBounds;
import io.jobvault.server.auth.Caller;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * The job filter of {@code GET /v1/jobs} (query parameters) and of {@code POST /v1/jobs/bulk} (its {@code filter}
 * object): the same names, read one way. Every problem is collected, so one answer names them all.
 */
final class JobFilters {
    static final Set<String> NAMES = Set.of("state", "queue", "type", "tenant", "label", "createdFrom", "createdTo",
            "finishedFrom", "finishedTo", "id");

    private JobFilters() {}

    /**
     * Reads the filter's fields through {@code field} (null: absent); problems go to {@code errors}, and the filter is
     * then not to be used.
     */
    static JobFilter read(Function<String, String> field, List<String> errors) {
        JobFilter f = JobFilter.ALL;
        String state = field.apply("state");
        if (state != null) {
            try {
                f = f.withState(JobState.fromDbName(state));
            } catch (IllegalArgumentException e) {
                errors.add("state: one of scheduled, available, running, retrying, succeeded, dead, cancelled, was '"
                        + ApiIds.abbreviate(state) + "'");
            }
        }
        if (field.apply("queue") != null) f = f.withQueue(field.apply("queue"));
        if (field.apply("type") != null) f = f.withType(field.apply("type"));
        if (field.apply("tenant") != null) f = f.withTenant(field.apply("tenant"));
        String label = field.apply("label");
        if (label != null) {
            try {
                f = f.withLabel(JobFilter.Label.parse(label));
            } catch (IllegalArgumentException e) {
                errors.add("label: key=value, was '" + ApiIds.abbreviate(label) + "'");
            }
        }
        Instant createdFrom = instant(field, "createdFrom", errors);
        Instant createdTo = instant(field, "createdTo", errors);
        Instant finishedFrom = instant(field, "finishedFrom", errors);
        Instant finishedTo = instant(field, "finishedTo", errors);
        if (createdFrom != null && createdTo != null && !createdFrom.isBefore(createdTo)) errors.add("createdFrom: must be before createdTo");
        if (finishedFrom != null && finishedTo != null && !finishedFrom.isBefore(finishedTo)) errors.add("finishedFrom: must be before finishedTo");
        f = f.withCreated(createdFrom, createdTo).withFinished(finishedFrom, finishedTo);
        String id = field.apply("id");
        if (id != null) {
            try {
                if (id.length() != 36) throw new IllegalArgumentException();
                f = f.withId(UUID.fromString(id));
            } catch (IllegalArgumentException e) {
                errors.add("id: a job id (UUID), was '" + ApiIds.abbreviate(id) + "'");
            }
        }
        return f;
    }

    private static Instant instant(Function<String, String> field, String name, List<String> errors) {
        String text = field.apply(name);
        if (text == null) return null;
        try {
            return TimeBounds.instant(name, text);
        } catch (IllegalArgumentException e) {
            errors.add(e.getMessage());
            return null;
        }
    }

    /**
     * The filter narrowed to what the caller may see: a tenant-bound caller's own tenant. Null when the filter names
     * another tenant, whose jobs do not exist for this caller (nothing matches).
     */
    static JobFilter forCaller(JobFilter f, Caller caller) {
        if (caller.tenant() == null) return f;
        if (f.tenant() != null && !f.tenant().equals(caller.tenant())) return null;
        return f.withTenant(caller.tenant());
    }

    /** Problems of a query's filter: 400, naming each. */
    static ProblemException badQuery(List<String> errors) {
        return Problem.of(400, "bad-parameter", "Bad query parameter", String.join("; ", errors),
                "fix the query parameters as the errors say").withErrors(new ArrayList<>(errors)).exception();
    }
}
