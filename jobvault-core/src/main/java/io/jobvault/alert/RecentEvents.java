package io.jobvault.alert;

import io.jobvault.JobListener;
import io.jobvault.schedule.FireCoverage;
import io.jobvault.schedule.LateFires;
import io.jobvault.schedule.MisfirePolicy;
import io.jobvault.schedule.ScheduleListener;
import io.jobvault.store.FireRow;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Alerts from events rather than store state — missed and overdue schedule fires, stuck jobs taken back — all of which
 * happen on the maintenance leader, where the rules are evaluated. Each event's condition holds for one window after
 * its latest occurrence, then resolves. Bounded: at most {@link #MAX} conditions are kept (the oldest go first).
 */
final class RecentEvents implements AlertRule, ScheduleListener, JobListener {
    static final int MAX = 1000;

    private final Clock clock;
    private final Duration window;
    private final Map<String, Event> events = new LinkedHashMap<>();

    private record Event(AlertCondition condition, Instant at) {}

    RecentEvents(Clock clock, Duration window) {
        this.clock = clock;
        this.window = window;
    }

    private synchronized void add(AlertCondition c) {
        events.remove(c.key());
        events.put(c.key(), new Event(c, clock.instant()));
        while (events.size() > MAX) events.remove(events.keySet().iterator().next());
    }

    @Override
    public synchronized List<AlertCondition> evaluate(Instant now) {
        events.values().removeIf(e -> now.isAfter(e.at().plus(window)));
        List<AlertCondition> out = new ArrayList<>();
        events.values().forEach(e -> out.add(e.condition()));
        return out;
    }

    @Override
    public void firesMissed(String scheduleId, MisfirePolicy policy, List<FireRow> late) {
        int ranLate = LateFires.ranLate(late);
        add(new AlertCondition("schedule.missed:" + scheduleId, "schedule.missed", Severity.CRITICAL,
                "Schedule " + scheduleId + " missed " + late.size() + " fire(s) at their time",
                "Schedule " + scheduleId + ": " + LateFires.describe(late, policy) + ".",
                ranLate == late.size()
                        ? "nothing to redo: the late runs are in GET /v1/schedules/" + scheduleId + "/fires; find why no node"
                                + " ran them at their time (nodes down, the schedule paused, a busy scheduler)"
                        : "run those not run with ./jobvault schedules trigger " + scheduleId + " --fire FIRE_AT --reason '…'"
                                + " (GET /v1/schedules/" + scheduleId + "/fires lists each fire)",
                Map.of("schedule", scheduleId, "missed", String.valueOf(late.size()), "ranLate", String.valueOf(ranLate),
                        "misfire", policy.apiName(), "first", late.getFirst().fireAt().toString(),
                        "last", late.getLast().fireAt().toString())));
    }

    @Override
    public void fireOverdue(FireCoverage c, boolean backupEnqueued) {
        String id = c.fire().scheduleId();
        List<String> missing = new ArrayList<>(c.failed());
        missing.addAll(c.running());
        missing.addAll(c.neverRan());
        missing.addAll(c.expired());
        String keys = String.join(", ", missing.subList(0, Math.min(20, missing.size())))
                + (missing.size() > 20 ? " and " + (missing.size() - 20) + " more" : "");
        add(new AlertCondition("schedule.overdue:" + id + ":" + c.fire().fireAt(), "schedule.overdue", Severity.CRITICAL,
                "Schedule " + id + ": the " + c.fire().fireAt() + " run is overdue",
                c.succeeded().size() + " of " + c.expected() + " key(s) succeeded by the deadline " + c.fire().deadlineAt()
                        + (missing.isEmpty() || missing.equals(List.of("")) ? "" : "; not done: " + keys) + " ("
                        + c.failed().size() + " failed, " + c.running().size() + " still running, " + c.neverRan().size()
                        + " never ran)." + (backupEnqueued ? " A backup run of the missing keys was enqueued." : ""),
                backupEnqueued ? "follow the backup run in GET /v1/schedules/" + id + "/fires"
                        : "re-run the missing keys with ./jobvault schedules trigger " + id + " --key KEY --reason '…'",
                Map.of("schedule", id, "fireAt", c.fire().fireAt().toString(), "succeeded", String.valueOf(c.succeeded().size()),
                        "expected", String.valueOf(c.expected()), "backupEnqueued", String.valueOf(backupEnqueued))));
    }

    @Override
    public void definitionInvalid(String scheduleId, String problem) {
        add(new AlertCondition("schedule.invalid:" + scheduleId, "schedule.invalid", Severity.CRITICAL,
                "Schedule " + scheduleId + " was paused: its definition cannot run",
                "Schedule " + scheduleId + " cannot enqueue its jobs (" + problem + "), so it was paused; the other"
                        + " schedules are not affected.",
                "PUT a corrected definition to /v1/schedules/" + scheduleId + " (or fix the schedules file), then"
                        + " ./jobvault schedules resume " + scheduleId,
                Map.of("schedule", scheduleId, "problem", problem)));
    }

    @Override
    public void jobRescued(UUID id, String type, String node, Duration ran, String reason) {
        String took = ran == null ? "an unknown time" : ran.toSeconds() + " s";
        add(new AlertCondition("job.stuck:" + id, "job.stuck", Severity.WARNING,
                "Job " + id + " (" + type + ") got stuck on node " + node,
                "Job " + id + " of type " + type + " ran for " + took + " on node " + node + " and was taken back because "
                        + reason + "; it will run again if attempts are left.",
                "check node " + node + " (logs, memory, GC pauses); a handler that blocks past its timeout without"
                        + " responding to interrupts looks like this",
                Map.of("job", id.toString(), "type", type, "node", String.valueOf(node), "ranSeconds",
                        ran == null ? "" : String.valueOf(ran.toSeconds()), "reason", reason)));
    }
}
