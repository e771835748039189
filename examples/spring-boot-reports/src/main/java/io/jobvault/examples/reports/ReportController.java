package io.jobvault.examples.reports;

import io.jobvault.Job;
import io.jobvault.Jobvault;
import io.jobvault.SubmitResult;
import io.jobvault.examples.reports.Reports.ReportRequest;
import java.net.URI;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /reports} orders a report (202 with its job); {@code GET /reports/{id}} follows the job. */
@RestController
@RequestMapping("/reports")
public class ReportController {
    private final ReportOrders orders;
    private final Jobvault jobvault;

    public ReportController(ReportOrders orders, Jobvault jobvault) {
        this.orders = orders;
        this.jobvault = jobvault;
    }

    public record Ordered(UUID jobId) {}

    public record ReportStatus(UUID jobId, String state, Reports.ReportResult result) {}

    @PostMapping
    public ResponseEntity<Ordered> order(@RequestBody ReportRequest request) {
        if (request.customer() == null || request.customer().isBlank() || request.month() == null) {
            throw new IllegalArgumentException("customer and month (YYYY-MM) are required");
        }
        SubmitResult submitted = orders.order(request);
        return ResponseEntity.accepted().location(URI.create("/reports/" + submitted.id())).body(new Ordered(submitted.id()));
    }

    @GetMapping("/{id}")
    public ReportStatus status(@PathVariable("id") UUID id) {
        Job job = jobvault.get(id);
        return new ReportStatus(id, job.state().name(), jobvault.result(Reports.REPORT, id).orElse(null));
    }

    @ExceptionHandler(ReportOrders.OrderLimitException.class)
    ProblemDetail overLimit(ReportOrders.OrderLimitException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ProblemDetail badRequest(IllegalArgumentException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
    }
}
