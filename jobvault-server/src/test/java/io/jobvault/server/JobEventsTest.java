package io.jobvault.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobvault.json.Json;
import io.jobvault.server.auth.Scope;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The SSE stream of a job, over real HTTP: progress and state events, the end at a terminal state, resumption. */
class JobEventsTest extends ServerTestBase {
    record Event(String id, String type, JsonNode job) {}

    private List<Event> stream(String id, String lastEventId, String token) throws IOException, InterruptedException {
        return stream(id, lastEventId, token, new ArrayList<>());
    }

    /** Reads the stream to its end, adding each event to {@code events} as it arrives. */
    private List<Event> stream(String id, String lastEventId, String token, List<Event> events) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/v1/jobs/" + id + "/events"))
                .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(60));
        if (lastEventId != null) b.header("Last-Event-ID", lastEventId);
        HttpResponse<java.util.stream.Stream<String>> r = HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofLines());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        String[] current = new String[3];
        r.body().forEach(line -> {
            if (line.startsWith("id: ")) current[0] = line.substring(4);
            else if (line.startsWith("event: ")) current[1] = line.substring(7);
            else if (line.startsWith("data: ")) current[2] = line.substring(6);
            else if (line.isEmpty() && current[2] != null) {
                events.add(new Event(current[0], current[1], Json.read(current[2], JsonNode.class)));
                current[0] = current[1] = current[2] = null;
            }
        });
        return events;
    }

    @Test
    void streamsProgressAndStateUntilTheJobFinishes() throws Exception {
        String id = api.post("/v1/jobs", "{\"type\": \"test.progress\"}").json().get("id").asText();
        List<Event> events = new CopyOnWriteArrayList<>();
        CompletableFuture<List<Event>> streamed = CompletableFuture.supplyAsync(() -> {
            try {
                return stream(id, null, ADMIN_TOKEN, events);
            } catch (IOException | InterruptedException e) {
                throw new CompletionException(e);
            }
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> events.stream().anyMatch(e -> percent(e) == 50));
        assertThat(streamed).as("the job holds at the gate: the stream stays open").isNotDone();
        assertThat(events).noneMatch(e -> e.job().get("state").asText().equals("succeeded"));

        gate.countDown();

        List<Event> all = streamed.get(30, TimeUnit.SECONDS);
        Event last = all.getLast();
        assertThat(last.type()).isEqualTo("state");
        assertThat(last.job().get("state").asText()).isEqualTo("succeeded");
        assertThat(percent(last)).isEqualTo(100);
        assertThat(all).extracting(Event::id).doesNotHaveDuplicates();
    }

    @Test
    void theTerminalEventCarriesTheArtifactsWithTheirSignedLinks() throws Exception {
        String id = api.post("/v1/jobs", "{\"type\": \"test.artifact\"}").json().get("id").asText();
        List<Event> all = stream(id, null, ADMIN_TOKEN);
        JsonNode last = all.getLast().job();
        assertThat(last.get("state").asText()).isEqualTo("succeeded");
        JsonNode artifact = last.get("artifacts").get(0);
        assertThat(artifact.get("name").asText()).isEqualTo("data.bin");
        assertThat(artifact.get("size").asInt()).isEqualTo(ARTIFACT_BYTES.length);
        assertThat(api.get(artifact.get("url").asText()).raw()).isEqualTo(new String(ARTIFACT_BYTES));
    }

    private static int percent(Event e) {
        return e.job().path("progress").path("percent").asInt(-1);
    }

    @Test
    void aReconnectWithTheLastEventIdSkipsWhatTheClientHas() throws Exception {
        String id = api.post("/v1/jobs", "{\"type\": \"test.ok\"}").json().get("id").asText();
        assertThat(api.get("/v1/jobs/" + id + "?wait=30s").json().get("state").asText()).isEqualTo("succeeded");
        List<Event> first = stream(id, null, ADMIN_TOKEN);
        assertThat(first).singleElement().satisfies(e -> assertThat(e.job().get("state").asText()).isEqualTo("succeeded"));
        assertThat(stream(id, first.getFirst().id(), ADMIN_TOKEN)).isEmpty();
        assertThat(stream(id, "0.available.-", ADMIN_TOKEN)).hasSize(1); // an older snapshot: the current one is sent
    }

    @Test
    void accessIsCheckedBeforeTheStreamStarts() {
        String id = api.post("/v1/jobs", "{\"type\": \"test.ok\", \"tenant\": \"b\"}").json().get("id").asText();
        String other = server.tokens().create("a", "a", Set.of(Scope.READ)).secret();
        assertProblem(api.as(other).get("/v1/jobs/" + id + "/events"), 404);
        assertProblem(api.as(null).get("/v1/jobs/" + id + "/events"), 401);
        assertProblem(api.get("/v1/jobs/" + java.util.UUID.randomUUID() + "/events"), 404);
    }

    @Test
    void deleteNeedsAdminAndLeavesTheIdGone() {
        String id = api.post("/v1/jobs", "{\"type\": \"test.ok\", \"delay\": \"1h\"}").json().get("id").asText();
        String submitter = server.tokens().create("s", null, Set.of(Scope.SUBMIT, Scope.READ)).secret();
        assertProblem(api.as(submitter).method("DELETE", "/v1/jobs/" + id), 403);
        assertThat(api.method("DELETE", "/v1/jobs/" + id).status()).isEqualTo(204);
        assertProblem(api.get("/v1/jobs/" + id), 410);
        assertProblem(api.method("DELETE", "/v1/jobs/" + id), 410);
    }
}
