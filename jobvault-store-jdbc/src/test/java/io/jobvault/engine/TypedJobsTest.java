package io.jobvault.engine;

import static io.jobvault.engine.EngineHarness.awaitState;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.jobvault.Attempt;
import io.jobvault.Job;
import io.jobvault.JobDefinition;
import io.jobvault.JobOutcome;
import io.jobvault.JobRequest;
import io.jobvault.JobState;
import io.jobvault.Jobvault;
import io.jobvault.TypedJobHandler;
import io.jobvault.json.JsonMappers;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** Typed jobs: one definition binds name, classes, queue and defaults; typed and string APIs meet in the same JSON. */
class TypedJobsTest extends EngineTestBase {
    record Report(int customerId, LocalDate day, Instant requestedAt) {}

    record ReportResult(String file, int pages) {}

    static final JobDefinition<Report, ReportResult> REPORT =
            JobDefinition.of("report.pdf", Report.class, ReportResult.class).queue("reports").maxAttempts(5);

    static final TypedJobHandler<Report, ReportResult> RENDER =
            (report, ctx) -> JobOutcome.success(new ReportResult("report-" + report.customerId() + "-" + report.day() + ".pdf", 3));

    Jobvault runner() {
        return h.start(h.builder("n1").queue("reports", 2).handler(REPORT, RENDER));
    }

    @Test
    void aTypedJobRunsWithItsPayloadObjectAndItsResultReadsBackTyped() {
        Jobvault jv = runner();
        Instant requested = Instant.parse("2026-12-08T09:30:00Z");
        UUID id = jv.submit(REPORT, new Report(42, LocalDate.of(2026, 12, 7), requested)).id();

        Job job = awaitState(jv, id, JobState.SUCCEEDED);
        assertThat(job.queue()).isEqualTo("reports");
        assertThat(job.maxAttempts()).isEqualTo(5);
        // the stored form is plain JSON, java.time as ISO-8601 text, as HTTP clients and remote workers see it
        assertThat(job.payload()).isEqualTo("{\"customerId\":42,\"day\":\"2026-12-07\",\"requestedAt\":\"2026-12-08T09:30:00Z\"}");
        assertThat(job.result()).isEqualTo("{\"file\":\"report-42-2026-12-07.pdf\",\"pages\":3}");
        assertThat(jv.result(REPORT, id)).contains(new ReportResult("report-42-2026-12-07.pdf", 3));
    }

    @Test
    void aJobSubmittedWithTheStringApiRunsOnTheTypedHandler() {
        Jobvault jv = runner();
        UUID id = jv.submit(JobRequest.builder("report.pdf").queue("reports")
                .payload("{\"customerId\":7,\"day\":\"2026-01-31\"}").build()).id();

        awaitState(jv, id, JobState.SUCCEEDED);
        assertThat(jv.result(REPORT, id)).contains(new ReportResult("report-7-2026-01-31.pdf", 3));
    }

    @Test
    void aPayloadThatDoesNotMapIsDiscardedAtOnceNamingTheClassAndWhere() {
        Jobvault jv = runner();
        UUID id = jv.submit(JobRequest.builder("report.pdf").queue("reports")
                .payload("{\"customerId\":\"forty-two\",\"day\":\"2026-01-31\"}").build()).id();

        Job job = awaitState(jv, id, JobState.DEAD);
        assertThat(job.attemptsUsed()).isEqualTo(1); // not retried, though 5 attempts were allowed
        assertThat(job.lastError())
                .contains("payload of job " + id + " (type report.pdf) does not map onto " + Report.class.getName())
                .contains("expected int at $.customerId")
                .doesNotContain("forty-two"); // a payload may hold secrets: its values stay out of errors
        assertThat(jv.attempts(id)).extracting(Attempt::outcome).containsExactly(Attempt.Outcome.DISCARDED);
    }

    @Test
    void aResultOfAnotherClassThanTheDefinitionSaysIsDiscarded() {
        JobDefinition<Report, ReportResult> lying = JobDefinition.of("lying", Report.class, ReportResult.class);
        Jobvault jv = h.start(h.builder("n1").queue("default", 1).handler(lying, (r, ctx) -> JobOutcome.success(List.of(1))));
        UUID id = jv.submit(lying, new Report(1, null, null)).id();

        assertThat(awaitState(jv, id, JobState.DEAD).lastError()).contains("returned a ").contains("definition says " + ReportResult.class.getName());
    }

    @Test
    void aDefinitionRegisteredTwiceIsRefused() {
        assertThatThrownBy(() -> h.builder("n1").handler(REPORT, RENDER).handler(REPORT, RENDER))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("job type report.pdf is registered twice");
    }

    @Test
    void theDefinitionsDefaultsTravelWithTheJobFromANodeThatDoesNotRunIt() {
        JobDefinition<Report, ReportResult> perCustomer = REPORT.timeout(Duration.ofMinutes(2)).retention(Duration.ofDays(2))
                .priority(5).concurrencyKey("customer:{customerId}", 1);
        Jobvault submitOnly = h.start(h.builder("submitter"));

        Job job = submitOnly.get(submitOnly.submit(perCustomer, new Report(42, null, null), o -> o.label("by", "test")).id());

        assertThat(job.type()).isEqualTo("report.pdf");
        assertThat(job.queue()).isEqualTo("reports");
        assertThat(job.priority()).isEqualTo(5);
        assertThat(job.maxAttempts()).isEqualTo(5);
        assertThat(job.timeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(job.concurrencyKey()).isEqualTo("customer:42");
        assertThat(job.concurrencyLimit()).isEqualTo(1);
        assertThat(job.labels()).containsEntry("by", "test");
        assertThatThrownBy(() -> submitOnly.submit(REPORT.concurrencyKey("region:{region}", 1), new Report(1, null, null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("the payload has no text or number at region");
    }

    @Test
    void submitAllStoresOneJobPerPayloadInOrder() {
        Jobvault jv = h.start(h.builder("submitter"));
        var results = jv.submitAll(REPORT, List.of(new Report(1, null, null), new Report(2, null, null)));
        assertThat(results).extracting(r -> jv.get(r.id()).payload())
                .containsExactly("{\"customerId\":1,\"day\":null,\"requestedAt\":null}", "{\"customerId\":2,\"day\":null,\"requestedAt\":null}");
    }

    @Test
    void theInjectedMapperWritesAndReadsPayloadsAndResults() {
        var snakeCase = JsonMappers.defaults().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
        Jobvault jv = h.start(h.builder("n1").objectMapper(snakeCase).queue("reports", 1).handler(REPORT, RENDER));
        UUID id = jv.submit(REPORT, new Report(9, LocalDate.of(2026, 2, 1), null)).id();

        Job job = awaitState(jv, id, JobState.SUCCEEDED);
        assertThat(job.payload()).contains("\"customer_id\":9");
        assertThat(jv.result(REPORT, id)).contains(new ReportResult("report-9-2026-02-01.pdf", 3));
    }

    @Test
    void aHandlerLogsWithTheJobIdTypeAndAttemptInTheMdc() {
        Map<String, String> seen = new ConcurrentHashMap<>();
        JobDefinition<Report, Void> probe = JobDefinition.of("mdc.probe", Report.class, Void.class);
        Jobvault jv = h.start(h.builder("n1").queue("default", 1).handler(probe, (r, ctx) -> {
            seen.putAll(MDC.getCopyOfContextMap());
            return JobOutcome.success();
        }));
        UUID id = jv.submit(probe, new Report(1, null, null)).id();

        awaitState(jv, id, JobState.SUCCEEDED);
        assertThat(seen).containsEntry(RunMdc.JOB_ID, id.toString()).containsEntry(RunMdc.JOB_TYPE, "mdc.probe")
                .containsEntry(RunMdc.ATTEMPT, "1");
    }

    @Test
    void aHandlerWhoseDefinitionsQueueThisNodeDoesNotWorkIsWarnedOf() {
        var log = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(JobDefinition.class);
        var appender = new ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent>();
        appender.start();
        log.addAppender(appender);
        try {
            h.start(h.builder("n1").queue("default", 1).handler(REPORT, RENDER));
        } finally {
            log.detachAppender(appender);
        }
        assertThat(appender.list).extracting(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage)
                .containsExactly("job type report.pdf has a handler here, but this node does not work its definition's"
                        + " queue reports: its jobs run only on nodes that do (add .queue(\"reports\", concurrency) to run them here)");
    }

    @Test
    void aScheduleEnqueuesADefinitionsJobsFromItsTemplate() {
        JobDefinition<Report, ReportResult> perCustomer = REPORT.concurrencyKey("customer:{customerId}:{key}", 1);
        var schedule = io.jobvault.schedule.Schedule.builder("daily-report", io.jobvault.schedule.Timing.every(Duration.ofDays(1)),
                perCustomer.template(new Report(5, LocalDate.of(2026, 12, 1), null), JsonMappers.defaults())).build();
        Jobvault jv = h.start(h.builder("n1").queue("reports", 1).handler(REPORT, RENDER).schedule(schedule));

        UUID id = jv.schedules().trigger("daily-report", "test", "run it now", null, null).jobs().getFirst();

        Job job = awaitState(jv, id, JobState.SUCCEEDED);
        assertThat(job.queue()).isEqualTo("reports");
        assertThat(job.maxAttempts()).isEqualTo(5);
        assertThat(job.concurrencyKey()).isEqualTo("customer:5:"); // {key}: this schedule fans out to no keys
        assertThat(jv.result(REPORT, id)).contains(new ReportResult("report-5-2026-12-01.pdf", 3));
    }

    @Test
    void aResultOfAnotherDefinitionIsRefused() {
        Jobvault jv = h.start(h.builder("submitter"));
        UUID id = jv.submit(JobRequest.of("other", "{}")).id();
        assertThatThrownBy(() -> jv.result(REPORT, id)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("job " + id + " is of type other, not report.pdf");
    }
}
