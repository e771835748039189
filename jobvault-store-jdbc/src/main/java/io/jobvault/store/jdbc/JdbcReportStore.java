package io.jobvault.store.jdbc;

import io.jobvault.store.ReportStore;
import java.util.List;
import java.util.UUID;

/** {@link ReportStore} for the JDBC store, by delegation. */
interface JdbcReportStore extends ReportStore {
    JdbcReports reports();

    @Override
    default Recovery jobsRecoverySince(UUID lowerBound) {
        return reports().recoverySince(lowerBound);
    }

    @Override
    default List<Long> jobsPickupMillisSince(UUID lowerBound, int limit) {
        return reports().pickupSince(lowerBound, limit);
    }
}
