package io.jobvault.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobvault.cli.Main;
import io.jobvault.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The curl examples of docs/http-api.md, run with bash and curl against {@code ./jobvault server --demo} in a child
 * JVM: each block as written, with this server's port, token and ids in place of the document's placeholders. A
 * curl block this test does not know fails it, so a new example gets run too.
 */
class HttpApiCurlExamplesTest {
    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();
    private final Set<Integer> ran = new HashSet<>();
    private Path doc;
    private ServerProcess server;
    private ShellSession shell;
    private String token;

    @Test
    void everyCurlExampleAnswersAsDocumented() throws IOException {
        assumeThat(Path.of("/bin/bash")).as("bash is needed to run the documented commands").exists();
        assumeThat(Files.isExecutable(Path.of("/usr/bin/curl"))).as("curl is needed to run the documented commands").isTrue();
        doc = DocsTree.root().resolve("docs/http-api.md");
        ShellCommands.Command start = commands("./jobvault server").getFirst();
        List<String> words = ShellCommands.words(start.code());
        Path cwd = Files.createDirectories(dir.resolve("shell"));
        try (ServerProcess s = ServerProcess.start(words.subList(1, words.size()), dir.resolve("jobvault-data"))) {
            server = s;
            token = s.adminToken();
            shell = new ShellSession(cwd, s.port).replace("jv_…", token)
                    .replace("./jobvault ", "\"$JAVA\" -cp \"$JOBVAULT_CLASSPATH\" " + Main.class.getName() + " ")
                    .set("JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString())
                    .set("JOBVAULT_CLASSPATH", System.getProperty("java.class.path"))
                    .set("ADMIN", token).set("WORKER", token);
            run("TOKEN=jv_…");

            JsonNode submitted = run("\"type\": \"demo.sleep\"").getFirst().json();
            assertThat(submitted.get("submitStatus").asText()).isEqualTo("created");
            assertThat(submitted.get("state").asText()).as("delay 10s").isEqualTo("scheduled");
            assertThat(submitted.get("labels").get("team").asText()).isEqualTo("billing");

            JsonNode unknown = run("\"demo.reprot\"").getFirst().json();
            assertThat(unknown.get("status").asInt()).as("a type nothing runs").isEqualTo(422);
            assertThat(unknown.get("detail").asText()).contains("'demo.reprot'").contains("demo.report");

            String report = post("/v1/jobs", "{\"type\": \"demo.report\", \"payload\": {\"title\": \"Q3\", \"pages\": 2}}").get("id").asText();
            shell.set("ID", report);
            List<ShellSession.Output> read = run("/v1/jobs/$ID -H");
            assertThat(read.getFirst().json().get("id").asText()).isEqualTo(report);
            JsonNode done = read.get(1).json();
            assertThat(done.get("state").asText()).as("?wait=30s holds until finished").isEqualTo("succeeded");
            shell.set("URL", done.get("artifacts").get(0).get("url").asText());

            run("artifacts/report.pdf -H");
            assertThat(Files.readString(cwd.resolve("report.pdf"), StandardCharsets.ISO_8859_1)).startsWith("%PDF-");

            String events = run("/events").getFirst().stdout();
            assertThat(events).as("a finished job's stream: its snapshot, then the end").contains("event: state")
                    .contains("\"state\":\"succeeded\"");
            JsonNode readToken = run("/read-token").getFirst().json();
            assertThat(readToken.get("token").asText()).as("a per-job read token").startsWith("jvr_");
            assertThat(readToken.get("expiresAt").asText()).isNotBlank();

            JsonNode schedule = run("PUT localhost:8080/v1/schedules/report.daily").getFirst().json();
            assertThat(schedule.get("cron").asText()).isEqualTo("0 6 * * *");
            assertThat(schedule.get("nextFireAt").asText()).isNotBlank();
            List<ShellSession.Output> triggers = run("/trigger -H");
            assertThat(triggers.getFirst().json().get("jobs")).hasSize(1);
            assertThat(triggers.get(1).json().toString()).contains("report.daily");

            JsonNode alerts = run("/v1/alerts?since=24h").getFirst().json();
            assertThat(alerts.has("open")).isTrue();
            assertThat(alerts.has("recent")).isTrue();

            JsonNode stats = run("/v1/stats -H").getFirst().json();
            assertThat(stats.get("states").get("succeeded").asLong()).as("the report ran").isPositive();
            assertThat(stats.get("types").get("demo.report").get("succeeded").asLong()).isPositive();
            assertThat(stats.get("throughput").get("lastHour").get("totals").get("succeeded").asLong()).isPositive();

            assertThat(run("health --report").getFirst().stdout()).as("the health report as text").contains("report.daily");

            remoteWorker(cwd);
        }
        List<String> curlBlocks = CodeBlock.in(doc, "bash").stream()
                .filter(b -> String.join("\n", b.lines()).contains("curl ")).map(CodeBlock::where).toList();
        assertThat(curlBlocks).as("curl blocks of docs/http-api.md this test runs (add a new one to it)")
                .allSatisfy(where -> assertThat(ran).contains(Integer.parseInt(where.substring(where.lastIndexOf(':') + 1))));
    }

    private void remoteWorker(Path cwd) throws IOException {
        String first = post("/v1/jobs", "{\"type\": \"demo.sleep\", \"queue\": \"gpu\"}").get("id").asText();
        List<ShellCommands.Command> commands = commands("/v1/workers/claim");
        CodeBlock block = block("/v1/workers/claim");
        JsonNode declared = shell.run(block, commands.getFirst()).json();
        assertThat(declared.get("types").get(0).asText()).isEqualTo("video.render");
        commands = commands.subList(1, commands.size()); // the rest as before: claim, heartbeat, upload, complete, fail
        JsonNode claimed = shell.run(block, commands.getFirst()).json().get("jobs");
        assertThat(claimed).hasSize(1);
        assertThat(claimed.get(0).get("id").asText()).isEqualTo(first);
        shell.set("ID", first).set("LEASE", claimed.get(0).get("lease").get("token").asText());

        JsonNode heartbeat = shell.run(block, commands.get(1)).json();
        assertThat(heartbeat.get("held").asBoolean()).isTrue();
        assertThat(heartbeat.get("cancelRequested").asBoolean()).isFalse();
        Files.writeString(cwd.resolve("out.mp4"), "frames");
        JsonNode artifact = shell.run(block, commands.get(2)).json();
        assertThat(artifact.get("size").asInt()).isEqualTo("frames".length());
        assertThat(shell.run(block, commands.get(3)).json().get("state").asText()).isEqualTo("succeeded");

        String second = post("/v1/jobs", "{\"type\": \"demo.sleep\", \"queue\": \"gpu\"}").get("id").asText();
        JsonNode next = post("/v1/workers/claim", "{\"queues\": [\"gpu\"]}").get("jobs").get(0);
        shell.set("ID", second).set("LEASE", next.get("lease").get("token").asText());
        JsonNode failed = shell.run(block, commands.get(4)).json();
        assertThat(failed.get("state").asText()).isEqualTo("retrying");
        assertThat(failed.get("lastError").asText()).isEqualTo("upstream 429");
        assertThat(commands).hasSize(5);
        ran.add(block.line());
    }

    /** Runs every command of the block that contains {@code marker}. */
    private List<ShellSession.Output> run(String marker) {
        CodeBlock block = block(marker);
        ran.add(block.line());
        return ShellCommands.of(block).stream().map(c -> shell.run(block, c)).toList();
    }

    private CodeBlock block(String marker) {
        return ShellSession.blockWith(doc, marker);
    }

    private List<ShellCommands.Command> commands(String marker) {
        return ShellCommands.of(block(marker));
    }

    private JsonNode post(String path, String body) throws IOException {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port + path))
                    .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isBetween(200, 299);
            return Json.MAPPER.readTree(r.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
