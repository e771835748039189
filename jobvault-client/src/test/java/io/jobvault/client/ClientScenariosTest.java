package io.jobvault.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.jobvault.Artifact;
import io.jobvault.JobContext;
import io.jobvault.JobHandler;
import io.jobvault.JobOutcome;
import io.jobvault.JobRequest;
import io.jobvault.TimeBounds;
import io.jobvault.json.Json;
import io.jobvault.server.JobvaultServer;
import io.jobvault.server.ServerConfig;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shared client scenarios ({@code clients/scenarios.json}), run with the Java client and {@link RemoteWorker}
 * against a real server: one test each. The TypeScript and Python clients run the same file (docs/clients.md).
 */
class ClientScenariosTest {
    static final String TOKEN = "scenario-admin-token";
    static final Path FILE = Path.of("..", "clients", "scenarios.json").toAbsolutePath().normalize();
    static final Pattern REF = Pattern.compile("\\$\\{([^}]+)}");

    @TempDir
    static Path dir;
    static JsonNode spec;
    static JobvaultServer server;
    static JobvaultClient client;

    @BeforeAll
    static void start() throws IOException {
        spec = Json.MAPPER.readTree(FILE.toFile());
        Set<String> types = new java.util.TreeSet<>();
        spec.path("server").path("types").forEach(t -> types.add(t.asText()));
        Duration prune = TimeBounds.parseDuration(spec.path("server").path("pruneInterval").asText());
        server = JobvaultServer.start(new ServerConfig("127.0.0.1", 0, 1 << 20, "jdbc:sqlite:" + dir.resolve("j.db"), TOKEN, types, false),
                b -> b.nodeId("server").pruneInterval(prune).artifactDirectory(dir.resolve("artifacts")));
        client = JobvaultClient.create("http://127.0.0.1:" + server.port(), TOKEN);
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    @TestFactory
    Stream<DynamicTest> everyScenario() {
        List<JsonNode> scenarios = new ArrayList<>();
        spec.path("scenarios").forEach(scenarios::add);
        assertThat(scenarios).hasSizeGreaterThanOrEqualTo(8);
        return scenarios.stream().map(s -> DynamicTest.dynamicTest(s.get("name").asText(), () -> {
            try (Run run = new Run()) {
                int i = 0;
                for (JsonNode step : s.get("steps")) run.step(++i, step);
            }
        }));
    }

    /**
     * The one handler the scenarios' jobs run: the job's payload says what it does ({@code do}). Records each job's
     * runs and whether its handler was stopped (interrupted), for {@code awaitHandler} and {@code handlerRuns}.
     */
    static final class Handlers implements JobHandler {
        final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
        final Map<String, CountDownLatch> events = new ConcurrentHashMap<>();

        CountDownLatch event(String kind, String id) {
            return events.computeIfAbsent(kind + ":" + id, k -> new CountDownLatch(1));
        }

        @Override
        public JobOutcome handle(JobContext ctx) throws Exception {
            String id = ctx.jobId().toString();
            int run = runs.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
            event("started", id).countDown();
            JsonNode p = Json.read(ctx.payload(), JsonNode.class);
            JsonNode result = p.path("result");
            switch (p.path("do").asText("succeed")) {
                case "succeed" -> {
                    TimeUnit.MILLISECONDS.sleep(Math.round(p.path("after").asDouble(0) * 1000)); // the work takes that long
                    return result.isMissingNode() ? JobOutcome.success() : JobOutcome.success(result.toString());
                }
                case "snoozeOnce" -> {
                    if (run == 1) return JobOutcome.snooze(Duration.ofMillis(Math.round(p.get("seconds").asDouble() * 1000)));
                    return JobOutcome.success(result.toString());
                }
                case "upload" -> {
                    Artifact a = ctx.writeArtifact(p.get("name").asText(), p.get("contentType").asText(),
                            p.get("text").asText().getBytes(StandardCharsets.UTF_8));
                    return JobOutcome.success(Json.MAPPER.createObjectNode().put("sha256", a.sha256()).put("size", a.size()).toString());
                }
                case "block" -> {
                    try {
                        new CountDownLatch(1).await(60, TimeUnit.SECONDS); // until the worker interrupts it
                    } catch (InterruptedException e) {
                        event("stopped", id).countDown();
                        throw e; // the worker does what the stop's reason asks
                    }
                    throw new AssertionError("the handler was never told to stop");
                }
                default -> throw new IllegalArgumentException("unknown scenario handler action " + p.path("do"));
            }
        }
    }

    /** One scenario's run: its queue, saved values, handler and worker. */
    static final class Run implements AutoCloseable {
        final Map<String, JsonNode> saved = new HashMap<>();
        final Handlers handlers = new Handlers();
        RemoteWorker worker;

        Run() {
            String unique = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
            saved.put("queue", TextNode.valueOf("scn-java-" + unique));
            saved.put("unique", TextNode.valueOf(unique));
        }

        JsonNode call(String op, JsonNode args) throws Exception {
            return switch (op) {
                case "submit" -> client.submit(request(args)).json();
                case "get" -> client.get(id(args)).json();
                case "wait" -> client.await(id(args), seconds(args.get("timeout"))).json();
                case "cancel" -> client.cancel(id(args)).json();
                case "delete" -> {
                    client.delete(id(args));
                    yield null;
                }
                case "events" -> {
                    ObjectNode out = Json.MAPPER.createObjectNode();
                    out.set("last", client.follow(id(args), j -> {}).json());
                    yield out;
                }
                case "download" -> {
                    Path target = dir.resolve("download-" + UUID.randomUUID());
                    byte[] bytes = Files.readAllBytes(client.download(id(args), args.get("name").asText(), target));
                    Files.delete(target);
                    yield Json.MAPPER.createObjectNode().put("text", new String(bytes, StandardCharsets.UTF_8))
                            .put("sha256", HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
                }
                case "corruptStoredArtifact" -> {
                    corruptStoredArtifact(dir.resolve("artifacts"), args.get("id").asText(), args.get("name").asText());
                    yield null;
                }
                case "startWorker" -> {
                    JsonNode w = spec.get("worker");
                    worker = RemoteWorker.builder(client).queue(saved.get("queue").asText()).name("scenario-java")
                            .heartbeatInterval(seconds(w.get("heartbeatInterval"))).pollWait(seconds(w.get("pollWait")))
                            .handler("scenario.work", handlers).start();
                    yield null;
                }
                case "stopWorker" -> {
                    assertThat(worker).as("stopWorker without startWorker").isNotNull();
                    RemoteWorker w = worker;
                    worker = null;
                    w.close(seconds(args.get("grace")));
                    yield null;
                }
                case "awaitHandler" -> {
                    String event = args.get("event").asText();
                    if (!handlers.event(event, args.get("id").asText()).await(seconds(args.get("timeout")).toMillis(), TimeUnit.MILLISECONDS)) {
                        fail("the handler of job %s was not %s within %s s", args.get("id").asText(), event, args.get("timeout"));
                    }
                    yield null;
                }
                case "handlerRuns" -> IntNode.valueOf(handlers.runs.getOrDefault(args.get("id").asText(), new AtomicInteger()).get());
                default -> throw new IllegalArgumentException("unknown scenario operation " + op);
            };
        }

        void step(int i, JsonNode step) throws Exception {
            String op = step.get("op").asText();
            JsonNode args = substitute(step.path("args").isMissingNode() ? Json.MAPPER.createObjectNode() : step.get("args"), saved);
            JsonNode expect = substitute(step.path("expect").isMissingNode() ? Json.MAPPER.createObjectNode() : step.get("expect"), saved);
            String save = step.path("save").asText(null);
            String[] problem = {null};
            if (step.has("within")) {
                try { // the server gets there in its own time (a pruner pass): look again until then
                    Awaitility.await().atMost(seconds(step.get("within"))).pollInterval(Duration.ofMillis(100))
                            .until(() -> (problem[0] = attempt(op, args, expect, save)) == null);
                } catch (ConditionTimeoutException e) {
                    fail("step %d (%s %s): %s", i, op, args, problem[0]);
                }
            } else if ((problem[0] = attempt(op, args, expect, save)) != null) {
                fail("step %d (%s %s): %s", i, op, args, problem[0]);
            }
        }

        String attempt(String op, JsonNode args, JsonNode expect, String save) throws Exception {
            JsonNode result;
            try {
                result = call(op, args);
            } catch (JobvaultApiException e) {
                return problem(expect, e.status(), e.slug(), e.getMessage());
            } catch (UncheckedIOException e) {
                if (!(e.getCause() instanceof ChecksumMismatchException c)) throw e;
                return problem(expect, 0, "checksum-mismatch", c.getMessage());
            }
            if (expect.has("problem")) return "expected the problem " + expect.get("problem") + ", got " + result;
            if (save != null) saved.put(save, result);
            if (expect.has("job")) return mismatch(expect.get("job"), result, "job");
            if (expect.has("value")) return mismatch(expect.get("value"), result, "value");
            return null;
        }

        private static String problem(JsonNode expect, int status, String slug, String message) {
            if (!expect.has("problem")) return "failed with " + status + " " + slug + ": " + message;
            return mismatch(expect.get("problem"), Json.MAPPER.createObjectNode().put("status", status).put("type", slug), "problem");
        }

        @Override
        public void close() {
            if (worker != null) worker.close(Duration.ZERO);
        }
    }

    static JobRequest request(JsonNode a) {
        JobRequest.Builder b = JobRequest.builder(a.get("type").asText());
        if (a.has("queue")) b.queue(a.get("queue").asText());
        if (a.has("payload")) b.payload(a.get("payload").toString());
        if (a.has("maxAttempts")) b.maxAttempts(a.get("maxAttempts").asInt());
        if (a.has("delay")) b.delay(TimeBounds.parseDuration(a.get("delay").asText()));
        if (a.has("retention")) b.retention(TimeBounds.parseDuration(a.get("retention").asText()));
        if (a.has("idempotencyKey")) b.idempotencyKey(a.get("idempotencyKey").asText());
        return b.build();
    }

    static UUID id(JsonNode args) {
        return UUID.fromString(args.get("id").asText());
    }

    static Duration seconds(JsonNode n) {
        return Duration.ofMillis(Math.round(n.asDouble() * 1000));
    }

    /** {@code ${name.path}} in strings: the saved value itself when the string is only that, else its text. */
    static JsonNode substitute(JsonNode value, Map<String, JsonNode> saved) {
        if (value.isObject()) {
            ObjectNode out = Json.MAPPER.createObjectNode();
            value.fields().forEachRemaining(e -> out.set(e.getKey(), substitute(e.getValue(), saved)));
            return out;
        }
        if (value.isArray()) {
            ArrayNode out = Json.MAPPER.createArrayNode();
            value.forEach(v -> out.add(substitute(v, saved)));
            return out;
        }
        if (!value.isTextual()) return value;
        Matcher whole = REF.matcher(value.asText());
        if (whole.matches()) return lookup(whole.group(1), saved);
        return TextNode.valueOf(REF.matcher(value.asText()).replaceAll(m -> Matcher.quoteReplacement(lookup(m.group(1), saved).asText())));
    }

    static JsonNode lookup(String ref, Map<String, JsonNode> saved) {
        String[] path = ref.split("\\.");
        JsonNode v = saved.get(path[0]);
        if (v == null) throw new IllegalStateException("${" + ref + "}: nothing saved as " + path[0]);
        for (int i = 1; i < path.length; i++) v = v.path(path[i]);
        return v;
    }

    /** Where {@code actual} does not match {@code expected} (objects: the keys expected; lists: element by element), or null. */
    static String mismatch(JsonNode expected, JsonNode actual, String where) {
        if (actual == null) actual = JsonNodeFactory.instance.nullNode();
        if (expected.isObject() && expected.size() == 1 && expected.has("$oneOf")) {
            for (JsonNode option : expected.get("$oneOf")) if (option.equals(actual)) return null;
            return where + ": " + actual + " is not one of " + expected.get("$oneOf");
        }
        if (expected.isObject()) {
            if (!actual.isObject()) return where + ": expected an object, got " + actual;
            for (Iterator<Map.Entry<String, JsonNode>> it = expected.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!actual.has(e.getKey())) return where + "." + e.getKey() + ": missing (got " + actual + ")";
                String found = mismatch(e.getValue(), actual.get(e.getKey()), where + "." + e.getKey());
                if (found != null) return found;
            }
            return null;
        }
        if (expected.isArray()) {
            if (!actual.isArray() || actual.size() != expected.size()) return where + ": expected " + expected.size() + " items, got " + actual;
            for (int i = 0; i < expected.size(); i++) {
                String found = mismatch(expected.get(i), actual.get(i), where + "[" + i + "]");
                if (found != null) return found;
            }
            return null;
        }
        if (expected.isNumber() && actual.isNumber()) {
            return expected.decimalValue().compareTo(actual.decimalValue()) == 0 ? null : where + ": expected " + expected + ", got " + actual;
        }
        return expected.equals(actual) ? null : where + ": expected " + expected + ", got " + actual;
    }

    /** Flips the first byte of the server's file of the artifact (ARTIFACTS/JOB/ATTEMPT-NAME), keeping its size. */
    static void corruptStoredArtifact(Path artifacts, String id, String name) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(artifacts.resolve(id))) {
            files = s.filter(f -> f.getFileName().toString().endsWith("-" + name)).toList();
        }
        assertThat(files).as("the stored file of %s", name).hasSize(1);
        try (RandomAccessFile f = new RandomAccessFile(files.get(0).toFile(), "rw")) {
            int first = f.read();
            f.seek(0);
            f.write(first ^ 0xFF);
        }
    }
}
