package io.jobvault;

import io.jobvault.json.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A job to submit. Build with {@link #builder(String)}; {@link Builder#build()} validates every field and names
 * each bad one in an {@link InvalidJobRequestException}. Null fields take the job type's or the engine's defaults.
 * A class, not a record, so that a field added later breaks no caller: requests are made only by the builder.
 */
public final class JobRequest {
    private final String type;
    private final String payload;
    private final String queue;
    private final int priority;
    private final Instant runAt;
    private final Duration delay;
    private final Integer maxAttempts;
    private final Duration timeout;
    private final String tenant;
    private final String idempotencyKey;
    private final String uniqueKey;
    private final Duration retention;
    private final Map<String, String> labels;
    private final String concurrencyKey;
    private final Integer concurrencyLimit;

    public static final String DEFAULT_QUEUE = "default";
    static final Pattern TYPE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");
    static final Pattern QUEUE = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    static final int MAX_KEY = 255;
    static final int MAX_LABELS = 32;
    public static final int MAX_CONCURRENCY_LIMIT = 10_000;

    /** Validates every field, naming each bad one; a null tenant is the empty one, null labels none. */
    private JobRequest(String type, String payload, String queue, int priority, Instant runAt, Duration delay,
            Integer maxAttempts, Duration timeout, String tenant, String idempotencyKey, String uniqueKey,
            Duration retention, Map<String, String> labels, String concurrencyKey, Integer concurrencyLimit) {
        if (tenant == null) tenant = "";
        if (labels == null) labels = Map.of();
        List<String> problems = new ArrayList<>();
        if (type == null || !TYPE.matcher(type).matches()) {
            problems.add("type: must match " + TYPE.pattern() + ", was " + quote(type));
        }
        if (payload == null || !Json.isValid(payload)) {
            problems.add("payload: must be valid JSON");
        }
        if (queue == null || !QUEUE.matcher(queue).matches()) {
            problems.add("queue: must match " + QUEUE.pattern() + ", was " + quote(queue));
        }
        if (priority < -1000 || priority > 1000) {
            problems.add("priority: must be within -1000..1000, was " + priority);
        }
        if (runAt != null && delay != null) {
            problems.add("runAt/delay: give one of them, not both");
        }
        if (runAt != null) addIfOutside(problems, TimeBounds.outside("runAt", runAt));
        if (delay != null) addIfOutside(problems, TimeBounds.outside("delay", delay, Duration.ZERO, TimeBounds.LONGEST));
        if (maxAttempts != null && (maxAttempts < 1 || maxAttempts > 1000)) {
            problems.add("maxAttempts: must be within 1..1000, was " + maxAttempts);
        }
        if (timeout != null) addIfOutside(problems, TimeBounds.outside("timeout", timeout, Duration.ofMillis(1), TimeBounds.LONGEST));
        if (retention != null) addIfOutside(problems, TimeBounds.outside("retention", retention, Duration.ZERO, TimeBounds.LONGEST));
        checkKey(problems, "tenant", tenant, true);
        checkKey(problems, "idempotencyKey", idempotencyKey, false);
        checkKey(problems, "uniqueKey", uniqueKey, false);
        checkKey(problems, "concurrencyKey", concurrencyKey, false);
        if (concurrencyKey != null && (concurrencyLimit == null || concurrencyLimit < 1 || concurrencyLimit > MAX_CONCURRENCY_LIMIT)) {
            problems.add("concurrencyLimit: must be within 1.." + MAX_CONCURRENCY_LIMIT + " with a concurrencyKey, was " + concurrencyLimit);
        }
        if (concurrencyKey == null && concurrencyLimit != null) {
            problems.add("concurrencyLimit: needs a concurrencyKey to limit");
        }
        if (labels.size() > MAX_LABELS) {
            problems.add("labels: at most " + MAX_LABELS + " allowed, was " + labels.size());
        }
        labels.forEach((k, v) -> {
            if (k == null || k.isBlank() || k.length() > 64) problems.add("labels: key must be 1..64 characters, was " + quote(k));
            if (v == null || v.length() > MAX_KEY) problems.add("labels." + k + ": value must be 0.." + MAX_KEY + " characters");
        });
        if (!problems.isEmpty()) throw new InvalidJobRequestException(problems);
        this.type = type;
        this.payload = payload;
        this.queue = queue;
        this.priority = priority;
        this.runAt = runAt;
        this.delay = delay;
        this.maxAttempts = maxAttempts;
        this.timeout = timeout;
        this.tenant = tenant;
        this.idempotencyKey = idempotencyKey;
        this.uniqueKey = uniqueKey;
        this.retention = retention;
        this.concurrencyKey = concurrencyKey;
        this.concurrencyLimit = concurrencyLimit;
        this.labels = Map.copyOf(labels);
    }

    /** {@code queue}, when it is a valid queue name; else an {@link IllegalArgumentException} naming the rule. */
    static String requireQueue(String queue) {
        if (queue == null || !QUEUE.matcher(queue).matches()) {
            throw new IllegalArgumentException("queue name must match " + QUEUE.pattern() + ": " + queue);
        }
        return queue;
    }

    public String type() {
        return type;
    }

    /** The payload as JSON text. */
    public String payload() {
        return payload;
    }

    public String queue() {
        return queue;
    }

    public int priority() {
        return priority;
    }

    public Instant runAt() {
        return runAt;
    }

    public Duration delay() {
        return delay;
    }

    public Integer maxAttempts() {
        return maxAttempts;
    }

    public Duration timeout() {
        return timeout;
    }

    /** The tenant; empty for none. */
    public String tenant() {
        return tenant;
    }

    /** A second submit with the same key and tenant returns the first job and inserts nothing. */
    public String idempotencyKey() {
        return idempotencyKey;
    }

    /** While a non-finished job with this key and tenant exists, a submit with it is skipped. */
    public String uniqueKey() {
        return uniqueKey;
    }

    /** How long the finished job is kept; overrides the type's and the engine's defaults. */
    public Duration retention() {
        return retention;
    }

    public Map<String, String> labels() {
        return labels;
    }

    /** At most {@link #concurrencyLimit()} jobs with this key (and tenant) run at once, across all nodes; the others
     * wait as SCHEDULED and use no attempt. Null: no limit. */
    public String concurrencyKey() {
        return concurrencyKey;
    }

    /** The limit of {@link #concurrencyKey()}; null exactly when the key is null. */
    public Integer concurrencyLimit() {
        return concurrencyLimit;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JobRequest r && type.equals(r.type) && payload.equals(r.payload) && queue.equals(r.queue)
                && priority == r.priority && Objects.equals(runAt, r.runAt) && Objects.equals(delay, r.delay)
                && Objects.equals(maxAttempts, r.maxAttempts) && Objects.equals(timeout, r.timeout)
                && tenant.equals(r.tenant) && Objects.equals(idempotencyKey, r.idempotencyKey)
                && Objects.equals(uniqueKey, r.uniqueKey) && Objects.equals(retention, r.retention)
                && labels.equals(r.labels) && Objects.equals(concurrencyKey, r.concurrencyKey)
                && Objects.equals(concurrencyLimit, r.concurrencyLimit);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, payload, queue, priority, runAt, delay, maxAttempts, timeout, tenant, idempotencyKey,
                uniqueKey, retention, labels, concurrencyKey, concurrencyLimit);
    }

    /** Names the job and its keys; the payload only by its length (it may hold secrets, and requests get logged). */
    @Override
    public String toString() {
        return "JobRequest[type=" + type + ", queue=" + queue + ", tenant=" + tenant + ", payload=" + payload.length()
                + " chars, priority=" + priority + ", runAt=" + runAt + ", delay=" + delay + ", maxAttempts=" + maxAttempts
                + ", timeout=" + timeout + ", idempotencyKey=" + idempotencyKey + ", uniqueKey=" + uniqueKey
                + ", retention=" + retention + ", labels=" + labels.keySet() + ", concurrencyKey=" + concurrencyKey
                + ", concurrencyLimit=" + concurrencyLimit + "]";
    }

    public static Builder builder(String type) {
        return new Builder(type);
    }

    /** Shorthand for a job of {@code type} with a JSON payload and every other field defaulted. */
    public static JobRequest of(String type, String payloadJson) {
        return builder(type).payload(payloadJson).build();
    }

    /** Fluent builder; setters may be called in any order, {@link #build()} validates. */
    public static final class Builder {
        private final String type;
        private String payload = "{}";
        private String queue = DEFAULT_QUEUE;
        private int priority;
        private Instant runAt;
        private Duration delay;
        private Integer maxAttempts;
        private Duration timeout;
        private String tenant = "";
        private String idempotencyKey;
        private String uniqueKey;
        private Duration retention;
        private final Map<String, String> labels = new LinkedHashMap<>();
        private String concurrencyKey;
        private Integer concurrencyLimit;

        private Builder(String type) {
            this.type = type;
        }

        /** The payload as JSON text (an object, array or value). Default {@code {}}. */
        public Builder payload(String json) {
            this.payload = json;
            return this;
        }

        /** The payload as any object Jackson can write. */
        public Builder payloadOf(Object value) {
            this.payload = Json.write(value);
            return this;
        }

        public Builder queue(String queue) {
            this.queue = queue;
            return this;
        }

        /** Higher runs first within a queue; default 0; range -1000..1000. */
        public Builder priority(int priority) {
            this.priority = priority;
            return this;
        }

        public Builder runAt(Instant runAt) {
            this.runAt = runAt;
            return this;
        }

        public Builder delay(Duration delay) {
            this.delay = delay;
            return this;
        }

        public Builder maxAttempts(int maxAttempts) {
            this.maxAttempts = maxAttempts;
            return this;
        }

        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        public Builder tenant(String tenant) {
            this.tenant = tenant == null ? "" : tenant;
            return this;
        }

        public Builder idempotencyKey(String key) {
            this.idempotencyKey = key;
            return this;
        }

        public Builder uniqueKey(String key) {
            this.uniqueKey = key;
            return this;
        }

        public Builder retention(Duration retention) {
            this.retention = retention;
            return this;
        }

        /**
         * At most {@code limit} jobs with {@code key} (within the tenant) run at once across all nodes — e.g.
         * {@code concurrencyKey("customer:42", 1)} for one report per customer at a time, or
         * {@code concurrencyKey("provider:openai", 4)}. A job whose key is full waits and uses no attempt.
         */
        public Builder concurrencyKey(String key, int limit) {
            this.concurrencyKey = key;
            this.concurrencyLimit = limit;
            return this;
        }

        public Builder label(String key, String value) {
            labels.put(key, value);
            return this;
        }

        public Builder labels(Map<String, String> labels) {
            this.labels.putAll(labels);
            return this;
        }

        /** The request, every field validated (see {@link JobRequest}'s constructor). */
        public JobRequest build() {
            return new JobRequest(type, payload, queue, priority, runAt, delay, maxAttempts, timeout, tenant,
                    idempotencyKey, uniqueKey, retention, labels, concurrencyKey, concurrencyLimit);
        }
    }

    private static void addIfOutside(List<String> problems, String problem) {
        if (problem != null) problems.add(problem);
    }

    private static void checkKey(List<String> problems, String field, String value, boolean emptyAllowed) {
        if (value == null) return;
        if ((!emptyAllowed && value.isEmpty()) || value.length() > MAX_KEY) {
            problems.add(field + ": must be " + (emptyAllowed ? 0 : 1) + ".." + MAX_KEY + " characters");
        } else if (value.chars().anyMatch(Character::isISOControl)) {
            problems.add(field + ": must not contain control characters");
        }
    }

    private static String quote(String s) {
        return s == null ? "null" : "\"" + (s.length() > 40 ? s.substring(0, 40) + "…" : s) + "\"";
    }
}
