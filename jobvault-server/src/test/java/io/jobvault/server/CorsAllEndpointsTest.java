package io.jobvault.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@code --cors-all-endpoints}: every /v1 route is open to the listed origins, writes included; others still get nothing. */
class CorsAllEndpointsTest extends ServerTestBase {
    static final String APP = "https://ops.example.com";

    @Override
    ServerConfig configure(ServerConfig base) {
        return base.withCors(Set.of(APP), true);
    }

    @Test
    void writesArePreflightedAndAnswered() throws Exception {
        HttpResponse<String> pre = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/v1/jobs"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", APP)
                .header("Access-Control-Request-Method", "POST").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(pre.statusCode()).isEqualTo(204);
        assertThat(pre.headers().firstValue("Access-Control-Allow-Methods").orElse("")).contains("POST");
        assertThat(pre.headers().firstValue("Access-Control-Allow-Headers").orElse("")).contains("Content-Type").contains("Idempotency-Key");

        ApiClient.Response submitted = api.post("/v1/jobs", "{\"type\": \"test.ok\"}", "Origin", APP);
        assertThat(submitted.status()).isEqualTo(202);
        assertThat(submitted.header("Access-Control-Allow-Origin")).isEqualTo(APP);
        assertThat(api.get("/v1/schedules", "Origin", APP).header("Access-Control-Allow-Origin")).isEqualTo(APP);
        assertThat(api.get("/v1/schedules", "Origin", "https://other.example.com").header("Access-Control-Allow-Origin")).isNull();
    }
}
