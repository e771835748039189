package io.jobvault.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.jobvault.JobOutcome;
import io.jobvault.server.JobvaultServer;
import io.jobvault.server.ServerConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * A page on another origin follows a job in Chromium with a per-job read token: fetch with the token in the header
 * (preflighted), EventSource with {@code ?access_token=}; the browser's own CORS checks decide what the page may read.
 */
class CrossOriginBrowserTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String PAGE = """
            <!doctype html><meta charset="utf-8"><title>watch</title>
            <p>fetch: <span id="fetched">…</span></p><p>events: <span id="streamed">…</span></p><p>list: <span id="listed">…</span></p>
            <script>
            const q = new URLSearchParams(location.search);
            const api = q.get("api"), id = q.get("job"), token = q.get("token");
            const show = (el, text) => document.getElementById(el).textContent = text;
            fetch(`${api}/v1/jobs/${id}?wait=10s`, {headers: {Authorization: `Bearer ${token}`}})
              .then(r => r.json()).then(j => show("fetched", j.state)).catch(e => show("fetched", "blocked"));
            const events = new EventSource(`${api}/v1/jobs/${id}/events?access_token=${encodeURIComponent(token)}`);
            events.addEventListener("state", e => { const j = JSON.parse(e.data); show("streamed", j.state);
              if (j.state === "succeeded") events.close(); });
            events.onerror = () => { if (document.getElementById("streamed").textContent === "…") show("streamed", "blocked"); events.close(); };
            fetch(`${api}/v1/jobs`, {headers: {Authorization: `Bearer ${token}`}})
              .then(r => show("listed", "status " + r.status)).catch(e => show("listed", "blocked"));
            </script>
            """;

    @TempDir
    Path dir;
    HttpServer pages;
    JobvaultServer server;
    ChromeDriver browser;

    @BeforeEach
    void start() throws IOException {
        pages = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        pages.createContext("/", exchange -> {
            byte[] body = PAGE.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        pages.start();
        // the page is served as http://localhost:PORT (listed) and http://127.0.0.1:PORT (not): two origins, one server
        server = JobvaultServer.start(new ServerConfig("127.0.0.1", 0, 64 * 1024, "jdbc:sqlite:" + dir.resolve("jobvault.db"),
                "e2e-admin-token").withJobTypes(Set.of()).withCors(Set.of("http://localhost:" + pages.getAddress().getPort()), false),
                b -> b.nodeId("e2e").queue("default", 2).handler("e2e.ok", ctx -> JobOutcome.success("{\"ok\":true}")));
        browser = Chromium.start(dir.resolve("profile"));
    }

    @AfterEach
    void stop() {
        if (browser != null) browser.quit();
        if (server != null) server.close();
        if (pages != null) pages.stop(0);
    }

    /** Submits a job with a read token, as a backend would: {id, token}. */
    private String[] submitWithReadToken() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.port() + "/v1/jobs?readToken=true"))
                .header("Authorization", "Bearer e2e-admin-token").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"type\": \"e2e.ok\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        var json = io.jobvault.json.Json.MAPPER.readTree(r.body());
        return new String[] {json.get("id").asText(), json.get("readToken").get("token").asText()};
    }

    private void open(String host, String[] job) {
        browser.get("http://" + host + ":" + pages.getAddress().getPort() + "/?api=http://127.0.0.1:" + server.port()
                + "&job=" + job[0] + "&token=" + job[1]);
    }

    private String text(String id) {
        return browser.findElement(By.id(id)).getText();
    }

    @Test
    void aListedOriginFollowsItsJobAndNothingElse() throws Exception {
        String[] job = submitWithReadToken();
        open("localhost", job);
        await().atMost(WAIT).until(() -> text("streamed").equals("succeeded") || text("streamed").equals("blocked"));
        await().atMost(WAIT).until(() -> !text("fetched").equals("…") && !text("listed").equals("…"));
        assertThat(text("streamed")).as("EventSource with ?access_token=").isEqualTo("succeeded");
        assertThat(text("fetched")).as("fetch with the token in a header, preflighted").isEqualTo("succeeded");
        // listing is not exposed cross-origin: the browser withholds the answer whatever it was
        assertThat(text("listed")).isEqualTo("blocked");
    }

    @Test
    void anUnlistedOriginReadsNothing() throws Exception {
        String[] job = submitWithReadToken();
        open("127.0.0.1", job);
        await().atMost(WAIT).until(() -> !text("fetched").equals("…") && !text("streamed").equals("…"));
        assertThat(text("fetched")).isEqualTo("blocked");
        assertThat(text("streamed")).isEqualTo("blocked");
    }
}
