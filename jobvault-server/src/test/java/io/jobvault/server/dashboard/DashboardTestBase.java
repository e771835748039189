package io.jobvault.server.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobvault.JobOutcome;
import io.jobvault.JobvaultBuilder;
import io.jobvault.Retention;
import io.jobvault.json.Json;
import io.jobvault.server.JobvaultServer;
import io.jobvault.server.ServerConfig;
import io.jobvault.server.auth.Scope;
import io.jobvault.testkit.SettableClock;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server with the dashboard on an ephemeral loopback port, on its own SQLite file, with a settable clock. Each test
 * starts it with the dashboard settings it needs ({@link #start}).
 */
abstract class DashboardTestBase {
    static final String ADMIN_TOKEN = "test-admin-token-for-the-dashboard";
    private static final HttpClient API = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path dir;
    final SettableClock clock = SettableClock.atFixedStart();
    JobvaultServer server;

    void start(DashboardSettings settings) {
        ServerConfig config = new ServerConfig("127.0.0.1", 0, 64 * 1024, "jdbc:sqlite:" + dir.resolve("jobvault.db"), ADMIN_TOKEN)
                .withDashboard(settings);
        server = JobvaultServer.start(config, b -> node(b.nodeId("dash").clock(clock).tickInterval(Duration.ofMillis(5))
                .pollInterval(Duration.ofMillis(100)).retention(Retention.all(Duration.ofHours(1))).queue("default", 2)
                .handler("test.ok", ctx -> JobOutcome.success("{\"ok\":true,\"password\":\"result-secret\"}"))));
    }

    /** More for the node a test needs (handlers); nothing by default. */
    void node(JobvaultBuilder b) {}

    @AfterEach
    void stopServer() {
        if (server != null) server.close();
    }

    Browser browser() {
        return new Browser(server.port());
    }

    /** A new token's secret, with these scopes and tenant (null: any tenant). */
    String token(String tenant, Scope... scopes) {
        return server.tokens().create("test", tenant, Set.of(scopes)).secret();
    }

    /** Submits a job through the API with the admin token; returns its id. */
    String submit(String body) {
        HttpResponse<String> r = api("POST", "/v1/jobs", body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        return json(r.body()).get("id").asText();
    }

    /** A job's state as the API reads it. */
    String state(String id) {
        return json(api("GET", "/v1/jobs/" + id, null).body()).get("state").asText();
    }

    HttpResponse<String> api(String method, String path, String body) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                    .header("Authorization", "Bearer " + ADMIN_TOKEN).header("Content-Type", "application/json")
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
            return API.send(b.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static JsonNode json(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }
}
