package io.jobvault.examples.reports;

import io.jobvault.SubmitResult;
import io.jobvault.examples.reports.Reports.ReportRequest;
import io.jobvault.spring.TransactionalJobs;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Takes report orders: the order's row and its rendering job are written in one transaction. */
@Service
public class ReportOrders {
    /** Reports a customer may order per month. */
    static final int PER_MONTH = 1;

    private final JdbcClient jdbc;
    private final TransactionalJobs jobs;

    public ReportOrders(JdbcClient jdbc, TransactionalJobs jobs) {
        this.jdbc = jdbc;
        this.jobs = jobs;
    }

    /**
     * Records the order and submits its job. The monthly limit is checked after both, against the rows this
     * transaction sees: an order over it rolls back, and its job with it — no job renders a report nobody ordered.
     */
    @Transactional
    public SubmitResult order(ReportRequest request) {
        jdbc.sql("insert into report_orders (customer, month) values (?, ?)")
                .params(request.customer(), request.month().toString()).update();
        SubmitResult submitted = jobs.submit(Reports.REPORT, request);
        long ordered = jdbc.sql("select count(*) from report_orders where customer = ? and month = ?")
                .params(request.customer(), request.month().toString()).query(Long.class).single();
        if (ordered > PER_MONTH) throw new OrderLimitException(request, PER_MONTH);
        return submitted;
    }

    /** The customer has ordered all the reports of the month they may. */
    public static class OrderLimitException extends RuntimeException {
        OrderLimitException(ReportRequest request, int limit) {
            super(request.customer() + " has ordered " + limit + " report(s) of " + request.month() + " already");
        }
    }
}
