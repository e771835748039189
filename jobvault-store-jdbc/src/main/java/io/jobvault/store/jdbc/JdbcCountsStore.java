package io.jobvault.store.jdbc;

import io.jobvault.FinishedRuns;
import io.jobvault.JobCount;
import java.time.Instant;
import java.util.List;

/** The job counters part of the JDBC store, by delegation, so {@link JdbcJobStore} stays about jobs. */
interface JdbcCountsStore extends io.jobvault.store.JobStore {
    JdbcCounts counts();

    @Override
    default List<JobCount> jobCounts(String tenant) {
        return counts().jobCounts(tenant);
    }

    @Override
    default List<FinishedRuns> jobsFinishedPerMinute(Instant since, String tenant) {
        return counts().jobsFinishedPerMinute(since, tenant);
    }

    @Override
    default int jobStatsFold(int limit) {
        return counts().jobStatsFold(limit);
    }

    @Override
    default int jobStatsPrune(Instant cutoff, int limit) {
        return counts().jobStatsPrune(cutoff, limit);
    }
}
