package io.jobvault.examples.reports;

import io.jobvault.JobDefinition;
import java.time.YearMonth;

/** The report job, declared once: the controller submits with it, the handler registers with it. */
public final class Reports {
    /** What to render. */
    public record ReportRequest(String customer, YearMonth month) {}

    /** What was rendered: the artifact's name, its pages and size. */
    public record ReportResult(String artifact, int pages, long bytes) {}

    public static final JobDefinition<ReportRequest, ReportResult> REPORT =
            JobDefinition.of("report.pdf", ReportRequest.class, ReportResult.class).queue("reports").maxAttempts(3);

    private Reports() {}
}
