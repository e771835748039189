package io.jobvault.spring;

import io.jobvault.JobDefinition;
import io.jobvault.JobRequest;
import io.jobvault.Jobvault;
import io.jobvault.SubmitResult;
import java.sql.Connection;
import java.util.function.Function;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Submits jobs in the application's transaction when there is one: inside a Spring transaction on the DataSource
 * Jobvault stores in (a {@code @Transactional} method), the job is written on that transaction's connection with
 * {@link Jobvault#submitIn} and exists only if it commits; outside one, it is committed at once by
 * {@link Jobvault#submit}. With a store of Jobvault's own ({@code jobvault.url}) there is no shared transaction and
 * every submit commits at once.
 */
public class TransactionalJobs {
    private final Jobvault jobvault;
    private final DataSource dataSource;

    /** @param dataSource the DataSource Jobvault stores in, or null when it has a store of its own */
    public TransactionalJobs(Jobvault jobvault, DataSource dataSource) {
        this.jobvault = jobvault;
        this.dataSource = dataSource;
    }

    /** A job of {@code definition}, in the current transaction if there is one. */
    public <P> SubmitResult submit(JobDefinition<P, ?> definition, P payload) {
        return inTransaction() ? onTransaction(c -> jobvault.submitIn(c, definition, payload))
                : jobvault.submit(definition, payload);
    }

    /** A job of the string API, in the current transaction if there is one. */
    public SubmitResult submit(JobRequest request) {
        return inTransaction() ? onTransaction(c -> jobvault.submitIn(c, request)) : jobvault.submit(request);
    }

    private SubmitResult onTransaction(Function<Connection, SubmitResult> submit) {
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try {
            return submit.apply(connection);
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }

    /** True inside a transaction that holds a connection of Jobvault's DataSource. */
    public boolean inTransaction() {
        return dataSource != null && TransactionSynchronizationManager.isActualTransactionActive()
                && TransactionSynchronizationManager.getResource(dataSource) != null;
    }
}
