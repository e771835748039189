package io.jobvault.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Cross-origin access over real HTTP: preflights without a token, exact origins, only the reads a page needs. */
class CorsTest extends ServerTestBase {
    static final String APP = "http://app.example:5173";

    @Override
    ServerConfig configure(ServerConfig base) {
        return base.withCors(Set.of(APP), false);
    }

    private HttpResponse<String> preflight(String path, String origin, String method) throws IOException, InterruptedException {
        HttpRequest r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", origin)
                .header("Access-Control-Request-Method", method).header("Access-Control-Request-Headers", "authorization").build();
        return HttpClient.newHttpClient().send(r, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aPreflightFromAListedOriginIsAnsweredWithoutAToken() throws Exception {
        String id = api.post("/v1/jobs", "{\"type\": \"test.ok\"}").json().get("id").asText();
        for (String path : new String[] {"/v1/jobs/" + id, "/v1/jobs/" + id + "/events", "/v1/jobs/" + id + "/artifacts/a.pdf"}) {
            HttpResponse<String> r = preflight(path, APP, "GET");
            assertThat(r.statusCode()).as(path).isEqualTo(204);
            assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).hasValue(APP);
            assertThat(r.headers().firstValue("Access-Control-Allow-Methods").orElse("")).contains("GET");
            assertThat(r.headers().firstValue("Access-Control-Allow-Headers").orElse("")).contains("Authorization");
            assertThat(r.headers().allValues("Vary")).anyMatch(v -> v.contains("Origin"));
            assertThat(r.headers().firstValue("Access-Control-Allow-Credentials")).isEmpty();
        }
    }

    @Test
    void anUnlistedOriginGetsNoCorsHeaders() throws Exception {
        String id = api.post("/v1/jobs", "{\"type\": \"test.ok\"}").json().get("id").asText();
        HttpResponse<String> pre = preflight("/v1/jobs/" + id, "https://evil.example", "GET");
        assertThat(pre.headers().map().keySet()).noneMatch(h -> h.toLowerCase().startsWith("access-control-"));
        ApiClient.Response get = api.get("/v1/jobs/" + id, "Origin", "https://evil.example");
        assertThat(get.status()).isEqualTo(200);
        assertThat(get.headers().map().keySet()).noneMatch(h -> h.toLowerCase().startsWith("access-control-"));
        assertThat(get.headers().allValues("Vary")).anyMatch(v -> v.contains("Origin"));
    }

    @Test
    void onlyTheReadsAPageNeedsAreExposed() throws Exception {
        String id = api.post("/v1/jobs", "{\"type\": \"test.ok\"}").json().get("id").asText();
        for (String[] pm : new String[][] {{"/v1/jobs", "POST"}, {"/v1/jobs", "GET"}, {"/v1/jobs/" + id + "/cancel", "POST"},
                {"/v1/jobs/" + id, "DELETE"}, {"/v1/schedules", "GET"}}) {
            HttpResponse<String> r = preflight(pm[0], APP, pm[1]);
            assertThat(r.headers().firstValue("Access-Control-Allow-Methods")).as(pm[0] + " " + pm[1]).isEmpty();
        }
        assertThat(api.get("/v1/jobs", "Origin", APP).header("Access-Control-Allow-Origin")).isNull();
    }

    @Test
    void answersToAListedOriginCarryItEvenWhenRefused() {
        String id = api.post("/v1/jobs", "{\"type\": \"test.ok\"}").json().get("id").asText();
        ApiClient.Response ok = api.get("/v1/jobs/" + id, "Origin", APP);
        assertThat(ok.header("Access-Control-Allow-Origin")).isEqualTo(APP);
        assertThat(ok.header("Access-Control-Expose-Headers")).contains("ETag");
        ApiClient.Response refused = api.as(null).get("/v1/jobs/" + id, "Origin", APP);
        assertProblem(refused, 401);
        assertThat(refused.header("Access-Control-Allow-Origin")).as("the page can read why").isEqualTo(APP);
    }

    @Test
    void aPlainOptionsRequestStillNeedsAToken() {
        assertProblem(api.as(null).method("OPTIONS", "/v1/jobs"), 401);
    }

    @Test
    void wildcardsAndNonOriginsAreRefusedAtStart() {
        for (String bad : new String[] {"*", "https://*.example.com", "https://app.example.com/", "app.example.com",
                "https://app.example.com/path", "ftp://x.example", "HTTPS://APP.example.com"}) {
            assertThatThrownBy(() -> configure(new ServerConfig("127.0.0.1", 0, 1, "x", null)).withCors(Set.of(bad), false))
                    .as(bad).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--cors-origin");
        }
    }
}
