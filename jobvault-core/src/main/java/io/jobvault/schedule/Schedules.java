package io.jobvault.schedule;

import io.jobvault.InvalidJobRequestException;
import io.jobvault.TimeBounds;
import io.jobvault.json.Json;
import io.jobvault.store.AuditEntry;
import io.jobvault.store.FireJob;
import io.jobvault.store.FireRow;
import io.jobvault.store.FireWrite;
import io.jobvault.store.ScheduleRow;
import io.jobvault.store.ScheduleStore;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Defining, inspecting and triggering schedules — the same through the Java API, the HTTP API and schedules files.
 * Any node may call these; the fires themselves are the {@link Scheduler}'s, on the leader.
 */
public final class Schedules {
    public static final String SOURCE_API = "api";
    public static final String SOURCE_FILE = "file";
    public static final String SOURCE_CODE = "code";
    /** Built into Jobvault and switched on by an option, such as the daily health report ({@code --health-report}). */
    public static final String SOURCE_BUILTIN = "builtin";
    /** Ids with this prefix are reserved for built-in schedules. */
    public static final String BUILTIN_PREFIX = "jobvault.";
    /** The longest delay a manual trigger may ask for. */
    public static final Duration MAX_TRIGGER_DELAY = Duration.ofDays(30);
    /** How many of the newest fires a trigger looks through for the latest one that missed its key. */
    public static final int RERUN_SCAN = 100;

    private final ScheduleStore store;
    private final Scheduler scheduler;
    private final Clock clock;
    private final Consumer<Set<String>> wake;

    public Schedules(ScheduleStore store, Scheduler scheduler, Clock clock, Consumer<Set<String>> wake) {
        this.store = store;
        this.scheduler = scheduler;
        this.clock = clock;
        this.wake = wake;
    }

    /**
     * Creates or replaces a schedule of {@code source} (one defined through another source is refused). Its state is kept when the timing and zone are unchanged (so re-applying the same
     * definition is a no-op); otherwise the next fire is computed afresh from now.
     */
    public ScheduleInfo put(Schedule s, String source) {
        Instant now = clock.instant();
        if (s.id().startsWith(BUILTIN_PREFIX) != source.equals(SOURCE_BUILTIN)) {
            throw new InvalidScheduleException(List.of("id: ids starting with " + BUILTIN_PREFIX
                    + " are reserved for built-in schedules (such as --health-report's), and only those, was " + s.id()));
        }
        Optional<ScheduleRow> existing = store.scheduleGet(s.id());
        if (existing.isPresent() && !existing.get().source().equals(source)) {
            throw new IllegalArgumentException("schedule " + s.id() + " is defined through the " + existing.get().source()
                    + "; change it there");
        }
        Instant next = existing.filter(r -> readable(r).filter(old -> sameTiming(old, s)).isPresent()).map(ScheduleRow::nextFireAt)
                .orElseGet(() -> s.timing().nextAfter(now, s.zone()).orElse(Scheduler.NEVER));
        String definition = ScheduleCodec.write(s);
        if (existing.isPresent() && existing.get().definition().equals(definition) && existing.get().source().equals(source)
                && existing.get().nextFireAt().equals(next)) {
            return info(existing.get());
        }
        store.scheduleUpsert(new ScheduleRow(s.id(), definition, false, next, null, source, now, now, 0));
        return get(s.id()).orElseThrow();
    }

    private static boolean sameTiming(Schedule a, Schedule b) {
        return a.timing().equals(b.timing()) && a.zone().equals(b.zone());
    }

    /**
     * Makes the schedules of {@code source} exactly {@code wanted}: puts each (a no-op when unchanged) and deletes the
     * source's schedules that are no longer wanted. Schedules of other sources are untouched, but a wanted id that
     * another source defines is refused.
     */
    public void sync(String source, List<Schedule> wanted) {
        Map<String, Schedule> byId = new LinkedHashMap<>();
        for (Schedule s : wanted) {
            if (byId.put(s.id(), s) != null) throw new IllegalArgumentException("schedule " + s.id() + " is defined twice");
        }
        for (ScheduleRow r : store.scheduleList()) {
            if (byId.containsKey(r.id()) && !r.source().equals(source)) {
                throw new IllegalArgumentException("schedule " + r.id() + " is already defined through the " + r.source()
                        + "; delete it there first");
            }
        }
        for (Schedule s : byId.values()) put(s, source);
        for (ScheduleRow r : store.scheduleList()) {
            if (r.source().equals(source) && !byId.containsKey(r.id())) store.scheduleDelete(r.id());
        }
    }

    /** Whether a schedule with this id is stored, valid or not. */
    public boolean exists(String id) {
        return store.scheduleGet(id).isPresent();
    }

    /** @throws UnreadableScheduleException when its stored definition is no longer valid */
    public Optional<ScheduleInfo> get(String id) {
        return store.scheduleGet(id).map(Schedules::info);
    }

    /** Every schedule whose stored definition is valid; {@link #unreadable()} names the others. */
    public List<ScheduleInfo> list() {
        return store.scheduleList().stream().filter(r -> readable(r).isPresent()).map(Schedules::info).toList();
    }

    /** The schedules whose stored definition is no longer valid, by id, with its problems: fix them with {@link #put}. */
    public Map<String, List<String>> unreadable() {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (ScheduleRow r : store.scheduleList()) {
            try {
                read(r);
            } catch (UnreadableScheduleException e) {
                out.put(r.id(), e.problems());
            }
        }
        return out;
    }

    /**
     * The schedule a stored row defines.
     *
     * @throws UnreadableScheduleException when the definition no longer passes validation
     */
    static Schedule read(ScheduleRow row) {
        try {
            return ScheduleCodec.read(row.definition());
        } catch (InvalidScheduleException e) {
            throw new UnreadableScheduleException(row.id(), e.problems());
        }
    }

    /** The schedule a stored row defines, or empty when its definition is no longer valid. */
    static Optional<Schedule> readable(ScheduleRow row) {
        try {
            return Optional.of(read(row));
        } catch (UnreadableScheduleException e) {
            return Optional.empty();
        }
    }

    /**
     * Deletes the schedule and its fire history; its jobs stay. A built-in schedule is refused: it goes when its
     * option is removed.
     *
     * @throws IllegalArgumentException for a built-in schedule
     */
    public boolean delete(String id) {
        if (store.scheduleGet(id).filter(r -> r.source().equals(SOURCE_BUILTIN)).isPresent()) {
            throw new IllegalArgumentException("schedule " + id + " is built in; it goes when the option that adds it"
                    + " (such as --health-report) is removed and the node restarted");
        }
        return store.scheduleDelete(id);
    }

    public ScheduleInfo pause(String id) {
        if (!store.scheduleSetPaused(id, true, clock.instant())) throw missing(id);
        return get(id).orElseThrow(() -> missing(id));
    }

    /** Resumes; fires due while paused follow the misfire policy (and are recorded). */
    public ScheduleInfo resume(String id) {
        if (!store.scheduleSetPaused(id, false, clock.instant())) throw missing(id);
        return get(id).orElseThrow(() -> missing(id));
    }

    /** Fires newest first, each with its coverage. */
    public List<FireCoverage> fires(String id, Instant before, int limit) {
        if (store.scheduleGet(id).isEmpty()) throw missing(id);
        List<FireRow> page = store.fires(id, before, limit);
        if (page.isEmpty()) return List.of();
        // newest first: the page spans from its last fire to its first
        var jobs = store.fireJobsBetween(id, page.getLast().fireAt(), page.getFirst().fireAt());
        List<FireCoverage> out = new ArrayList<>();
        for (FireRow f : page) out.add(FireCoverage.of(f, jobs.getOrDefault(f.fireAt(), List.of())));
        return out;
    }

    /** As {@link #trigger(String, String, String, Duration, String, Rerun)}, re-running the latest fire that missed. */
    public TriggerResult trigger(String id, String actor, String reason, Duration delay, String key) {
        return trigger(id, actor, reason, delay, key, Rerun.LATEST_MISSED);
    }

    /**
     * Enqueues a run now (or after {@code delay}) for the whole fan-out or one key, recorded as a manual fire and in the
     * audit log in the same transaction. Overlap policy does not apply: an operator asked for it. When it re-runs a
     * fire ({@link Rerun}), its jobs count toward that fire's coverage too, and without a key it runs that fire's keys.
     *
     * @param key one fan-out key, or null for all
     * @throws IllegalArgumentException naming what is wrong (reason, delay, key, fire)
     */
    public TriggerResult trigger(String id, String actor, String reason, Duration delay, String key, Rerun rerun) {
        return trigger(id, actor, reason, delay, key, rerun, null);
    }

    /**
     * As {@link #trigger(String, String, String, Duration, String, Rerun)}, its audit entry naming where the request
     * came from ({@code "via"} in its details, such as {@code dashboard}; null: the API, which names none).
     */
    public TriggerResult trigger(String id, String actor, String reason, Duration delay, String key, Rerun rerun, String via) {
        checkTrigger(reason, delay);
        ScheduleRow row = store.scheduleGet(id).orElseThrow(() -> missing(id));
        Schedule s = read(row);
        if (key != null && (s.keySource() != null ? !Schedule.KEY.matcher(key).matches() : !s.keys().contains(key))) {
            throw new IllegalArgumentException("key: schedule " + id + " has no key '" + key + "'");
        }
        FireRow target = rerunTarget(id, s, key, rerun == null ? Rerun.LATEST_MISSED : rerun);
        List<String> keys;
        String keysJson;
        if (key != null) {
            keys = List.of(key);
            keysJson = Json.write(keys);
        } else if (target != null) { // that fire's keys, as it expected them
            keys = FireCoverage.expectedKeys(target);
            keysJson = target.keys();
        } else {
            keys = s.keys().isEmpty() ? List.of("") : s.keys();
            keysJson = Scheduler.keysJson(s.keys());
        }
        String status = key == null && target == null ? Scheduler.firstStatus(s) : "enqueued";
        Instant rerunOf = target == null ? null : target.fireAt();
        for (int clash = 0; clash < 10; clash++) { // two triggers in the same millisecond: the later one moves on by 1 ms
            Instant now = clock.instant();
            Instant fireAt = now.plusMillis(clash);
            Instant runAt = delay == null || delay.isZero() ? null : now.plus(delay);
            List<FireJob> jobs = scheduler.jobsOf(s, fireAt, "manual", keys, runAt);
            List<UUID> ids = jobs.stream().map(j -> j.job().id()).toList();
            Map<String, Object> details = new LinkedHashMap<>(Map.of("fireAt", fireAt.toString(), "key", key == null ? "" : key,
                    "runAt", (runAt == null ? now : runAt).toString(), "jobs", ids.stream().map(UUID::toString).toList()));
            if (rerunOf != null) details.put("rerunOf", rerunOf.toString());
            if (via != null) details.put("via", via);
            AuditEntry audit = new AuditEntry(0, now, actor, "schedule.trigger", "schedule:" + id, reason, Json.write(details));
            // a delayed run's deadline counts from when it is due: the delay must not make it overdue at once
            FireRow fire = new FireRow(id, fireAt, "manual", status, reason, keysJson,
                    s.deadline() == null ? null : (runAt == null ? now : runAt).plus(s.deadline()), null, actor, now, rerunOf);
            if (store.scheduleFire(new FireWrite(id, null, null, fireAt, List.of(fire), jobs, audit, null, rerunOf), now)) {
                Set<String> queues = new TreeSet<>();
                jobs.forEach(j -> queues.add(j.job().queue()));
                wake.accept(queues);
                return new TriggerResult(id, fireAt, runAt == null ? now : runAt, ids, rerunOf);
            }
        }
        throw new TriggerBusyException(id);
    }

    /** The scheduled fire a trigger re-runs, or null for a fresh run. Reads at most {@link #RERUN_SCAN} fires. */
    private FireRow rerunTarget(String id, Schedule s, String key, Rerun rerun) {
        if (rerun.fireAt() != null) {
            FireCoverage f = fires(id, rerun.fireAt().plusMillis(1), 10).stream()
                    .filter(c -> c.fire().fireAt().equals(rerun.fireAt()) && scheduledFire(c.fire())).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("fire: schedule " + id + " has no scheduled fire at "
                            + rerun.fireAt() + " (GET /v1/schedules/" + id + "/fires lists them)"));
            if (!rerunnable(s, f.fire())) {
                throw new IllegalArgumentException("fire: the fire at " + rerun.fireAt() + " has no keys to re-run (its key"
                        + " source failed); trigger without a fire to run the key source again");
            }
            if (key != null && !FireCoverage.expectedKeys(f.fire()).contains(key)) {
                throw new IllegalArgumentException("key: the fire at " + rerun.fireAt() + " did not run key '" + key + "'");
            }
            return f.fire();
        }
        if (!rerun.latestMissed()) return null;
        Instant before = null;
        for (int read = 0; read < RERUN_SCAN; read += 5) { // small pages: a page reads every job of its fires
            List<FireCoverage> page = fires(id, before, 5);
            for (FireCoverage f : page) {
                if (!scheduledFire(f.fire()) || !rerunnable(s, f.fire())) continue;
                List<String> missed = new ArrayList<>(f.failed());
                missed.addAll(f.neverRan());
                missed.addAll(f.expired());
                if (key == null ? !missed.isEmpty() : missed.contains(key)) return f.fire();
            }
            if (page.size() < 5) return null;
            // the next page from the last fire time again: its other rows (kinds sort backup first) may not be read yet
            before = page.getLast().fire().fireAt().plusMillis(1);
        }
        return null;
    }

    /** A fire of the timing (on time or late), not a manual or backup run. */
    private static boolean scheduledFire(FireRow f) {
        return f.kind().equals("scheduled") || f.kind().equals("catch-up");
    }

    /** A key-source fire whose source named no keys cannot be re-run as such: its keys are unknown. */
    private static boolean rerunnable(Schedule s, FireRow f) {
        return s.keySource() == null || f.keys() != null;
    }

    /**
     * Triggers every schedule that is not paused. A schedule that cannot be triggered (its stored definition is
     * invalid) is reported in the result and the others still run; a bad reason or delay fails the whole call.
     */
    public TriggerAllResult triggerAll(String actor, String reason, Duration delay) {
        return triggerAll(actor, reason, delay, null);
    }

    /** As {@link #triggerAll(String, String, Duration)}, each audit entry naming where the request came from. */
    public TriggerAllResult triggerAll(String actor, String reason, Duration delay, String via) {
        checkTrigger(reason, delay);
        List<TriggerResult> triggered = new ArrayList<>();
        Map<String, String> failed = new LinkedHashMap<>();
        for (ScheduleRow r : store.scheduleList()) {
            if (r.paused()) continue;
            try {
                triggered.add(trigger(r.id(), actor, reason, delay, null, Rerun.LATEST_MISSED, via));
            } catch (NoSuchScheduleException e) {
                // deleted meanwhile: nothing to trigger
            } catch (UnreadableScheduleException | TriggerBusyException | InvalidJobRequestException | IllegalArgumentException
                     | ArithmeticException | DateTimeException e) {
                failed.put(r.id(), e.getMessage()); // this schedule's own problem: the others still run
            }
        }
        return new TriggerAllResult(triggered, failed);
    }

    private static void checkTrigger(String reason, Duration delay) {
        if (reason == null || reason.isBlank() || reason.length() > 1000) {
            throw new IllegalArgumentException("reason: required, 1..1000 characters (it goes to the audit log)");
        }
        String delayProblem = delay == null ? null : TimeBounds.outside("delay", delay, Duration.ZERO, MAX_TRIGGER_DELAY);
        if (delayProblem != null) throw new IllegalArgumentException(delayProblem);
    }

    private static ScheduleInfo info(ScheduleRow r) {
        return new ScheduleInfo(read(r), r.paused(), r.nextFireAt(), r.lastFireAt(), r.source(),
                r.createdAt(), r.updatedAt());
    }

    private static NoSuchElementException missing(String id) {
        return new NoSuchScheduleException(id);
    }
}
