package io.jobvault.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobvault.store.sqlite.SqliteJobStore;
import io.jobvault.testkit.JobCountsCheck;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server as a child process, killed with SIGKILL mid-run and started again on the same data directory: every
 * job it accepted succeeds, every artifact downloads with the SHA-256 that was recorded for it, and the job counters
 * (GET /v1/stats) equal a count of the jobs table.
 */
class ServerCrashTest {
    private static final int JOBS = 120;

    @TempDir
    Path dir;

    @Test
    void acceptedJobsAndTheirArtifactsSurviveAKillDashNine() throws Exception {
        int port = ServerProcess.freePort();
        ServerProcess first = start(port, "first");
        try {
            ApiClient api = first.api();
            List<String> accepted = new ArrayList<>();
            for (int i = 0; i < JOBS; i++) {
                String body = i % 3 == 0
                        ? "{\"type\": \"demo.report\", \"payload\": {\"title\": \"Report " + i + "\", \"pages\": " + (2 + i % 4) + "}}"
                        : "{\"type\": \"demo.sleep\", \"payload\": {\"ms\": " + (50 + (i * 37) % 250) + "}}";
                ApiClient.Response r = api.post("/v1/jobs", body);
                assertThat(r.status()).as(r.raw()).isEqualTo(202);
                accepted.add(r.json().get("id").asText());
            }
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                    .until(() -> succeeded(api) >= JOBS / 5);
            assertThat(succeeded(api)).as("killed mid-run, not after").isLessThan(JOBS);
            first.kill();

            try (ServerProcess second = start(port, "second")) {
                for (String id : accepted) {
                    JsonNode job = api.get("/v1/jobs/" + id + "?wait=60s").json();
                    assertThat(job.get("state").asText()).as("job %s", id).isEqualTo("succeeded");
                    second.assertArtifactsDownload(job);
                    if (job.get("type").asText().equals("demo.report")) assertThat(job.get("artifacts")).hasSize(1);
                }
                assertStatsMatchTheTable(api);
            }
        } finally {
            first.kill();
        }
        try (SqliteJobStore store = SqliteJobStore.open(dir.resolve("jobvault.db"));
             Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("jobvault.db"))) {
            JobCountsCheck.assertCountersMatchTable(store, c);
        }
    }

    /**
     * The counters survived the kill: GET /v1/stats equals a count of the jobs table (read one after the other while
     * the server may still change a job, so until they agree, within a deadline).
     */
    private void assertStatsMatchTheTable(ApiClient api) {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> statsMatchTheTable(api));
    }

    private void statsMatchTheTable(ApiClient api) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("jobvault.db"))) {
            Map<String, Map<JobCountsCheck.Key, Long>> table = JobCountsCheck.countTable(c);
            JsonNode stats = api.get("/v1/stats").json();
            Map<String, Long> byState = new TreeMap<>();
            Map<String, Long> byQueueAndState = new TreeMap<>();
            table.values().forEach(m -> m.forEach((k, n) -> {
                byState.merge(k.state().dbName(), n, Long::sum);
                byQueueAndState.merge(k.queue() + "/" + k.state().dbName(), n, Long::sum);
            }));
            assertThat(byState.get("succeeded")).isGreaterThanOrEqualTo(JOBS);
            stats.get("states").fields().forEachRemaining(e ->
                    assertThat(e.getValue().asLong()).as("state %s", e.getKey()).isEqualTo(byState.getOrDefault(e.getKey(), 0L)));
            Map<String, Long> statsByQueue = new TreeMap<>();
            stats.get("queues").fields().forEachRemaining(q -> q.getValue().fields().forEachRemaining(e -> {
                if (e.getValue().asLong() != 0) statsByQueue.put(q.getKey() + "/" + e.getKey(), e.getValue().asLong());
            }));
            assertThat(statsByQueue).isEqualTo(byQueueAndState);
        }
    }

    private ServerProcess start(int port, String label) throws IOException {
        return ServerProcess.start(port, dir, dir.resolve("server-" + label + ".log"),
                "--data", dir.toString(), "--demo", "--node-id", "crash-server");
    }

    private static long succeeded(ApiClient api) {
        return api.get("/v1/jobs?state=succeeded&limit=1000").json().get("items").size();
    }
}
