package io.jobvault.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.jobvault.JobDefinition;
import io.jobvault.JobOutcome;
import io.jobvault.JobState;
import io.jobvault.Jobvault;
import io.jobvault.NoSuchJobException;
import io.jobvault.store.jdbc.JdbcJobStore;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Jobvault on the application's own pool (HikariCP, configured as an application would): one pool for the service. */
class ApplicationPoolTest {
    record Invoice(int orderId) {}

    record Sent(String to) {}

    static final JobDefinition<Invoice, Sent> INVOICE = JobDefinition.of("invoice.send", Invoice.class, Sent.class).queue("mail");

    String schema;
    String url;
    HikariDataSource pool;

    @BeforeEach
    void createSchemaAndPool() throws Exception {
        url = PostgresTestSchemas.newSchemaUrl();
        schema = PostgresJobStore.schemaOf(url);
        try (Connection c = DriverManager.getConnection(PostgresTestSchemas.BASE); Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA " + schema);
            st.execute("CREATE TABLE " + schema + ".orders (id int PRIMARY KEY)");
        }
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(PostgresTestSchemas.BASE); // no stringtype=unspecified: the application's settings, not Jobvault's
        hc.setSchema(schema);
        hc.setMaximumPoolSize(6);
        pool = new HikariDataSource(hc);
    }

    @AfterEach
    void dropSchemaAndPool() throws Exception {
        pool.close();
        PostgresTestSchemas.drop(url);
    }

    Jobvault start() {
        return Jobvault.builder().dataSource(pool).nodeId("app-1").pollInterval(Duration.ofMillis(100)).queue("mail", 2)
                .handler(INVOICE, (invoice, ctx) -> JobOutcome.success(new Sent("order-" + invoice.orderId() + "@example.com")))
                .build();
    }

    @Test
    void jobsAreStoredAndRunThroughTheApplicationsPoolInItsSchema() throws Exception {
        try (Jobvault jv = start()) {
            UUID id = jv.submit(INVOICE, new Invoice(7)).id();

            await().atMost(Duration.ofSeconds(20)).until(() -> jv.get(id).state() == JobState.SUCCEEDED);
            assertThat(jv.result(INVOICE, id)).contains(new Sent("order-7@example.com"));
        }
        try (Connection c = pool.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT count(*) FROM information_schema.tables WHERE table_schema = '" + schema + "' AND table_name IN ('jobs', '"
                        + JdbcJobStore.SCHEMA_HISTORY_TABLE + "')")) {
            rs.next();
            assertThat(rs.getInt(1)).as("Jobvault's tables and its own migration history, in the pool's schema").isEqualTo(2);
        }
    }

    @Test
    void aJobSubmittedInTheApplicationsTransactionExistsOnlyIfItCommits() throws Exception {
        try (Jobvault jv = start()) {
            UUID rolledBack;
            UUID committed;
            try (Connection c = pool.getConnection()) {
                c.setAutoCommit(false);
                insertOrder(c, 1);
                rolledBack = jv.submitIn(c, INVOICE, new Invoice(1)).id();
                c.rollback();
                insertOrder(c, 2);
                committed = jv.submitIn(c, INVOICE, new Invoice(2)).id();
                c.commit();
                c.setAutoCommit(true);
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> jv.get(committed).state() == JobState.SUCCEEDED);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> jv.get(rolledBack)).isInstanceOf(NoSuchJobException.class);
        }
    }

    @Test
    void closingLeavesThePoolOpenAndHandsItsSessionsBackClean() {
        start().close();

        assertThat(pool.isClosed()).isFalse();
        // the node-id lock lived on a pooled connection: it was given back, or this second start would be refused
        try (Jobvault again = start()) {
            assertThat(again.nodeIdLost()).isEmpty();
        }
    }

    private static void insertOrder(Connection c, int id) throws Exception {
        try (var ps = c.prepareStatement("INSERT INTO orders (id) VALUES (?)")) {
            ps.setInt(1, id);
            ps.executeUpdate();
        }
    }
}
