package io.jobvault.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobvault.JobContext;
import io.jobvault.JobOutcome;
import io.jobvault.JobType;
import io.jobvault.JobvaultBuilder;
import io.jobvault.json.Json;
import java.time.Duration;
import java.util.List;

/** Job types for trying the server out ({@code --demo}). */
final class DemoJobs {
    private DemoJobs() {}

    static List<JobType> all() {
        return List.of(JobType.of("demo.sleep", DemoJobs::sleep), JobType.of("demo.fail", DemoJobs::fail)
                .withBackoff(io.jobvault.retry.Backoff.exponential(Duration.ofSeconds(1), Duration.ofSeconds(10))),
                JobType.of("demo.report", DemoJobs::report));
    }

    static void register(JobvaultBuilder b) {
        all().forEach(b::jobType);
    }

    /** {@code {"ms": N}}: sleeps N milliseconds in ten steps, reporting progress after each. */
    static JobOutcome sleep(JobContext ctx) throws InterruptedException {
        long ms = field(ctx, "ms", 1000);
        if (ms < 0 || ms > Duration.ofHours(1).toMillis()) return JobOutcome.discard("ms must be within 0..3600000");
        for (int step = 1; step <= 10; step++) {
            Thread.sleep(ms / 10);
            ctx.progress(step * 10, "slept " + (ms * step / 10) + " of " + ms + " ms");
        }
        return JobOutcome.success("{\"sleptMs\":" + ms + "}");
    }

    /**
     * {@code {"failTimes": N}}: fails its first N runs, then succeeds — across an operator's retry too, which starts
     * a fresh attempt budget (so the run count is the fencing token, which never restarts).
     */
    static JobOutcome fail(JobContext ctx) {
        long failTimes = field(ctx, "failTimes", 1);
        long run = ctx.fencingToken();
        if (run <= failTimes) {
            throw new IllegalStateException("demo failure " + run + " of " + failTimes);
        }
        return JobOutcome.success("{\"failedFirst\":" + failTimes + "}");
    }

    /** {@code {"title": "...", "pages": N}}: renders a real PDF of N pages as the artifact report.pdf. */
    static JobOutcome report(JobContext ctx) throws java.io.IOException {
        JsonNode p = Json.read(ctx.payload(), JsonNode.class);
        String title = p.hasNonNull("title") ? p.get("title").asText() : "Report";
        long pages = field(ctx, "pages", 3);
        if (pages < 1 || pages > 500) return JobOutcome.discard("pages must be within 1..500");
        var out = new java.io.ByteArrayOutputStream();
        try (var doc = new org.apache.pdfbox.pdmodel.PDDocument()) {
            var font = new org.apache.pdfbox.pdmodel.font.PDType1Font(org.apache.pdfbox.pdmodel.font.Standard14Fonts.FontName.HELVETICA);
            for (int i = 1; i <= pages; i++) {
                ctx.throwIfCancelled();
                var page = new org.apache.pdfbox.pdmodel.PDPage();
                doc.addPage(page);
                try (var text = new org.apache.pdfbox.pdmodel.PDPageContentStream(doc, page)) {
                    text.beginText();
                    text.setFont(font, 18);
                    text.newLineAtOffset(72, 720);
                    text.showText(printable(title) + " - page " + i + " of " + pages);
                    text.endText();
                }
                ctx.progress((int) (i * 100 / pages), "rendered page " + i + " of " + pages);
            }
            doc.save(out);
        }
        var artifact = ctx.writeArtifact("report.pdf", "application/pdf", out.toByteArray());
        return JobOutcome.success("{\"pages\":" + pages + ",\"bytes\":" + artifact.size() + "}");
    }

    /** Helvetica in PDFBox encodes WinAnsi only: anything else becomes '?'. */
    private static String printable(String s) {
        String cut = s.length() > 80 ? s.substring(0, 80) : s;
        return cut.replaceAll("[^\\x20-\\x7E]", "?");
    }

    private static long field(JobContext ctx, String name, long fallback) {
        JsonNode n = Json.read(ctx.payload(), JsonNode.class).get(name);
        return n != null && n.canConvertToLong() ? n.asLong() : fallback;
    }
}
