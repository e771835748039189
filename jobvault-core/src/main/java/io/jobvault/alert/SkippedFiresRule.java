package io.jobvault.alert;

import io.jobvault.schedule.Schedule;
import io.jobvault.schedule.ScheduleCodec;
import io.jobvault.store.FireRow;
import io.jobvault.store.ScheduleRow;
import io.jobvault.store.ScheduleStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code schedule.skipped}: a schedule whose overlap policy skipped more scheduled fires in a row than its
 * {@code maxSkipsInARow} — its customers are not getting their runs while an earlier run (often a manual one) goes on.
 * Read from the count each scheduler step keeps in the store, so any leader sees it; it resolves when a fire runs.
 */
final class SkippedFiresRule implements AlertRule {
    /** Schedules looked at per evaluation. */
    static final int MAX_SCHEDULES = 1000;

    private final ScheduleStore store;

    SkippedFiresRule(ScheduleStore store) {
        this.store = store;
    }

    @Override
    public List<AlertCondition> evaluate(Instant now) {
        List<AlertCondition> out = new ArrayList<>();
        for (ScheduleRow row : store.schedulesSkipping(MAX_SCHEDULES)) {
            Schedule s = ScheduleCodec.read(row.definition());
            if (row.skippedInRow() <= s.maxSkipsInARow()) continue;
            FireRow latest = store.fires(row.id(), null, 5).stream().filter(f -> f.status().equals("skipped")).findFirst().orElse(null);
            String why = latest == null ? "" : " The latest, " + latest.fireAt() + ", was skipped because " + latest.reason() + ".";
            out.add(new AlertCondition("schedule.skipped:" + row.id(), "schedule.skipped", Severity.CRITICAL,
                    "Schedule " + row.id() + " skipped " + row.skippedInRow() + " fires in a row",
                    "Schedule " + row.id() + " skipped its last " + row.skippedInRow() + " fire(s) (overlap policy "
                            + s.overlap().apiName() + "; " + s.maxSkipsInARow() + " in a row allowed)." + why,
                    "find the run that is still going in GET /v1/schedules/" + row.id() + "/fires (a stuck job, or a"
                            + " delayed manual trigger) and cancel or finish it; the alert resolves when a fire runs",
                    Map.of("schedule", row.id(), "skippedInRow", String.valueOf(row.skippedInRow()),
                            "maxSkipsInARow", String.valueOf(s.maxSkipsInARow()),
                            "latestSkipped", latest == null ? "" : latest.fireAt().toString())));
        }
        return out;
    }
}
