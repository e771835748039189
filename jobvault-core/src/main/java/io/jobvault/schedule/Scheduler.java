package io.jobvault.schedule;

import io.jobvault.InvalidJobRequestException;
import io.jobvault.JobRequest;
import io.jobvault.engine.CatchUp;
import io.jobvault.engine.Every;
import io.jobvault.engine.MaintenanceTask;
import io.jobvault.json.Json;
import io.jobvault.store.FireJob;
import io.jobvault.store.FireJobState;
import io.jobvault.store.FireRow;
import io.jobvault.store.FireWrite;
import io.jobvault.store.JobInsert;
import io.jobvault.store.ScheduleRow;
import io.jobvault.store.ScheduleStore;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns due fires into jobs, on the maintenance leader. Fires are computed from each schedule's stored next fire, never
 * from a node's memory, and every step is one transaction guarded by a compare-and-set of that next fire plus the
 * unique (schedule, fire time, kind) key — so each fire enqueues its jobs exactly once whichever node runs it, however
 * often nodes restart. Fires later than the misfire threshold follow the schedule's misfire policy and are recorded
 * either way; fires past their deadline are settled as completed or overdue (with an optional backup run).
 */
public final class Scheduler implements MaintenanceTask {
    private static final Logger log = LoggerFactory.getLogger(Scheduler.class);
    /** A schedule with no further fires (a cron that cannot match again) waits here. */
    static final Instant NEVER = Instant.parse("9999-01-01T00:00:00Z");
    private static final int MAX_FIRES_PER_STEP = 1000;
    private static final int MAX_JOBS_PER_STEP = 50_000;
    /** A tick steps schedules until this many jobs are enqueued; the other due schedules follow on the next tick. */
    private static final int MAX_JOBS_PER_TICK = MAX_JOBS_PER_STEP;
    /** Audit entries (triggers, schedule and job changes) are kept a year, then pruned with the fire history. */
    static final Duration AUDIT_RETENTION = Duration.ofDays(365);
    private static final int PRUNE_BATCH = 1000;
    /** As often as the pruner looks at jobs: fire history with a short retention must not pile up for an hour. */
    private static final Duration PRUNE_INTERVAL = Duration.ofMinutes(1);

    private final ScheduleStore store;
    private final Function<JobRequest, JobInsert> toInsert;
    private final Consumer<UUID> cancel;
    private final Consumer<Set<String>> wake;
    private final ScheduleListener listener;
    private final Duration misfireThreshold;
    private final Duration fireRetention;
    private final Every every;
    private final Every pruneEvery = new Every(PRUNE_INTERVAL);

    /**
     * @param toInsert         resolves a request's defaults as a submit would
     * @param cancel           cancels a job (overlap policy cancel-previous)
     * @param wake             tells local workers that queues got jobs
     * @param misfireThreshold a fire handled later than this after its time counts as missed
     */
    public Scheduler(ScheduleStore store, Function<JobRequest, JobInsert> toInsert, Consumer<UUID> cancel,
                     Consumer<Set<String>> wake, ScheduleListener listener, Duration interval, Duration misfireThreshold,
                     Duration fireRetention) {
        this.store = store;
        this.toInsert = toInsert;
        this.cancel = cancel;
        this.wake = wake;
        this.listener = listener;
        this.misfireThreshold = misfireThreshold;
        this.fireRetention = fireRetention;
        this.every = new Every(interval);
    }

    @Override
    public void tick(Instant now) {
        if (!every.due(now)) return;
        int enqueued = 0;
        for (ScheduleRow row : store.schedulesDue(now, 100)) {
            if (enqueued >= MAX_JOBS_PER_TICK) {
                every.soon(); // bounded work per tick: the rest at once on the next one
                break;
            }
            try {
                enqueued += step(row, now);
            } catch (RuntimeException e) {
                // only the definition decides "invalid": the same exception types thrown elsewhere (a wake-up, the
                // store, a listener) are passing failures, retried on the next tick
                RuntimeException invalid = invalidity(row, now);
                if (invalid != null) {
                    setAside(row, invalid, now);
                } else {
                    log.warn("schedule {}: cannot record its due fires yet: {}", row.id(), e.toString());
                }
            }
        }
        settleKeys(now);
        settleDeadlines(now);
        if (pruneEvery.due(now)) prune(now);
    }

    /**
     * Deletes fires and audit entries past their retention, batch by batch until caught up or the pass's budget is
     * spent; a pass cut short goes on at the next tick, so neither grows without bound however many keys fire.
     */
    private void prune(Instant now) {
        CatchUp fires = CatchUp.run(() -> store.firesPrune(now.minus(fireRetention), PRUNE_BATCH), PRUNE_BATCH,
                CatchUp.PASS_BUDGET);
        if (fires.done() > 0) log.info("pruned {} schedule fires older than {}", fires.done(), fireRetention);
        CatchUp audits = CatchUp.run(() -> store.auditPrune(now.minus(AUDIT_RETENTION), PRUNE_BATCH), PRUNE_BATCH,
                CatchUp.PASS_BUDGET);
        if (audits.done() > 0) log.info("pruned {} audit entries older than {}", audits.done(), AUDIT_RETENTION);
        if (!fires.caughtUp() || !audits.caughtUp()) pruneEvery.soon();
    }

    /**
     * A schedule whose stored definition cannot produce jobs would fail on every tick and hold one of the tick's due
     * slots: it is paused instead (durably, so every node stops trying), logged and alerted once. Putting a corrected
     * definition and resuming brings it back; its missed fires then follow its misfire policy.
     */
    private void setAside(ScheduleRow row, RuntimeException problem, Instant now) {
        if (!store.scheduleSetPaused(row.id(), true, now)) return; // deleted meanwhile
        log.warn("schedule {}: paused, its definition cannot run: {}. PUT a corrected definition, then resume it",
                row.id(), problem.getMessage());
        listener.definitionInvalid(row.id(), problem.getMessage());
    }

    /**
     * Why the stored definition cannot produce jobs, or null when it can: reads it, computes its next fire and builds
     * that fire's jobs, as {@link #step} does, without writing anything.
     */
    private RuntimeException invalidity(ScheduleRow row, Instant now) {
        try {
            Schedule s = Schedules.read(row);
            Instant fireAt = row.nextFireAt() == null ? now : row.nextFireAt();
            s.timing().nextAfter(fireAt, s.zone());
            jobsOf(s, fireAt, "scheduled", s.keys().isEmpty() ? List.of("") : s.keys(), null);
            return null;
        } catch (UnreadableScheduleException | InvalidJobRequestException | IllegalArgumentException
                 | ArithmeticException | DateTimeException e) {
            return e;
        } catch (RuntimeException e) {
            return null; // not the definition's fault: left to the retry
        }
    }

    /** One schedule's due fires, up to a bounded number; the rest follow on the next tick. Returns the jobs enqueued. */
    int step(ScheduleRow row, Instant now) {
        Schedule s = Schedules.read(row);
        int jobsPerFire = Math.max(1, s.keys().size());
        List<Instant> due = new ArrayList<>();
        Instant cursor = row.nextFireAt();
        while (cursor != null && !cursor.isAfter(now) && due.size() < MAX_FIRES_PER_STEP) {
            due.add(cursor);
            cursor = s.timing().nextAfter(cursor, s.zone()).orElse(null);
        }
        boolean caughtUp = cursor == null || cursor.isAfter(now);
        Instant lateBefore = now.minus(misfireThreshold);
        List<FireRow> fires = new ArrayList<>();
        List<Instant> runs = new ArrayList<>();
        List<String> runKinds = new ArrayList<>();
        List<Instant> coalesced = new ArrayList<>();
        for (Instant f : due) {
            boolean late = f.isBefore(lateBefore);
            if (!late) {
                runs.add(f);
                runKinds.add("scheduled");
            } else if (s.misfire() == MisfirePolicy.CATCH_UP && !f.isBefore(now.minus(s.catchUpWindow()))) {
                runs.add(f);
                runKinds.add("catch-up");
            } else if (s.misfire() == MisfirePolicy.RUN_ONCE) {
                coalesced.add(f);
            } else {
                fires.add(missed(s, f, now, s.misfire() == MisfirePolicy.CATCH_UP
                        ? "older than the catch-up window of " + s.catchUpWindow() : "skipped (misfire policy skip)"));
            }
            if ((long) runs.size() * jobsPerFire >= MAX_JOBS_PER_STEP) {
                cursor = s.timing().nextAfter(f, s.zone()).orElse(null); // the rest on the next tick
                caughtUp = false;
                break;
            }
        }
        if (!coalesced.isEmpty()) {
            Instant one = runs.isEmpty() && caughtUp ? coalesced.removeLast() : null;
            String into = one != null ? one.toString() : runs.isEmpty() ? "a later run" : runs.getLast().toString();
            for (Instant f : coalesced) fires.add(missed(s, f, now, "coalesced into the run for " + into + " (misfire policy run-once)"));
            if (one != null) {
                runs.add(one);
                runKinds.add("catch-up");
            }
        }
        List<FireJob> jobs = new ArrayList<>();
        String overlapReason = runs.isEmpty() ? null : overlap(s, row);
        for (int i = 0; i < runs.size(); i++) {
            Instant f = runs.get(i);
            if (overlapReason != null) {
                fires.add(new FireRow(s.id(), f, runKinds.get(i), "skipped", overlapReason, keysJson(s.keys()), null, null, null, now, null));
                continue;
            }
            // the deadline counts from now, when the jobs are enqueued: a catch-up is not overdue the moment it starts
            fires.add(new FireRow(s.id(), f, runKinds.get(i), firstStatus(s), runKinds.get(i).equals("catch-up")
                    ? "late: enqueued at " + now + " (misfire policy " + s.misfire().apiName() + ")" : null,
                    keysJson(s.keys()), s.deadline() == null ? null : now.plus(s.deadline()), null, null, now, null));
            jobs.addAll(jobsOf(s, f, runKinds.get(i), s.keys().isEmpty() ? List.of("") : s.keys(), null));
        }
        Instant lastRun = overlapReason != null || runs.isEmpty() ? null : runs.getLast();
        Instant next = cursor == null ? NEVER : cursor;
        // overlap skips run fires all together or none: count the skips in a row (schedule.skipped alerts past the limit)
        Integer skippedInRow = runs.isEmpty() ? null : overlapReason != null ? row.skippedInRow() + runs.size() : 0;
        if (!store.scheduleFire(new FireWrite(s.id(), row.nextFireAt(), next, lastRun, fires, jobs, null, skippedInRow, null), now)) {
            return 0;
        }
        if (overlapReason != null) {
            log.warn("schedule {}: {} fire(s) skipped ({} in a row, {} allowed): {}", s.id(), runs.size(), skippedInRow,
                    s.maxSkipsInARow(), overlapReason);
        }
        if (!jobs.isEmpty()) wake.accept(queuesOf(jobs));
        if (!fires.isEmpty()) listener.fired(s.id(), fires);
        List<FireRow> late = fires.stream().filter(f -> f.fireAt().isBefore(lateBefore))
                .sorted(Comparator.comparing(FireRow::fireAt)).toList();
        if (!late.isEmpty()) {
            log.warn("schedule {}: {}", s.id(), LateFires.describe(late, s.misfire()));
            listener.firesMissed(s.id(), s.misfire(), late);
        }
        return jobs.size();
    }

    /** Null when runs may go ahead; otherwise why they are skipped. Cancels the previous run for cancel-previous. */
    private String overlap(Schedule s, ScheduleRow row) {
        if (s.overlap() == OverlapPolicy.ALLOW || row.lastFireAt() == null) return null;
        List<UUID> unfinished = new ArrayList<>();
        Set<String> kinds = new TreeSet<>();
        for (FireJobState j : store.fireJobs(s.id(), row.lastFireAt())) {
            if (j.state() != null && !j.state().isTerminal()) {
                unfinished.add(j.jobId());
                kinds.add(j.kind());
            }
        }
        if (unfinished.isEmpty()) return null;
        if (s.overlap() == OverlapPolicy.SKIP) {
            return "the " + String.join(" and ", kinds) + " run of " + row.lastFireAt() + " is still going (" + unfinished.size()
                    + " unfinished jobs; overlap policy skip)";
        }
        for (UUID id : unfinished) {
            try {
                cancel.accept(id);
            } catch (RuntimeException e) {
                log.debug("schedule {}: job {} of the previous run ended before it could be cancelled: {}", s.id(), id, e.toString());
            }
        }
        log.info("schedule {}: cancelled {} unfinished jobs of the run of {} (overlap policy cancel-previous)", s.id(),
                unfinished.size(), row.lastFireAt());
        return null;
    }

    /** A fire's status when its jobs are first enqueued: a key-source schedule's fire waits for its keys. */
    static String firstStatus(Schedule s) {
        return s.keySource() != null ? "awaiting-keys" : "enqueued";
    }

    /** Fires whose key-source job ended: enqueue one job per key it named, once; or say why there are none. */
    private void settleKeys(Instant now) {
        for (FireRow f : store.firesAwaitingKeys(100)) {
            try {
                settleKeys(f, now);
            } catch (RuntimeException e) {
                log.warn("schedule {}: cannot settle the keys of the fire at {}: {}", f.scheduleId(), f.fireAt(), e.toString());
            }
        }
    }

    private void settleKeys(FireRow f, Instant now) {
        FireJobState source = null;
        for (FireJobState j : store.fireJobs(f.scheduleId(), f.fireAt())) {
            if (j.kind().equals(f.kind()) && j.key().isEmpty()) source = j;
        }
        if (source != null && source.state() != null && !source.state().isTerminal()) return; // still naming them
        Schedule s = store.scheduleGet(f.scheduleId()).flatMap(Schedules::readable).orElse(null); // invalid: as if gone
        String failed = null;
        List<String> keys = null;
        if (s == null || s.keySource() == null) {
            failed = "the schedule no longer has a key source";
        } else if (source == null || source.state() != io.jobvault.JobState.SUCCEEDED) {
            failed = "the key-source job " + (source == null ? "is missing" : source.jobId() + " ended "
                    + (source.state() == null ? "and was pruned" : source.state().name()));
        } else {
            try {
                keys = ScheduleJobs.keysOf(source.result());
            } catch (IllegalArgumentException e) {
                failed = "the key-source job " + source.jobId() + " succeeded but " + e.getMessage();
            }
        }
        if (failed != null) {
            // the fire stays a single run that failed: coverage shows it, its deadline alerts and may re-run the source
            if (store.fireSetKeys(f, "enqueued", null, "no keys: " + failed, List.of(), now)) {
                log.warn("schedule {}: the fire at {} has no keys: {}", f.scheduleId(), f.fireAt(), failed);
            }
            return;
        }
        List<FireJob> jobs = keys.isEmpty() ? List.of() : jobsOf(s, f.fireAt(), f.kind(), keys, null);
        if (store.fireSetKeys(f, "enqueued", keys.isEmpty() ? "[]" : keysJson(keys), null, jobs, now) && !jobs.isEmpty()) {
            wake.accept(queuesOf(jobs));
        }
    }

    private void settleDeadlines(Instant now) {
        for (FireRow f : store.firesPastDeadline(now, 100)) {
            try {
                settle(f, now);
            } catch (RuntimeException e) {
                log.warn("schedule {}: cannot settle the deadline of the fire at {}: {}", f.scheduleId(), f.fireAt(), e.toString());
            }
        }
    }

    private void settle(FireRow f, Instant now) {
        FireCoverage coverage = FireCoverage.of(f, store.fireJobs(f.scheduleId(), f.fireAt()));
        boolean met = coverage.complete();
        if (!store.fireSettleDeadline(f.scheduleId(), f.fireAt(), f.kind(), met, now) || met) return;
        Schedule s = store.scheduleGet(f.scheduleId()).flatMap(Schedules::readable).orElse(null); // invalid: as if gone
        boolean backup = false;
        if (s != null && s.rerunWhenOverdue() && !f.kind().equals("backup")) {
            List<String> keys = new ArrayList<>(coverage.failed());
            keys.addAll(coverage.neverRan());
            keys.addAll(coverage.expired());
            keys.addAll(coverage.running()); // stuck or slow: a fresh run beside it
            List<String> fanOut = keys.stream().filter(k -> !k.isEmpty()).toList();
            boolean single = f.keys() == null; // one job, or a key source that named no keys: run that again
            FireRow row = new FireRow(s.id(), f.fireAt(), "backup", single ? firstStatus(s) : "enqueued", "the fire at " + f.fireAt()
                    + " was overdue: " + coverage.succeeded().size() + " of " + coverage.expected() + " keys had succeeded",
                    single ? null : keysJson(fanOut), s.deadline() == null ? null : now.plus(s.deadline()), null, null, now, null);
            List<FireJob> jobs = jobsOf(s, f.fireAt(), "backup", single ? List.of("") : fanOut, null);
            backup = store.scheduleFire(new FireWrite(s.id(), null, null, null, List.of(row), jobs, null, null, null), now);
            if (backup) {
                wake.accept(queuesOf(jobs));
                listener.fired(s.id(), List.of(row));
            }
        }
        log.warn("schedule {}: the fire at {} is overdue: {} of {} keys succeeded, {} running, {} failed, {} never ran{}",
                f.scheduleId(), f.fireAt(), coverage.succeeded().size(), coverage.expected(), coverage.running().size(),
                coverage.failed().size(), coverage.neverRan().size(), backup ? "; a backup run was enqueued" : "");
        listener.fireOverdue(coverage, backup);
    }

    /** The jobs of one run of a fire. */
    List<FireJob> jobsOf(Schedule s, Instant fireAt, String kind, List<String> keys, Instant runAt) {
        List<FireJob> jobs = new ArrayList<>(keys.size());
        if (s.keySource() != null && keys.equals(List.of(""))) {
            JobRequest source = ScheduleJobs.sourceRequest(s.id(), s.job(), s.keySource(), fireAt, runAt);
            return List.of(new FireJob(toInsert.apply(source), fireAt, kind, ""));
        }
        List<JobRequest> requests = ScheduleJobs.requests(s.id(), s.job(), keys, fireAt, runAt);
        for (int i = 0; i < keys.size(); i++) jobs.add(new FireJob(toInsert.apply(requests.get(i)), fireAt, kind, keys.get(i)));
        return jobs;
    }

    private static FireRow missed(Schedule s, Instant f, Instant now, String reason) {
        return new FireRow(s.id(), f, "scheduled", "missed", reason, keysJson(s.keys()), null, null, null, now, null);
    }

    static String keysJson(List<String> keys) {
        return keys.isEmpty() ? null : Json.write(keys);
    }

    private static Set<String> queuesOf(List<FireJob> jobs) {
        Set<String> queues = new TreeSet<>();
        for (FireJob j : jobs) queues.add(j.job().queue());
        return queues;
    }
}
