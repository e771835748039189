package io.jobvault.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.jobvault.JobFilter;
import io.jobvault.JobOutcome;
import io.jobvault.JobRequest;
import io.jobvault.JobState;
import io.jobvault.Jobvault;
import io.jobvault.NoSuchJobException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Submitting inside the application's own transaction: the job exists if and only if that transaction commits. */
class TransactionalEnqueueTest {
    @TempDir
    Path dir;
    String url;
    Jobvault jv;
    final List<String> ran = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        url = PostgresTestSchemas.newSchemaUrl();
        jv = Jobvault.builder().database(url).nodeId("tx-test").artifactDirectory(dir).queue("default", 2)
                .pollInterval(Duration.ofMillis(100))
                .handler("order.confirm", ctx -> {
                    ran.add(ctx.payload());
                    return JobOutcome.success();
                }).build();
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE orders (id int PRIMARY KEY)");
        }
    }

    @AfterEach
    void stop() throws Exception {
        jv.close();
        PostgresTestSchemas.drop(url);
    }

    private UUID orderInTransaction(int order, boolean commit) throws Exception {
        try (Connection app = DriverManager.getConnection(url)) {
            app.setAutoCommit(false);
            try (Statement st = app.createStatement()) {
                st.execute("INSERT INTO orders VALUES (" + order + ")");
            }
            UUID id = jv.submitIn(app, JobRequest.of("order.confirm", "{\"order\":" + order + "}")).id();
            if (commit) app.commit();
            else app.rollback();
            return id;
        }
    }

    @Test
    void aCommittedTransactionsJobRuns() throws Exception {
        UUID id = orderInTransaction(1, true);
        await().atMost(Duration.ofSeconds(20)).until(() -> jv.get(id).state() == JobState.SUCCEEDED);
        assertThat(ran).containsExactly("{\"order\":1}");
    }

    @Test
    void aRolledBackTransactionLeavesNoJob() throws Exception {
        UUID rolledBack = orderInTransaction(2, false);
        UUID marker = jv.submit(JobRequest.of("order.confirm", "{\"order\":3}")).id(); // submitted after the rollback
        await().atMost(Duration.ofSeconds(20)).until(() -> jv.get(marker).state() == JobState.SUCCEEDED);
        assertThat(ran).containsExactly("{\"order\":3}");
        assertThatThrownBy(() -> jv.get(rolledBack)).isInstanceOf(NoSuchJobException.class);
        assertThat(jv.list(JobFilter.ALL, null, 10).items()).hasSize(1);
    }

    @Test
    void anAutoCommitConnectionIsRefusedAndNothingIsStored() throws Exception {
        try (Connection app = DriverManager.getConnection(url)) {
            assertThatThrownBy(() -> jv.submitIn(app, JobRequest.of("order.confirm", "{}")))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("auto-commit");
        }
        assertThat(jv.list(JobFilter.ALL, null, 10).items()).isEmpty();
    }
}
