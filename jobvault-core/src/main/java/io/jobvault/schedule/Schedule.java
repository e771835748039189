package io.jobvault.schedule;

import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A schedule's definition: when it fires, what it enqueues, and what happens when fires are missed, overlap or run
 * late. Build one with {@link #builder(String, Timing, JobTemplate)}; {@link Builder#build()} validates.
 *
 * @param keys         fan-out: one job per key on each fire (empty: one job per fire)
 * @param catchUpWindow with {@link MisfirePolicy#CATCH_UP}, how far back missed fires are still enqueued
 * @param deadline     when a fire's jobs have not all succeeded this long after they were enqueued (a catch-up: when it
 *                     ran late; a delayed manual trigger: when its run is due), the fire is overdue (null: never)
 * @param rerunWhenOverdue enqueue a fresh run of the keys that did not succeed when the fire becomes overdue
 * @param keySource    fan-out from a job: each fire first runs one job of this type, whose result (a JSON array of
 *                     keys, or an object with a {@code "keys"} array) names the keys; then one job per key is enqueued.
 *                     Null: the stored {@code keys}, if any
 * @param maxSkipsInARow how many scheduled fires in a row the overlap policy may skip before {@code schedule.skipped}
 *                     is raised (default 1: a second skip in a row alerts); it resolves when a fire runs
 */
public record Schedule(
        String id,
        Timing timing,
        ZoneId zone,
        JobTemplate job,
        MisfirePolicy misfire,
        Duration catchUpWindow,
        OverlapPolicy overlap,
        Duration deadline,
        boolean rerunWhenOverdue,
        List<String> keys,
        String keySource,
        int maxSkipsInARow) {
    public static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");
    public static final int MAX_KEYS = 100_000;
    public static final int MAX_SKIPS_IN_A_ROW = 10_000;
    static final Pattern KEY = Pattern.compile("[^\\p{Cntrl}]{1,200}");

    public Schedule {
        keys = List.copyOf(keys);
    }

    public static Builder builder(String id, Timing timing, JobTemplate job) {
        return new Builder(id, timing, job);
    }

    public Builder toBuilder() {
        return new Builder(id, timing, job).zone(zone).misfire(misfire).catchUpWindow(catchUpWindow).overlap(overlap)
                .deadline(deadline).rerunWhenOverdue(rerunWhenOverdue).keys(keys).keySource(keySource)
                .maxSkipsInARow(maxSkipsInARow);
    }

    public static final class Builder {
        private final String id;
        private final Timing timing;
        private final JobTemplate job;
        private ZoneId zone = ZoneOffset.UTC;
        private MisfirePolicy misfire = MisfirePolicy.RUN_ONCE;
        private Duration catchUpWindow = Duration.ofDays(1);
        private OverlapPolicy overlap = OverlapPolicy.ALLOW;
        private Duration deadline;
        private boolean rerunWhenOverdue;
        private List<String> keys = List.of();
        private String keySource;
        private int maxSkipsInARow = 1;

        private Builder(String id, Timing timing, JobTemplate job) {
            this.id = id;
            this.timing = timing;
            this.job = job;
        }

        public Builder zone(ZoneId zone) {
            this.zone = zone;
            return this;
        }

        public Builder misfire(MisfirePolicy policy) {
            this.misfire = policy;
            return this;
        }

        public Builder catchUpWindow(Duration window) {
            this.catchUpWindow = window;
            return this;
        }

        public Builder overlap(OverlapPolicy policy) {
            this.overlap = policy;
            return this;
        }

        public Builder deadline(Duration deadline) {
            this.deadline = deadline;
            return this;
        }

        public Builder rerunWhenOverdue(boolean rerun) {
            this.rerunWhenOverdue = rerun;
            return this;
        }

        public Builder keys(List<String> keys) {
            this.keys = keys == null ? List.of() : keys;
            return this;
        }

        /** Fan-out keys come from a job of {@code type} run at each fire (see {@link Schedule#keySource()}). */
        public Builder keySource(String type) {
            this.keySource = type;
            return this;
        }

        /** Scheduled fires the overlap policy may skip in a row before {@code schedule.skipped} is raised (default 1). */
        public Builder maxSkipsInARow(int n) {
            this.maxSkipsInARow = n;
            return this;
        }

        /** @throws IllegalArgumentException naming every problem */
        public Schedule build() {
            List<String> problems = new ArrayList<>();
            if (id == null || !ID.matcher(id).matches()) problems.add("id must match " + ID.pattern() + ", was " + abbreviate(id));
            if (timing == null) problems.add("a cron expression or an interval is required");
            if (zone == null) problems.add("zone is required");
            if (job == null) problems.add("job is required");
            if (misfire == null) problems.add("misfire policy is required");
            if (overlap == null) problems.add("overlap policy is required");
            if (catchUpWindow == null || catchUpWindow.isNegative() || catchUpWindow.compareTo(Duration.ofDays(366)) > 0) {
                problems.add("catchUpWindow must be within 0 .. 366 days, was " + catchUpWindow);
            }
            if (deadline != null && (deadline.isNegative() || deadline.isZero() || deadline.compareTo(Duration.ofDays(366)) > 0)) {
                problems.add("deadline must be within 1 ms .. 366 days, was " + deadline);
            }
            if (maxSkipsInARow < 0 || maxSkipsInARow > MAX_SKIPS_IN_A_ROW) {
                problems.add("maxSkipsInARow must be within 0 .. " + MAX_SKIPS_IN_A_ROW + ", was " + maxSkipsInARow);
            }
            if (rerunWhenOverdue && deadline == null) problems.add("rerunWhenOverdue needs a deadline");
            if (keys.size() > MAX_KEYS) problems.add("at most " + MAX_KEYS + " keys, had " + keys.size());
            if (new LinkedHashSet<>(keys).size() != keys.size()) problems.add("keys must be distinct");
            for (String k : keys) {
                if (k == null || !KEY.matcher(k).matches()) {
                    problems.add("key must be 1..200 characters without control characters, was " + abbreviate(k));
                    break;
                }
            }
            if (keySource != null && !keys.isEmpty()) problems.add("keys / keySource: give one of them, not both");
            if (keySource != null && !io.jobvault.JobType.isValidName(keySource)) {
                problems.add("keySource must be a job type name, was " + abbreviate(keySource));
            }
            if (job != null) {
                try {
                    ScheduleJobs.probe(job, !keys.isEmpty() || keySource != null);
                } catch (IllegalArgumentException | io.jobvault.InvalidJobRequestException e) {
                    problems.add("job: " + e.getMessage());
                }
            }
            if (!problems.isEmpty()) throw new IllegalArgumentException(String.join("; ", problems));
            return new Schedule(id, timing, zone, job, misfire, catchUpWindow, overlap, deadline, rerunWhenOverdue, keys, keySource,
                    maxSkipsInARow);
        }

        private static String abbreviate(String s) {
            return s == null ? "null" : s.length() > 40 ? s.substring(0, 40) + "…" : s;
        }
    }
}
