package io.jobvault.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jobvault.JobRequest;
import io.jobvault.json.Json;
import io.jobvault.retry.OutcomePolicy;
import io.jobvault.retry.OutcomePolicy.Verdict;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A client of the Jobvault HTTP API. Thread-safe; make one per server and token. Errors the server reports arrive as
 * {@link JobvaultApiException}; transport failures as {@link UncheckedIOException}.
 */
public final class JobvaultClient {
    private final HttpClient http;
    private final String base;
    private final String token;
    private final Duration timeout;
    private final com.fasterxml.jackson.databind.ObjectMapper mapper;

    private JobvaultClient(String base, String token, Duration timeout, com.fasterxml.jackson.databind.ObjectMapper mapper) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.token = token;
        this.timeout = timeout;
        this.mapper = mapper;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** @param baseUrl e.g. {@code http://127.0.0.1:8080}; @param token a bearer token ({@code jv_…}) */
    public static JobvaultClient create(String baseUrl, String token) {
        return new JobvaultClient(Objects.requireNonNull(baseUrl, "baseUrl"), Objects.requireNonNull(token, "token"),
                Duration.ofSeconds(30), io.jobvault.json.JsonMappers.defaults());
    }

    /**
     * This client with another mapper for typed payloads and results (default
     * {@link io.jobvault.json.JsonMappers#defaults()}); use the one the server's nodes use.
     */
    public JobvaultClient withObjectMapper(com.fasterxml.jackson.databind.ObjectMapper m) {
        return new JobvaultClient(base, token, timeout, Objects.requireNonNull(m, "mapper"));
    }

    /** Submits a job of {@code definition} with its defaults (see {@link io.jobvault.JobDefinition#request}). */
    public <P> RemoteJob submit(io.jobvault.JobDefinition<P, ?> definition, P payload) {
        return submit(definition, payload, options -> {});
    }

    /** {@link #submit(io.jobvault.JobDefinition, Object)} with {@code options} set over the definition's defaults. */
    public <P> RemoteJob submit(io.jobvault.JobDefinition<P, ?> definition, P payload,
            java.util.function.Consumer<JobRequest.Builder> options) {
        return submit(definition.request(payload, mapper, options));
    }

    /** The result of {@code job}, read as {@code definition}'s result class: empty unless it succeeded with one. */
    public <R> java.util.Optional<R> result(io.jobvault.JobDefinition<?, R> definition, RemoteJob job) {
        return definition.result(job.id(), job.type(), job.state().equals("succeeded"), job.result(), mapper);
    }

    /** Submits a job; returns it once the server has it durably (202). */
    public RemoteJob submit(JobRequest r) {
        ObjectNode body = Json.MAPPER.createObjectNode().put("type", r.type()).put("queue", r.queue()).put("priority", r.priority());
        body.set("payload", Json.read(r.payload(), JsonNode.class));
        if (r.runAt() != null) body.put("runAt", r.runAt().toString());
        if (r.delay() != null) body.put("delay", r.delay().toString());
        if (r.maxAttempts() != null) body.put("maxAttempts", r.maxAttempts());
        if (r.timeout() != null) body.put("timeout", r.timeout().toString());
        if (r.retention() != null) body.put("retention", r.retention().toString());
        if (r.uniqueKey() != null) body.put("uniqueKey", r.uniqueKey());
        if (r.concurrencyKey() != null) body.put("concurrencyKey", r.concurrencyKey()).put("concurrencyLimit", r.concurrencyLimit());
        if (r.tenant() != null && !r.tenant().isEmpty()) body.put("tenant", r.tenant());
        if (!r.labels().isEmpty()) body.set("labels", Json.MAPPER.valueToTree(r.labels()));
        HttpRequest.Builder b = json("POST", "/v1/jobs", body);
        if (r.idempotencyKey() != null) b.header("Idempotency-Key", r.idempotencyKey());
        // the caller's current span, if traced: the job's submit and runs continue its trace on the server
        String traceparent = io.jobvault.trace.JobTracing.traceparent(io.opentelemetry.api.trace.Span.current().getSpanContext());
        if (traceparent != null) b.header("traceparent", traceparent);
        return RemoteJob.from(send(b, timeout));
    }

    public RemoteJob get(UUID id) {
        return RemoteJob.from(send(request("/v1/jobs/" + id).GET(), timeout));
    }

    /** The job once it has finished, or as it is when {@code max} has passed (long polls; no busy loop). */
    public RemoteJob await(UUID id, Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        RemoteJob job = get(id);
        while (!job.finished()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) return job;
            long waitMs = Math.max(1, Math.min(Duration.ofSeconds(30).toMillis(), left / 1_000_000));
            job = RemoteJob.from(send(request("/v1/jobs/" + id + "?wait=" + waitMs + "ms").GET(), Duration.ofMillis(waitMs).plus(timeout)));
        }
        return job;
    }

    /**
     * Follows the job's Server-Sent Events, calling {@code onEvent} with each snapshot, until the job finishes.
     * Reconnects with Last-Event-ID when a stream ends early.
     */
    public RemoteJob follow(UUID id, Consumer<RemoteJob> onEvent) {
        String lastId = null;
        RemoteJob last = null;
        for (int streams = 0; streams < 1000; streams++) {
            HttpRequest.Builder b = request("/v1/jobs/" + id + "/events").GET();
            if (lastId != null) b.header("Last-Event-ID", lastId);
            HttpResponse<Stream<String>> r = exchange(b.build(), HttpResponse.BodyHandlers.ofLines());
            if (r.statusCode() != 200) throw problem(r.statusCode(), String.join("\n", r.body().toList()));
            String eventId = null;
            StringBuilder data = new StringBuilder();
            for (String line : (Iterable<String>) r.body()::iterator) {
                if (line.startsWith("id: ")) eventId = line.substring(4);
                else if (line.startsWith("data: ")) data.append(line.substring(6));
                else if (line.isEmpty() && !data.isEmpty()) {
                    last = RemoteJob.from(Json.read(data.toString(), JsonNode.class));
                    lastId = eventId;
                    data.setLength(0);
                    onEvent.accept(last);
                }
            }
            if (last != null && last.finished()) return last;
            if (last == null) last = get(id);
            if (last.finished()) return last;
        }
        throw new IllegalStateException("gave up following job " + id + " after 1000 streams");
    }

    /**
     * Downloads an artifact to {@code target} (written to a temp file, then moved), checking its SHA-256 against the
     * one the server recorded: bytes that do not match throw an {@link UncheckedIOException} caused by a
     * {@link ChecksumMismatchException}, and leave no file.
     */
    public Path download(UUID id, String name, Path target) {
        HttpRequest req = request("/v1/jobs/" + id + "/artifacts/" + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20"))
                .GET().build();
        HttpResponse<InputStream> r = exchange(req, HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = r.body()) {
            if (r.statusCode() != 200) throw problem(r.statusCode(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
            String etag = r.headers().firstValue("ETag").orElse("").replace("\"", "");
            Path tmp = Files.createTempFile(target.toAbsolutePath().getParent(), ".download-", ".part");
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            try (DigestInputStream d = new DigestInputStream(in, sha)) {
                Files.copy(d, tmp, StandardCopyOption.REPLACE_EXISTING);
            }
            String actual = HexFormat.of().formatHex(sha.digest());
            if (!etag.isEmpty() && !etag.equals(actual)) {
                Files.deleteIfExists(tmp);
                throw new ChecksumMismatchException(id, name, etag, actual);
            }
            return Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public RemoteJob cancel(UUID id) {
        return RemoteJob.from(send(json("POST", "/v1/jobs/" + id + "/cancel", null), timeout));
    }

    public RemoteJob retry(UUID id) {
        return RemoteJob.from(send(json("POST", "/v1/jobs/" + id + "/retry", null), timeout));
    }

    /** Deletes the job with its history and artifacts, in any state (needs scope {@code admin}); it answers 410 after. */
    public void delete(UUID id) {
        send(request("/v1/jobs/" + id).DELETE(), timeout);
    }

    // --- the worker endpoints, used by RemoteWorker ---

    /** Tells the server which job types this worker runs, so that submits of them are accepted on every node. */
    void declareTypes(Collection<String> types) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        types.forEach(body.putArray("types")::add);
        send(json("POST", "/v1/workers/types", body), timeout);
    }

    /** Claimed jobs, each with its lease token under {@code lease.token}; the claim declares {@code types} again. */
    List<JsonNode> claim(List<String> queues, Collection<String> types, int max, Duration wait, String worker) {
        ObjectNode body = Json.MAPPER.createObjectNode().put("max", max).put("wait", wait.toMillis() + "ms").put("worker", worker);
        queues.forEach(body.putArray("queues")::add);
        types.forEach(body.putArray("types")::add);
        List<JsonNode> jobs = new ArrayList<>();
        send(json("POST", "/v1/workers/claim", body), wait.plus(timeout)).get("jobs").forEach(jobs::add);
        return jobs;
    }

    JsonNode heartbeat(UUID id, String lease, Integer percent, String message) {
        ObjectNode body = Json.MAPPER.createObjectNode().put("leaseToken", lease);
        if (percent != null) body.putObject("progress").put("percent", percent).put("message", message);
        return send(json("POST", "/v1/jobs/" + id + "/heartbeat", body), timeout);
    }

    /**
     * Reports how a run ended, as {@link OutcomePolicy#verdict} judged it here: {@code complete} for a success, else
     * {@code fail} with the verdict's fields; {@code retryAfter} is the wait the verdict's backoff gave (null: the
     * server's). A cancel also says {@code "retryable": false}, so that a server from before the {@code cancel}
     * field ends the job as it did then (DEAD) rather than retrying it.
     */
    void report(UUID id, String lease, Verdict verdict, Duration retryAfter) {
        ObjectNode body = Json.MAPPER.createObjectNode().put("leaseToken", lease);
        switch (verdict) {
            case Verdict.Succeed s -> {
                if (s.resultJson() != null) body.set("result", Json.read(s.resultJson(), JsonNode.class));
                send(json("POST", "/v1/jobs/" + id + "/complete", body), timeout);
                return;
            }
            case Verdict.Fail f -> failure(body, f.message(), "failed", f.errorType(), f.stackTrace()).put("retryable", true);
            case Verdict.Discard d -> failure(body, d.message(), "discarded", d.errorType(), d.stackTrace()).put("retryable", false);
            case Verdict.Snooze s -> failure(body, s.message(), "snoozed", null, null).put("retryable", true).put("snooze", true);
            case Verdict.Cancel c -> failure(body, c.reason(), "cancelled", null, null).put("retryable", false).put("cancel", true);
        }
        Duration wait = verdict instanceof Verdict.Snooze s ? s.delay() : retryAfter;
        if (wait != null) body.put("retryAfter", wait.toMillis() + "ms");
        send(json("POST", "/v1/jobs/" + id + "/fail", body), timeout);
    }

    /**
     * Gives a claimed job back unfinished: a zero-delay snooze, so it uses no attempt and another worker can start it
     * at once instead of after its lease runs out.
     */
    void handBack(UUID id, String lease, String worker) {
        ObjectNode body = Json.MAPPER.createObjectNode().put("leaseToken", lease).put("error", "worker " + worker + " shut down")
                .put("snooze", true).put("retryAfter", "0ms");
        send(json("POST", "/v1/jobs/" + id + "/fail", body), timeout);
    }

    private static ObjectNode failure(ObjectNode body, String message, String otherwise, String errorType, String stackTrace) {
        body.put("error", message == null || message.isBlank() ? otherwise : message);
        if (errorType != null) body.put("errorType", errorType);
        if (stackTrace != null) body.put("stackTrace", stackTrace);
        return body;
    }

    JsonNode upload(UUID id, String lease, String name, String contentType, InputStream content) {
        HttpRequest.Builder b = request("/v1/jobs/" + id + "/artifacts/" + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20"))
                .header("Jobvault-Lease", lease).header("Content-Type", contentType)
                .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> content));
        return send(b, Duration.ofMinutes(30));
    }

    // --- plumbing ---

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token);
    }

    private HttpRequest.Builder json(String method, String path, JsonNode body) {
        return request(path).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body == null ? "" : body.toString()));
    }

    private JsonNode send(HttpRequest.Builder b, Duration requestTimeout) {
        HttpResponse<String> r = exchange(b.timeout(requestTimeout).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() >= 400) throw problem(r.statusCode(), r.body());
        return r.body().isEmpty() ? Json.MAPPER.createObjectNode() : Json.read(r.body(), JsonNode.class);
    }

    private <T> HttpResponse<T> exchange(HttpRequest req, HttpResponse.BodyHandler<T> handler) {
        try {
            return http.send(req, handler);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reach Jobvault at " + base + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new java.io.InterruptedIOException("interrupted while talking to " + base));
        }
    }

    private static JobvaultApiException problem(int status, String body) {
        try {
            JsonNode p = Json.MAPPER.readTree(body);
            List<String> errors = new ArrayList<>();
            if (p.has("errors")) p.get("errors").forEach(e -> errors.add(e.asText()));
            return new JobvaultApiException(status, p.path("type").asText(null), p.path("title").asText("HTTP " + status), p.path("detail").asText(""),
                    p.hasNonNull("hint") ? p.get("hint").asText() : null, errors);
        } catch (IOException | RuntimeException e) {
            return new JobvaultApiException(status, null, "HTTP " + status, body.length() > 200 ? body.substring(0, 200) : body, null, List.of());
        }
    }
}
