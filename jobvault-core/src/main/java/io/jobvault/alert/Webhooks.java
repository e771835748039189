package io.jobvault.alert;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobvault.JobOutcome;
import io.jobvault.JobRequest;
import io.jobvault.json.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Alert webhooks, delivered durably: each alert (and each report, such as the daily health report) becomes a job of
 * type {@link #JOB_TYPE} (retried with backoff like any job), whose handler POSTs the alert's or the report's JSON with {@code Jobvault-Timestamp} and {@code Jobvault-Signature:
 * sha256=HEX}, the HMAC-SHA256 of {@code TIMESTAMP.BODY} under the webhook's secret. The secret stays in the node's
 * configuration; the job's payload names the webhook only.
 */
public final class Webhooks implements JobBackedSink {
    public static final String JOB_TYPE = "jobvault.alert.webhook";

    /** One receiver. */
    public record Webhook(String name, URI url, String secret) {
        public Webhook {
            if (name == null || !name.matches("[A-Za-z0-9._-]{1,64}")) throw new IllegalArgumentException("webhook name must match [A-Za-z0-9._-]{1,64}");
            if (url == null || !(url.getScheme() != null && url.getScheme().matches("https?"))) {
                throw new IllegalArgumentException("webhook " + name + ": url must be http(s), was " + url);
            }
            if (secret == null || secret.length() < 16) throw new IllegalArgumentException("webhook " + name + ": secret must be at least 16 characters");
        }

        @Override
        public String toString() {
            return "Webhook[" + name + " " + url + "]"; // never the secret
        }
    }

    private final Map<String, Webhook> byName = new LinkedHashMap<>();
    private final Clock clock;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private volatile Consumer<JobRequest> submit;

    public Webhooks(Clock clock) {
        this.clock = clock;
    }

    public void add(Webhook w) {
        if (byName.putIfAbsent(w.name(), w) != null) throw new IllegalArgumentException("webhook " + w.name() + " is configured twice");
    }

    public boolean isEmpty() {
        return byName.isEmpty();
    }

    /** Where deliveries are enqueued; set once the node runs. */
    @Override
    public void bind(Consumer<JobRequest> submit) {
        this.submit = submit;
    }

    @Override
    public void deliver(Alert alert) {
        enqueue("alert", AlertJson.of(alert), "jobvault.alert", alert.key(), w -> JobBackedSink.deliveryKey("webhook." + w.name(), alert));
    }

    @Override
    public void deliverReport(Report report) {
        enqueue("report", report.json(), "jobvault.report", report.id(), w -> JobBackedSink.deliveryKey("webhook." + w.name(), report));
    }

    /** One delivery job per webhook, carrying the body under {@code field} ("alert" or "report"). */
    private void enqueue(String field, JsonNode body, String label, String labelValue, Function<Webhook, String> idempotencyKey) {
        Consumer<JobRequest> s = submit;
        if (s == null) throw new IllegalStateException("webhooks are not bound to a running node");
        for (Webhook w : byName.values()) {
            var payload = Json.MAPPER.createObjectNode().put("webhook", w.name());
            payload.set(field, body);
            s.accept(JobRequest.builder(JOB_TYPE).queue(JobBackedSink.QUEUE).payload(payload.toString()).maxAttempts(12).timeout(Duration.ofSeconds(30))
                    .label(label, labelValue).idempotencyKey(idempotencyKey.apply(w)).build());
        }
    }

    @Override
    public JobOutcome send(String delivery) throws Exception {
        JsonNode payload = Json.MAPPER.readTree(delivery);
        Webhook w = byName.get(payload.path("webhook").asText());
        if (w == null) return JobOutcome.discard("webhook " + payload.path("webhook").asText() + " is not configured on this node");
        String body = Json.write(payload.has("report") ? payload.get("report") : payload.get("alert"));
        String timestamp = String.valueOf(clock.instant().getEpochSecond());
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(w.url()).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json").header("User-Agent", "Jobvault")
                .header("Jobvault-Timestamp", timestamp).header("Jobvault-Signature", "sha256=" + sign(w.secret(), timestamp, body))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) throw new IllegalStateException("webhook " + w.name() + " answered " + r.statusCode());
        return JobOutcome.success();
    }

    /** HMAC-SHA256 of {@code timestamp + "." + body}, hex: what a receiver recomputes to verify a delivery. */
    public static String sign(String secret, String timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
