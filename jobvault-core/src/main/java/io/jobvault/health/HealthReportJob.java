package io.jobvault.health;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jobvault.JobContext;
import io.jobvault.JobHandler;
import io.jobvault.JobOutcome;
import io.jobvault.JobType;
import io.jobvault.Retention;
import io.jobvault.alert.Report;
import io.jobvault.json.Json;
import io.jobvault.schedule.JobTemplate;
import io.jobvault.schedule.MisfirePolicy;
import io.jobvault.schedule.OverlapPolicy;
import io.jobvault.schedule.Schedule;
import io.jobvault.schedule.Timing;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.BiFunction;

/**
 * The scheduled health report: a built-in schedule ({@value #SCHEDULE_ID}) whose job builds the report and hands it
 * to every alert sink — so it fires exactly once per period across nodes, has a deadline, and shows with the other
 * schedules. The job's result holds the report's findings, which {@link ReportedFindings} keeps raised as alerts
 * until a later report no longer finds them.
 */
public final class HealthReportJob implements JobHandler {
    /** Reserved: the {@code jobvault.} prefix is for built-in schedules. */
    public static final String SCHEDULE_ID = "jobvault.health-report";
    public static final String JOB_TYPE = "jobvault.health-report";
    /** Run only by nodes configured with the report, so no other node claims a job it has no handler for. */
    public static final String QUEUE = "jobvault.health";
    /** A report not delivered within this of its time is overdue (alerted like any schedule's fire). */
    public static final Duration DEADLINE = Duration.ofHours(1);
    /** The default period a report covers. */
    public static final Duration DEFAULT_PERIOD = Duration.ofHours(24);
    /** The report jobs (their results carry the findings) outlive any period between two reports. */
    static final Retention RETENTION = Retention.all(Duration.ofDays(100));
    private static final Duration BIND_WAIT = Duration.ofSeconds(30);

    private final Consumer<Report> deliver;
    private final CompletableFuture<BiFunction<Instant, Instant, HealthReport>> reporter = new CompletableFuture<>();

    /** @param deliver hands a report to every sink, throwing when one did not take it */
    public HealthReportJob(Consumer<Report> deliver) {
        this.deliver = deliver;
    }

    /**
     * The built-in schedule: {@code cron} in {@code zone}, each fire reporting on the {@code period} before it.
     *
     * @throws IllegalArgumentException for an invalid cron expression or a period outside 1 min .. 90 days
     */
    public static Schedule schedule(String cron, ZoneId zone, Duration period) {
        if (period == null || period.compareTo(Duration.ofMinutes(1)) < 0 || period.compareTo(Duration.ofDays(90)) > 0) {
            throw new IllegalArgumentException("health report period must be within 1 min .. 90 days, was " + period);
        }
        if (zone == null) throw new IllegalArgumentException("health report zone is required");
        String payload = Json.MAPPER.createObjectNode().put("period", period.toString()).put("zone", zone.getId()).toString();
        JobTemplate job = new JobTemplate(JOB_TYPE, payload, QUEUE, 0, 5, Duration.ofMinutes(5));
        return Schedule.builder(SCHEDULE_ID, Timing.cron(cron), job).zone(zone).misfire(MisfirePolicy.RUN_ONCE)
                .overlap(OverlapPolicy.ALLOW).deadline(DEADLINE).build();
    }

    /** The job type to register: this handler, with a retention that keeps the latest findings readable. */
    public JobType jobType() {
        return JobType.of(JOB_TYPE, this).withRetention(RETENTION);
    }

    /** Where reports come from; set once the node runs (a job claimed before waits for it). */
    public void bind(BiFunction<Instant, Instant, HealthReport> reporter) {
        this.reporter.complete(reporter);
    }

    @Override
    public JobOutcome handle(JobContext ctx) throws Exception {
        JsonNode payload = Json.MAPPER.readTree(ctx.payload());
        Duration period = Duration.parse(payload.path("period").asText(DEFAULT_PERIOD.toString()));
        ZoneId zone = ZoneId.of(payload.path("zone").asText("UTC"));
        String fire = ctx.labels().get("jobvault.fire");
        // the window ends at the fire: consecutive reports tile the days, and this report's own run is tomorrow's
        Instant to = fire == null ? ctx.clock().instant() : Instant.parse(fire);
        HealthReport r = reporter.get(BIND_WAIT.toSeconds(), TimeUnit.SECONDS).apply(to.minus(period), to);
        // one id per fire, so a second run of this job (its lease lost mid-way) is delivered once by each sink
        String id = "health-report@" + (fire == null ? ctx.jobId().toString() : fire);
        Report report = report(id, r, zone);
        deliver.accept(report);
        ObjectNode result = Json.MAPPER.createObjectNode().put("report", id);
        result.set("findings", HealthReportJson.findings(r.findings()));
        return JobOutcome.success(Json.write(result));
    }

    static Report report(String id, HealthReport r, ZoneId zone) {
        ObjectNode json = Json.MAPPER.createObjectNode().put("kind", "health-report").put("id", id);
        json.setAll(HealthReportJson.of(r));
        int n = r.findings().size();
        String title = "Health report of " + at(r.to(), zone) + ": "
                + (n == 0 ? "nothing needs attention" : n + " finding(s) need attention");
        json.put("title", title);
        return new Report(id, title, HealthReportText.of(json), HealthReportHtml.of(json), json);
    }

    private static String at(Instant t, ZoneId zone) {
        return DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT).withZone(zone).format(t) + " " + zone.getId();
    }
}
