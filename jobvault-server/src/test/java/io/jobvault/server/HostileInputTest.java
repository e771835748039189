package io.jobvault.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jobvault.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Walks every operation of the served OpenAPI document and sends each one malformed, overflowing and hostile input
 * ({@link HostileValues}) in its path, query, headers and body, plus broken framing over raw sockets. Whatever the
 * input: no 5xx, every 4xx is problem+json, nothing is logged at ERROR, and the server is still ready at the end.
 * Driven by docs/openapi.json, so a new endpoint is swept as soon as it is documented.
 */
class HostileInputTest extends ServerTestBase {
    private static final String SCHEDULE = "fuzz.hourly";
    private static final String ARTIFACT = "data.bin";

    private final List<String> failures = new ArrayList<>();
    private final ErrorLog errors = new ErrorLog();
    private RawHttp http;
    private String jobId;
    private int sent;

    /** One documented operation. */
    private record Operation(String method, String path, List<JsonNode> params, JsonNode example, JsonNode bodySchema,
                             boolean binaryBody, Set<String> statuses) {
        boolean hasBody() {
            return bodySchema != null || binaryBody;
        }

        boolean needsLease() {
            return params.stream().anyMatch(p -> p.get("name").asText().equals("Jobvault-Lease"))
                    || (example != null && example.has("leaseToken"));
        }

        String label() {
            return method + " " + path;
        }
    }

    /** Collects what the server logs at ERROR during the sweep (bounded). */
    private static final class ErrorLog extends AppenderBase<ILoggingEvent> {
        final List<String> lines = Collections.synchronizedList(new ArrayList<>());

        @Override
        protected void append(ILoggingEvent e) {
            if (e.getLevel().isGreaterOrEqual(Level.ERROR) && lines.size() < 50) {
                lines.add(e.getLoggerName() + ": " + e.getFormattedMessage()
                        + (e.getThrowableProxy() == null ? "" : " (" + e.getThrowableProxy().getClassName() + ")"));
            }
        }
    }

    @BeforeEach
    void fixtures() {
        http = new RawHttp(server.port());
        errors.start();
        root().addAppender(errors);
        jobId = api.post("/v1/jobs", "{\"type\": \"test.artifact\"}").json().get("id").asText();
        assertThat(api.get("/v1/jobs/" + jobId + "?wait=30s").json().get("state").asText()).isEqualTo("succeeded");
        assertThat(api.put("/v1/schedules/" + SCHEDULE, """
                {"every": "PT1H", "job": {"type": "test.ok"}}""".getBytes(StandardCharsets.UTF_8),
                "Content-Type", "application/json").status()).isEqualTo(201);
    }

    @AfterEach
    void detachLog() {
        root().detachAppender(errors);
    }

    @Test
    void noOperationAnswers5xxOrAnErrorWithoutProblemJson() {
        JsonNode doc = api.get("/v1/openapi.json").json();
        List<Operation> operations = operations(doc);
        assertThat(operations).hasSizeGreaterThan(25);
        for (Operation op : operations) {
            sweepPath(op);
            sweepQuery(op);
            sweepHeaders(op);
            if (op.bodySchema() != null) sweepJsonBody(op);
            if (op.hasBody()) sweepFraming(op);
        }
        assertThat(failures).as(sent + " hostile requests").isEmpty();
        assertThat(errors.lines).as("ERROR lines logged during the sweep").isEmpty();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> api.get("/health/ready").status() == 200);
    }

    private void sweepPath(Operation op) {
        for (JsonNode p : op.params()) {
            if (!p.get("in").asText().equals("path")) continue;
            String name = p.get("name").asText();
            for (String segment : HostileValues.PATH_SEGMENTS) {
                Lease lease = op.needsLease() ? lease() : null;
                Map<String, String> values = pathValues(op, lease);
                values.put(name, segment);
                check(op, "path " + name + "=" + HostileValues.shorten(segment),
                        send(op, lease, fill(op.path(), values), withLease(op, lease), "application/json"));
            }
        }
        check(op, "no token", http.request(op.method(), fill(op.path(), pathValues(op, null)), exampleBody(op),
                "Content-Type", "application/json"));
        check(op, "unknown token", http.request(op.method(), fill(op.path(), pathValues(op, null)), exampleBody(op),
                "Content-Type", "application/json", "Authorization", "Bearer jv_nobody"));
    }

    private void sweepQuery(Operation op) {
        for (JsonNode p : op.params()) {
            if (!p.get("in").asText().equals("query")) continue;
            String name = p.get("name").asText();
            for (String value : HostileValues.QUERY_VALUES) {
                Map<String, String> path = pathValues(op, null);
                String target = fill(op.path(), path) + "?" + name + "=" + value + (name.equals("expires") ? "&sig=00" : "");
                check(op, "query " + name + "=" + HostileValues.shorten(value), send(op, null, target, exampleBody(op), "application/json"));
            }
        }
    }

    private void sweepHeaders(Operation op) {
        List<String> names = new ArrayList<>();
        op.params().stream().filter(p -> p.get("in").asText().equals("header")).forEach(p -> names.add(p.get("name").asText()));
        names.add("X-Hostile"); // any header: the huge one must be refused as problem+json too
        for (String name : names) {
            for (String value : HostileValues.HEADER_VALUES) {
                Map<String, String> path = pathValues(op, null);
                check(op, "header " + name + "=" + HostileValues.shorten(value), http.request(op.method(), fill(op.path(), path),
                        exampleBody(op), "Content-Type", "application/json", "Authorization", "Bearer " + ADMIN_TOKEN, name, value));
            }
        }
    }

    private void sweepJsonBody(Operation op) {
        for (List<String> field : HostileValues.fieldPaths(op.bodySchema())) {
            if (field.getFirst().equals("leaseToken")) continue; // a fresh lease is what lets the other fields be checked
            for (String value : HostileValues.FIELD_VALUES) {
                Lease lease = op.needsLease() ? lease() : null;
                byte[] body = HostileValues.withField(leased(op.example(), lease), field, value).getBytes(StandardCharsets.UTF_8);
                check(op, "body " + String.join(".", field) + "=" + HostileValues.shorten(value),
                        send(op, lease, fill(op.path(), pathValues(op, lease)), body, "application/json"));
            }
        }
        for (byte[] body : HostileValues.wholeBodies()) {
            check(op, "body " + HostileValues.shorten(new String(body, StandardCharsets.ISO_8859_1)),
                    send(op, null, fill(op.path(), pathValues(op, null)), body, "application/json"));
        }
        for (String type : HostileValues.CONTENT_TYPES) {
            Lease lease = op.needsLease() ? lease() : null;
            check(op, "Content-Type " + HostileValues.shorten(type), send(op, lease, fill(op.path(), pathValues(op, lease)),
                    withLease(op, lease), type));
        }
    }

    /** Bodies that end before their Content-Length, and broken or truncated chunked encodings. */
    private void sweepFraming(Operation op) {
        Lease lease = op.needsLease() ? lease() : null;
        String target = fill(op.path(), pathValues(op, lease));
        byte[] body = withLease(op, lease);
        String head = op.method() + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + ADMIN_TOKEN
                + "\r\nContent-Type: application/json\r\n" + (lease == null ? "" : "Jobvault-Lease: " + lease.token() + "\r\n");
        check(op, "body shorter than Content-Length", http.send((head + "Content-Length: " + (body.length + 100) + "\r\n")
                .getBytes(StandardCharsets.ISO_8859_1), body, true));
        check(op, "broken chunked body", http.send((head + "Transfer-Encoding: chunked\r\n").getBytes(StandardCharsets.ISO_8859_1),
                "5\r\n{\"typ\r\nzz\r\n".getBytes(StandardCharsets.US_ASCII), true));
        check(op, "truncated chunked body", http.send((head + "Transfer-Encoding: chunked\r\n").getBytes(StandardCharsets.ISO_8859_1),
                HostileValues.concat("ff\r\n".getBytes(StandardCharsets.US_ASCII), body), true));
    }

    /** The request with the admin token, and the lease in a header where the operation takes it there (uploads). */
    private RawHttp.Response send(Operation op, Lease lease, String target, byte[] body, String contentType) {
        List<String> headers = new ArrayList<>(List.of("Content-Type", contentType, "Authorization", "Bearer " + ADMIN_TOKEN));
        if (lease != null && op.binaryBody()) {
            headers.add("Jobvault-Lease");
            headers.add(lease.token());
        }
        return http.request(op.method(), target, op.hasBody() ? body : new byte[0], headers.toArray(String[]::new));
    }

    private void check(Operation op, String input, RawHttp.Response r) {
        sent++;
        String where = op.label() + " with " + input + " → " + r.status();
        if (r.status() >= 500) {
            failures.add(where + ": " + HostileValues.shorten(r.text()));
        } else if (r.status() >= 400) {
            String type = r.header("Content-Type");
            if (type == null || !type.startsWith("application/problem+json")) {
                failures.add(where + " without problem+json (Content-Type " + type + ")");
                return;
            }
            try {
                JsonNode problem = Json.MAPPER.readTree(r.body());
                if (problem.path("status").asInt() != r.status() || problem.path("title").asText().isBlank()) {
                    failures.add(where + " with a problem that does not match: " + HostileValues.shorten(r.text()));
                }
                // what the operation answers must be in its documented responses, so clients can rely on the document;
                // answers given before a request reaches an operation (framing, URI and header limits, unknown
                // paths and methods) are the same for every path and documented once, in docs/http-api.md
                String slug = problem.path("type").asText().replace("https://jobvault.io/problems/", "");
                boolean beforeRouting = slug.startsWith("http-") || slug.equals("no-such-endpoint")
                        || slug.equals("method-not-allowed") || slug.equals("bad-request");
                if (!beforeRouting && !op.statuses().contains(String.valueOf(r.status()))) {
                    failures.add(where + " (" + slug + ") is not among the operation's documented responses " + op.statuses());
                }
            } catch (IOException e) {
                failures.add(where + " with a body that is not JSON: " + HostileValues.shorten(r.text()));
            }
        }
    }

    // --- fixtures: valid values, so each case changes one thing ---

    private record Lease(String jobId, String token) {}

    /** A fresh lease on a job in a queue no local worker takes. */
    private Lease lease() {
        api.post("/v1/jobs", "{\"type\": \"test.ok\", \"queue\": \"remote\"}");
        JsonNode jobs = api.post("/v1/workers/claim", "{\"queues\": [\"remote\"], \"max\": 1}").json().get("jobs");
        assertThat(jobs).as("a job to lease").hasSize(1);
        return new Lease(jobs.get(0).get("id").asText(), jobs.get(0).get("lease").get("token").asText());
    }

    /** The example with the lease's token in place of its placeholder. */
    private static JsonNode leased(JsonNode example, Lease lease) {
        if (example == null || lease == null || !example.has("leaseToken")) return example;
        return ((ObjectNode) example.deepCopy()).put("leaseToken", lease.token());
    }

    /** The operation's example body with the lease's token; a few bytes for a binary body. */
    private static byte[] withLease(Operation op, Lease lease) {
        if (op.binaryBody()) return "0123456789".getBytes(StandardCharsets.US_ASCII);
        JsonNode body = leased(op.example(), lease);
        return body == null ? new byte[0] : body.toString().getBytes(StandardCharsets.UTF_8);
    }

    private Map<String, String> pathValues(Operation op, Lease lease) {
        Map<String, String> values = new HashMap<>();
        values.put("id", op.path().startsWith("/v1/schedules") ? SCHEDULE : lease != null ? lease.jobId() : jobId);
        values.put("name", ARTIFACT);
        values.put("queue", "fuzzed"); // a queue no node works: pausing it holds nothing back
        return values;
    }

    private static byte[] exampleBody(Operation op) {
        return withLease(op, null);
    }

    private static String fill(String template, Map<String, String> values) {
        String out = template;
        for (Map.Entry<String, String> v : values.entrySet()) out = out.replace("{" + v.getKey() + "}", v.getValue());
        return out;
    }

    private static List<Operation> operations(JsonNode doc) {
        List<Operation> out = new ArrayList<>();
        for (Map.Entry<String, JsonNode> path : doc.get("paths").properties()) {
            for (Map.Entry<String, JsonNode> m : path.getValue().properties()) {
                if (!List.of("get", "post", "put", "delete", "patch").contains(m.getKey())) continue;
                JsonNode op = m.getValue();
                List<JsonNode> params = new ArrayList<>();
                path.getValue().path("parameters").forEach(params::add);
                op.path("parameters").forEach(params::add);
                JsonNode content = op.path("requestBody").path("content");
                JsonNode json = content.get("application/json");
                JsonNode schema = json == null ? null : resolve(doc, json.get("schema"));
                Set<String> statuses = new HashSet<>();
                op.path("responses").fieldNames().forEachRemaining(statuses::add);
                out.add(new Operation(m.getKey().toUpperCase(Locale.ROOT), path.getKey(), params,
                        json == null ? null : json.get("example"), schema, json == null && !content.isMissingNode(), statuses));
            }
        }
        return out;
    }

    private static JsonNode resolve(JsonNode doc, JsonNode schema) {
        if (schema == null || !schema.has("$ref")) return schema;
        return doc.at(schema.get("$ref").asText().substring(1));
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }
}
