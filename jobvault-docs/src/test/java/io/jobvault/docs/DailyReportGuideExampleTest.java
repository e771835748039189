package io.jobvault.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobvault.Artifact;
import io.jobvault.Job;
import io.jobvault.JobOutcome;
import io.jobvault.JobRequest;
import io.jobvault.JobState;
import io.jobvault.Jobvault;
import io.jobvault.JobvaultBuilder;
import io.jobvault.testkit.SettableClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The handler of docs/guides/never-miss-a-daily-report.md, run for one customer. */
class DailyReportGuideExampleTest {
    @TempDir
    Path dir;

    record Customer(String id, String name) {}

    record ReportJob(String key, String format) {}

    private final Map<String, Customer> byId = Map.of("globex", new Customer("globex", "Globex Corporation"));
    private final ZoneId zone = ZoneId.of("Europe/Berlin");
    private final List<String> mailed = new CopyOnWriteArrayList<>();

    private final class Customers {
        Customer byId(String id) {
            return byId.get(id);
        }
    }

    private static final class Renderer {
        byte[] render(Customer c, LocalDate day) {
            return ("%PDF-1.7 " + c.name() + " " + day).getBytes(StandardCharsets.US_ASCII);
        }
    }

    private final class Mailer {
        void send(Customer c, byte[] pdf) {
            mailed.add(c.id() + ": " + new String(pdf, StandardCharsets.US_ASCII));
        }
    }

    @Test
    void theReportHandlerRendersStoresAndMailsOneCustomersReport() {
        Customers customers = new Customers();
        Renderer renderer = new Renderer();
        Mailer mailer = new Mailer();
        SettableClock clock = SettableClock.atFixedStart(); // 2030-01-01T00:00Z: 01:00 in Berlin
        JobvaultBuilder builder = Jobvault.builder().database("jdbc:sqlite:" + dir.resolve("jobs.db")).clock(clock)
                .queue("default", 1);
        // doc:begin guide-daily-report-handler
        builder.handler("report.daily", ctx -> {
            Customer c = customers.byId(ctx.payload(ReportJob.class).key());
            LocalDate yesterday = LocalDate.ofInstant(ctx.clock().instant(), zone).minusDays(1);
            byte[] pdf = renderer.render(c, yesterday);
            ctx.writeArtifact("report.pdf", "application/pdf", pdf);   // downloadable from any node until retention ends
            mailer.send(c, pdf);
            return JobOutcome.success();
        });
        // doc:end guide-daily-report-handler
        try (Jobvault jv = builder.build()) {
            UUID id = jv.submit(JobRequest.of("report.daily", "{\"format\": \"pdf\", \"key\": \"globex\"}")).id();
            Job done = JavaApiExamplesTest.awaitEnd(jv, id);
            assertThat(done.state()).isEqualTo(JobState.SUCCEEDED);
            assertThat(mailed).containsExactly("globex: %PDF-1.7 Globex Corporation 2029-12-31");
            assertThat(jv.artifacts(id)).extracting(Artifact::name).containsExactly("report.pdf");
        }
    }
}
