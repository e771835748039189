package io.jobvault.examples.reports;

import io.jobvault.Artifact;
import io.jobvault.JobContext;
import io.jobvault.JobDefinition;
import io.jobvault.JobOutcome;
import io.jobvault.examples.reports.Reports.ReportRequest;
import io.jobvault.examples.reports.Reports.ReportResult;
import io.jobvault.spring.DefinedJobHandler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.springframework.stereotype.Component;

/** Renders a report as a one-page PDF, kept as the job's artifact {@code report.pdf}. A bean: the starter registers it. */
@Component
public class ReportHandler implements DefinedJobHandler<ReportRequest, ReportResult> {
    static final String ARTIFACT = "report.pdf";

    @Override
    public JobDefinition<ReportRequest, ReportResult> definition() {
        return Reports.REPORT;
    }

    @Override
    public JobOutcome handle(ReportRequest report, JobContext context) throws IOException {
        ByteArrayOutputStream pdf = new ByteArrayOutputStream();
        try (PDDocument document = new PDDocument()) {
            PDPage page = new PDPage();
            document.addPage(page);
            try (PDPageContentStream text = new PDPageContentStream(document, page)) {
                text.beginText();
                text.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 18);
                text.newLineAtOffset(72, 720);
                // Helvetica here encodes WinAnsi only
                text.showText(("Report for " + report.customer() + ", " + report.month()).replaceAll("[^\\x20-\\x7E]", "?"));
                text.endText();
            }
            document.save(pdf);
        }
        Artifact artifact = context.writeArtifact(ARTIFACT, "application/pdf", pdf.toByteArray());
        return JobOutcome.success(new ReportResult(ARTIFACT, 1, artifact.size()));
    }
}
