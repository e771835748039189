package io.jobvault.examples.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jobvault.JobCount;
import io.jobvault.JobState;
import io.jobvault.Jobvault;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The sample application on the real PostgreSQL (127.0.0.1:5432, database test, or JOBVAULT_TEST_POSTGRES_URL), in a
 * schema of its own that is dropped once the context has closed (and Jobvault with it).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class ReportsApplicationTest {
    static final String BASE = System.getenv().getOrDefault("JOBVAULT_TEST_POSTGRES_URL",
            "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
    static final String SCHEMA = "sbr_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    static final ObjectMapper JSON = new ObjectMapper();

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry properties) throws SQLException {
        execute("CREATE SCHEMA " + SCHEMA);
        properties.add("spring.datasource.url", () -> BASE + "&currentSchema=" + SCHEMA);
        properties.add("jobvault.node-id", () -> "reports-" + SCHEMA);
    }

    /** Destroyed after the lifecycle stopped Jobvault: drops the test's schema. */
    @TestConfiguration
    static class DropSchema {
        @Bean
        DisposableBean dropTestSchema() {
            return () -> execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
        }
    }

    @Autowired
    Environment environment;
    @Autowired
    Jobvault jobvault;
    @Autowired
    JdbcClient jdbc;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void anOrderCommitsWithItsJobAndTheHandlerBeanRendersThePdf() throws Exception {
        HttpResponse<String> ordered = post("/reports", "{\"customer\":\"acme\",\"month\":\"2026-11\"}");

        assertThat(ordered.statusCode()).isEqualTo(202);
        UUID id = UUID.fromString(JSON.readTree(ordered.body()).get("jobId").asText());
        await().atMost(Duration.ofSeconds(20)).until(() -> jobvault.get(id).state() == JobState.SUCCEEDED);
        HttpResponse<String> followed = get("/reports/" + id);
        assertThat(followed.statusCode()).as(followed.body()).isEqualTo(200);
        JsonNode status = JSON.readTree(followed.body());
        assertThat(status.get("state").asText()).isEqualTo("SUCCEEDED");
        assertThat(status.at("/result/pages").asInt()).isEqualTo(1);
        byte[] pdf = jobvault.artifact(id, ReportHandler.ARTIFACT).orElseThrow().readAllBytes();
        try (var document = Loader.loadPDF(pdf)) {
            assertThat(new PDFTextStripper().getText(document)).contains("Report for acme, 2026-11");
        }
        assertThat(orders("acme")).isEqualTo(1);
    }

    @Test
    void anOrderRolledBackSubmitsNothing() throws Exception {
        assertThat(post("/reports", "{\"customer\":\"globex\",\"month\":\"2026-10\"}").statusCode()).isEqualTo(202);
        long reportJobs = reportJobs();

        HttpResponse<String> again = post("/reports", "{\"customer\":\"globex\",\"month\":\"2026-10\"}");

        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(orders("globex")).isEqualTo(1);
        assertThat(reportJobs()).isEqualTo(reportJobs); // the job submitted in the rolled-back transaction is gone with it
    }

    @Test
    void theHealthEndpointShowsJobvault() throws Exception {
        HttpResponse<String> health = get("/actuator/health");

        assertThat(health.statusCode()).isEqualTo(200);
        JsonNode jobvaultHealth = JSON.readTree(health.body()).at("/components/jobvault");
        assertThat(jobvaultHealth.get("status").asText()).isEqualTo("UP");
        assertThat(jobvaultHealth.at("/details/nodeId").asText()).isEqualTo("reports-" + SCHEMA);
        assertThat(jobvaultHealth.at("/details/store").asText()).isEqualTo("UP");
        assertThat(jobvaultHealth.at("/details/nodeIdLock").asText()).isEqualTo("held");
        JsonNode readiness = JSON.readTree(get("/actuator/health/readiness").body());
        assertThat(readiness.at("/components/jobvault/status").asText()).isEqualTo("UP");
    }

    @Test
    void theEnginesMetersAreOnTheApplicationsRegistry() throws Exception {
        HttpResponse<String> ordered = post("/reports", "{\"customer\":\"initech\",\"month\":\"2026-09\"}");
        UUID id = UUID.fromString(JSON.readTree(ordered.body()).get("jobId").asText());
        await().atMost(Duration.ofSeconds(20)).until(() -> jobvault.get(id).state() == JobState.SUCCEEDED);

        HttpResponse<String> finished = get("/actuator/metrics/jobvault.jobs.finished?tag=type:report.pdf&tag=outcome:succeeded");

        assertThat(finished.statusCode()).as(finished.body()).isEqualTo(200);
        assertThat(JSON.readTree(finished.body()).at("/measurements/0/value").asDouble()).isGreaterThanOrEqualTo(1);
    }

    private long orders(String customer) {
        return jdbc.sql("select count(*) from report_orders where customer = ?").param(customer).query(Long.class).single();
    }

    private long reportJobs() {
        return jobvault.counts(null).stream().filter(c -> c.type().equals(Reports.REPORT.name()))
                .mapToLong(JobCount::count).sum();
    }

    private HttpResponse<String> post(String path, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + environment.getProperty("local.server.port") + path);
    }

    private static void execute(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(BASE); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }
}
