package io.jobvault.store.jdbc;

import io.jobvault.alert.Alert;
import io.jobvault.store.AlertStore;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** {@link AlertStore} for the JDBC store, by delegation, so {@link JdbcJobStore} stays about jobs. */
interface JdbcAlertStore extends AlertStore {
    JdbcAlerts alerts();

    @Override
    default Optional<Alert> alertOpen(Alert alert) {
        return alerts().open(alert);
    }

    @Override
    default List<Alert> alertsOpen() {
        return alerts().openAlerts();
    }

    @Override
    default Optional<Alert> alertResolve(long id, Instant at) {
        return alerts().resolve(id, at);
    }

    @Override
    default Optional<Alert> alertAcknowledge(long id, String by, Instant at) {
        return alerts().acknowledge(id, by, at);
    }

    @Override
    default int alertsPrune(Instant cutoff, int limit) {
        return alerts().prune(cutoff, limit);
    }

    @Override
    default List<Alert> alertsSince(Instant since, int limit) {
        return alerts().since(since, limit);
    }

    @Override
    default List<FinishedCount> jobsFinishedCountsSince(UUID lowerBound, int limit) {
        return alerts().finishedCountsSince(lowerBound, limit);
    }
}
