package io.jobvault.health;

import io.jobvault.JobState;
import io.jobvault.alert.AlertCondition;
import io.jobvault.alert.AlertRule;
import io.jobvault.json.Json;
import io.jobvault.store.FireJobState;
import io.jobvault.store.FireRow;
import io.jobvault.store.ScheduleStore;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The findings of the latest delivered health report, held as alert conditions: raised when a report finds them,
 * resolved when a later report no longer does. Read from the store (the report job's result), so whichever node
 * built the report and whichever leads, they agree. Two small reads per evaluation.
 */
public final class ReportedFindings implements AlertRule {
    private static final Logger log = LoggerFactory.getLogger(ReportedFindings.class);
    /** How many recent fires are looked at for one whose report succeeded. */
    private static final int FIRES = 10;

    private final ScheduleStore store;

    public ReportedFindings(ScheduleStore store) {
        this.store = store;
    }

    @Override
    public List<AlertCondition> evaluate(Instant now) {
        List<FireRow> fires = store.fires(HealthReportJob.SCHEDULE_ID, null, FIRES);
        if (fires.isEmpty()) return List.of();
        Map<Instant, List<FireJobState>> jobs = store.fireJobsBetween(HealthReportJob.SCHEDULE_ID, fires.getLast().fireAt(),
                fires.getFirst().fireAt());
        for (FireRow f : fires) { // newest first: a report still running leaves the previous one's findings standing
            for (FireJobState j : jobs.getOrDefault(f.fireAt(), List.of())) {
                if (j.state() != JobState.SUCCEEDED || j.result() == null) continue;
                try {
                    return HealthReportJson.readFindings(Json.MAPPER.readTree(j.result()).get("findings"));
                } catch (IOException | IllegalArgumentException e) {
                    log.debug("health report job {} has no readable findings: {}", j.jobId(), e.toString());
                }
            }
        }
        return List.of();
    }
}
