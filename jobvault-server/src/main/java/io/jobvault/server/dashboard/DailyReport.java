package io.jobvault.server.dashboard;

import static io.jobvault.server.dashboard.Html.esc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.jobvault.Job;
import io.jobvault.JobFilter;
import io.jobvault.JobState;
import io.jobvault.Jobvault;
import io.jobvault.health.HealthReportJob;
import io.jobvault.json.Json;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * The newest daily health report on {@code /health-report}: the result of the last {@code jobvault.health-report} job
 * that succeeded (one keyset read of the job list, newest first, no scan), its findings worded as the report e-mail
 * words them, and a Re-run button — the Schedules page's trigger form — for each fire a finding names as missing
 * keys, or for the newest missed fire of a schedule whose fires did not run. The page is for admin sessions bound to
 * no tenant, and the trigger handler checks that again.
 */
final class DailyReport {
    private static final JobFilter REPORTS = new JobFilter(JobState.SUCCEEDED, null, HealthReportJob.JOB_TYPE, null);

    private final Jobvault jobvault;

    DailyReport(Jobvault jobvault) {
        this.jobvault = jobvault;
    }

    void append(StringBuilder h, Session session) {
        h.append("<section aria-labelledby=\"report-h\" id=\"health-report\"><h2 id=\"report-h\">Daily report</h2>\n");
        boolean scheduled = jobvault.schedules().exists(HealthReportJob.SCHEDULE_ID);
        if (scheduled) {
            h.append("<p>").append(ScheduleActions.triggerForm(HealthReportJob.SCHEDULE_ID, "none", "report-now", "Make a report now", session))
                    .append("</p>\n");
        }
        List<Job> newest = jobvault.list(REPORTS, null, 1).items();
        if (newest.isEmpty()) {
            h.append("<p id=\"report-none\">No report yet").append(scheduled ? "." : ": start a node with <code>--health-report CRON</code>.")
                    .append("</p></section>\n");
            return;
        }
        Job job = newest.getFirst();
        h.append("<p id=\"report-made\">Made ").append(Formats.time(job.finishedAt())).append(" by job <a class=\"mono\" href=\"/jobs/")
                .append(esc(job.id())).append("\">").append(esc(job.id())).append("</a>.</p>\n");
        JsonNode findings = findings(job.result());
        if (findings.isEmpty()) {
            h.append("<p class=\"notice\" id=\"report-clear\">Nothing needed attention.</p></section>\n");
            return;
        }
        h.append("<ul id=\"report-findings\" class=\"alerts\">");
        int n = 0;
        for (JsonNode f : findings) {
            h.append("<li><b>").append(esc(f.path("title").asText())).append("</b><br>").append(esc(f.path("message").asText()))
                    .append("<br><i>What to do:</i> ").append(esc(f.path("hint").asText()));
            String schedule = f.path("context").path("schedule").asText("");
            String rule = f.path("rule").asText();
            if (!schedule.isEmpty() && rule.equals("health.missed-keys")) {
                for (String fire : f.path("context").path("fires").asText("").split(",")) {
                    if (!isInstant(fire)) continue;
                    h.append("<br>Fire <time datetime=\"").append(esc(fire)).append("\">").append(esc(fire)).append("</time> ")
                            .append(ScheduleActions.triggerForm(schedule, fire, "report-rerun-" + ++n, "Re-run", session));
                }
            } else if (!schedule.isEmpty() && rule.equals("health.missed-fires")) {
                h.append("<br>").append(ScheduleActions.triggerForm(schedule, "latest-missed", "report-rerun-" + ++n,
                        "Re-run the newest missed fire", session));
            }
            h.append("</li>");
        }
        h.append("</ul></section>\n");
    }

    /** The findings of a report job's result; none when it holds none (or is not the JSON the job writes). */
    private static JsonNode findings(String result) {
        if (result == null) return MissingNode.getInstance();
        try {
            return Json.MAPPER.readTree(result).path("findings");
        } catch (IOException e) {
            return MissingNode.getInstance();
        }
    }

    private static boolean isInstant(String s) {
        try {
            Instant.parse(s);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }
}
