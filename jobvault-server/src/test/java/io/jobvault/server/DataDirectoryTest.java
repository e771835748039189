package io.jobvault.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every file of {@code jobvault server --data D} lives under D, whatever directory the server was started from: a
 * server killed with SIGKILL and started again from another directory (as systemd, a container or a deploy script
 * does) serves every artifact with its recorded SHA-256.
 */
class DataDirectoryTest {
    @TempDir
    Path root;
    Path data;
    Path startedIn;
    Path restartedIn;
    int port;

    @BeforeEach
    void directories() throws IOException {
        data = Files.createDirectories(root.resolve("data"));
        startedIn = Files.createDirectories(root.resolve("x"));
        restartedIn = Files.createDirectories(root.resolve("y"));
        port = ServerProcess.freePort();
    }

    private ServerProcess start(Path workingDirectory, String label) throws IOException {
        return ServerProcess.start(port, workingDirectory, root.resolve("server-" + label + ".log"),
                "--data", data.toString(), "--demo", "--node-id", "data-dir-test");
    }

    private static List<String> submitReports(ApiClient api, int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ApiClient.Response r = api.post("/v1/jobs", "{\"type\": \"demo.report\", \"payload\": {\"title\": \"R" + i + "\", \"pages\": 2}}");
            assertThat(r.status()).as(r.raw()).isEqualTo(202);
            ids.add(r.json().get("id").asText());
        }
        return ids;
    }

    private static long succeeded(ApiClient api, List<String> ids) {
        return ids.stream().filter(id -> api.get("/v1/jobs/" + id).json().get("state").asText().equals("succeeded")).count();
    }

    private static List<Path> filesUnder(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).toList();
        }
    }

    @Test
    void aRestartFromAnotherDirectoryServesEveryArtifact() throws Exception {
        ServerProcess first = start(startedIn, "first");
        List<String> ids;
        try {
            ids = submitReports(first.api(), 8);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> succeeded(first.api(), ids) >= 4);
        } finally {
            first.kill();
        }

        try (ServerProcess second = start(restartedIn, "second")) {
            for (String id : ids) {
                JsonNode job = second.api().get("/v1/jobs/" + id + "?wait=60s").json();
                assertThat(job.get("state").asText()).as("job %s", id).isEqualTo("succeeded");
                assertThat(job.get("artifacts")).hasSize(1);
                second.assertArtifactsDownload(job);
            }
        }
        assertThat(filesUnder(startedIn)).as("nothing is written to the working directory").isEmpty();
        assertThat(filesUnder(restartedIn)).as("nothing is written to the working directory").isEmpty();
        assertThat(filesUnder(data.resolve("artifacts"))).hasSize(ids.size());
    }

    @Test
    void artifactFilesAnEarlierVersionLeftUnderTheWorkingDirectoryAreMovedUnderTheDataDirectory() throws Exception {
        List<String> ids;
        try (ServerProcess first = start(startedIn, "first")) {
            ids = submitReports(first.api(), 4);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> succeeded(first.api(), ids) == 4);
        }
        // Where earlier versions kept them: jobvault-data/artifacts under the directory the server was started from.
        Path old = Files.createDirectories(startedIn.resolve("jobvault-data/artifacts"));
        try (Stream<Path> jobs = Files.list(data.resolve("artifacts"))) {
            for (Path job : jobs.toList()) Files.move(job, old.resolve(job.getFileName()));
        }
        Path notOurs = Files.writeString(Files.createDirectories(old.resolve(UUID.randomUUID().toString())).resolve("1-report.pdf"),
                "a job of another store");

        try (ServerProcess second = start(startedIn, "second")) {
            for (String id : ids) second.assertArtifactsDownload(second.api().get("/v1/jobs/" + id).json());
        }
        assertThat(filesUnder(data.resolve("artifacts"))).hasSize(ids.size());
        assertThat(filesUnder(old)).containsExactly(notOurs);
        List<String> told = Files.readAllLines(root.resolve("server-second.log")).stream()
                .filter(line -> line.contains("artifact files")).toList();
        assertThat(told).singleElement().asString().contains("moved 4 artifact files of 4 jobs from " + old, "to " + data.resolve("artifacts"));
    }
}
