package io.jobvault.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobvault.JobOutcome;
import io.jobvault.JobType;
import io.jobvault.retry.Backoff;
import io.jobvault.retry.OutcomePolicy;
import io.jobvault.retry.OutcomePolicy.Verdict;
import io.jobvault.trace.JobTracing;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs ordinary {@link io.jobvault.JobHandler}s in this process against a remote Jobvault server: claims jobs of its
 * queues (long polling), heartbeats each run (carrying its latest progress, and stopping it when the server says it
 * was cancelled or the lease is gone), uploads artifacts, and reports each outcome. It declares the job types of its
 * handlers when it starts and with each claim, so that the server accepts submits of them.
 * <p>Outcomes mean what they mean for embedded runs ({@link OutcomePolicy}): a snooze (a {@code JobOutcome.snooze},
 * or a {@code SnoozeException} such as {@code Upstream.check} throws for a 429) uses no attempt, a cancel outcome
 * ends the job CANCELLED, a permanent failure type DEAD at once, and failures wait by the type's backoff for their
 * exception.
 */
public final class RemoteWorker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RemoteWorker.class);

    private final JobvaultClient client;
    private final List<String> queues;
    private final Map<String, JobType> types;
    private final int concurrency;
    private final String name;
    private final Duration heartbeatInterval;
    private final Duration pollWait;
    private final Clock clock;
    private final com.fasterxml.jackson.databind.ObjectMapper mapper;
    private final Semaphore slots;
    private final JobTracing tracing;
    private final Map<java.util.UUID, RemoteContext> running = new ConcurrentHashMap<>();
    private volatile boolean stopping;
    private Thread claimer;
    private Thread heartbeater;

    private RemoteWorker(Builder b) {
        this.client = b.client;
        this.queues = List.copyOf(b.queues);
        this.types = Map.copyOf(b.types);
        this.concurrency = b.concurrency;
        this.name = b.name;
        this.heartbeatInterval = b.heartbeatInterval;
        this.pollWait = b.pollWait;
        this.clock = b.clock;
        this.mapper = b.mapper;
        this.slots = new Semaphore(concurrency);
        this.tracing = new JobTracing(b.openTelemetry != null ? b.openTelemetry : io.opentelemetry.api.GlobalOpenTelemetry.get());
    }

    public static Builder builder(JobvaultClient client) {
        return new Builder(client);
    }

    /** Configures a worker; {@link #start()} validates and starts it. */
    public static final class Builder {
        private final JobvaultClient client;
        private final List<String> queues = new ArrayList<>();
        private final Map<String, JobType> types = new LinkedHashMap<>();
        private int concurrency = 4;
        private String name = "worker";
        private Duration heartbeatInterval = Duration.ofSeconds(10);
        private Duration pollWait = Duration.ofSeconds(20);
        private Clock clock = Clock.systemUTC();
        private com.fasterxml.jackson.databind.ObjectMapper mapper = io.jobvault.json.JsonMappers.defaults();
        private io.opentelemetry.api.OpenTelemetry openTelemetry;

        private Builder(JobvaultClient client) {
            this.client = client;
        }

        public Builder queue(String queue) {
            queues.add(queue);
            return this;
        }

        public Builder handler(String type, io.jobvault.JobHandler handler) {
            return jobType(JobType.of(type, handler));
        }

        /** Runs a definition's jobs with a typed handler, as {@code JobvaultBuilder.handler(definition, handler)}. */
        public <P, R> Builder handler(io.jobvault.JobDefinition<P, R> definition, io.jobvault.TypedJobHandler<P, R> handler) {
            return jobType(definition.jobType(handler));
        }

        /** Reads typed payloads and writes result objects. Default {@link io.jobvault.json.JsonMappers#defaults()}. */
        public Builder objectMapper(com.fasterxml.jackson.databind.ObjectMapper m) {
            this.mapper = java.util.Objects.requireNonNull(m, "mapper");
            return this;
        }

        /**
         * A type with its policies: its permanent failure types, backoff and per-exception backoffs apply as for
         * embedded runs; its max attempts, timeout, retention and rate limit do not (they are the job's or the
         * server's).
         */
        public Builder jobType(JobType type) {
            types.put(type.name(), type);
            return this;
        }

        public Builder concurrency(int n) {
            this.concurrency = n;
            return this;
        }

        /** Shown as part of the lease owner; letters, digits, '.', '_' and '-'. */
        public Builder name(String n) {
            this.name = n;
            return this;
        }

        /** Must be well under the server's lease (30 s by default). Default 10 s. */
        public Builder heartbeatInterval(Duration d) {
            this.heartbeatInterval = d;
            return this;
        }

        /** How long one claim waits for work. Default 20 s. */
        public Builder pollWait(Duration d) {
            this.pollWait = d;
            return this;
        }

        public Builder clock(Clock c) {
            this.clock = c;
            return this;
        }

        /**
         * Traces each run with a consumer span that continues the submit's trace (the claim hands its context over);
         * default {@code GlobalOpenTelemetry}, a no-op unless an SDK or the agent is installed.
         */
        public Builder openTelemetry(io.opentelemetry.api.OpenTelemetry otel) {
            this.openTelemetry = java.util.Objects.requireNonNull(otel, "openTelemetry");
            return this;
        }

        public RemoteWorker start() {
            if (queues.isEmpty()) throw new IllegalArgumentException("a remote worker needs at least one queue");
            if (types.isEmpty()) throw new IllegalArgumentException("a remote worker needs at least one handler");
            if (concurrency < 1 || concurrency > 100) throw new IllegalArgumentException("concurrency must be within 1..100");
            if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) throw new IllegalArgumentException("bad worker name: " + name);
            RemoteWorker w = new RemoteWorker(this);
            try {
                client.declareTypes(types.keySet()); // submits of these types are accepted from now on, on every node
            } catch (RuntimeException e) {
                log.warn("could not declare this worker's job types yet (each claim declares them too): {}", e.getMessage());
            }
            w.claimer = Thread.ofPlatform().name("jobvault-remote-claim").daemon().start(w::claimLoop);
            w.heartbeater = Thread.ofPlatform().name("jobvault-remote-heartbeat").daemon().start(w::heartbeatLoop);
            return w;
        }
    }

    private void claimLoop() {
        while (!stopping) {
            try {
                slots.acquire();
                int free = 1 + slots.drainPermits();
                List<JsonNode> jobs;
                try {
                    jobs = client.claim(queues, types.keySet(), free, pollWait, name);
                } catch (RuntimeException e) {
                    slots.release(free);
                    if (stopping) return;
                    log.warn("claim failed; retrying in a second: {}", e.getMessage());
                    TimeUnit.SECONDS.sleep(1);
                    continue;
                }
                slots.release(free - jobs.size());
                for (JsonNode job : jobs) {
                    RemoteContext ctx = new RemoteContext(job, client, clock, mapper);
                    if (stopping) { // claimed while stopping: give it straight back
                        handBack(ctx);
                        slots.release();
                    } else {
                        start(ctx);
                    }
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void start(RemoteContext ctx) {
        running.put(ctx.id, ctx);
        Thread.ofVirtual().name("jobvault-remote-" + ctx.id).start(() -> {
            ctx.thread = Thread.currentThread();
            try {
                run(ctx);
            } finally {
                running.remove(ctx.id);
                slots.release();
            }
        });
    }

    private void run(RemoteContext ctx) {
        Span span = tracing.startRun(ctx.queue(), ctx.id, ctx.type(), ctx.attempt(), ctx.traceparent());
        String reported = "not-recorded";
        Throwable error = null;
        try {
            JobType type = types.get(ctx.type());
            JobOutcome outcome = null;
            try (Scope current = span.makeCurrent()) {
                outcome = type == null ? JobOutcome.retry("no handler for job type '" + ctx.type() + "' on remote worker " + name)
                        : type.handler().handle(ctx);
            } catch (Throwable t) {
                error = t;
            }
            outcome = io.jobvault.json.JsonMappers.withResultWritten(mapper, outcome, ctx.type());
            Thread.interrupted();
            if ("lease lost".equals(ctx.stopped) || ctx.handedBack) return; // the server would refuse it: the job is someone else's now
            reported = reportQuietly(ctx, type, outcome, error);
        } finally {
            JobTracing.endRun(span, reported, reported.equals("failed") || reported.equals("dead"), error);
        }
    }

    /** Reports the run's end; the outcome it reported ({@code not-recorded} when the report failed). */
    private String reportQuietly(RemoteContext ctx, JobType type, JobOutcome outcome, Throwable error) {
        try {
            return report(ctx, type, outcome, error);
        } catch (JobvaultApiException e) {
            log.warn("result of job {} not recorded: {}", ctx.id, e.getMessage());
        } catch (RuntimeException e) {
            log.warn("cannot report the result of job {} (its lease will expire and it will run again): {}", ctx.id, e.toString());
        }
        return "not-recorded";
    }

    /**
     * Judges the run here, where the exception and the type's policies are known (permanent failure types, backoff
     * and per-exception backoff), by the same {@link OutcomePolicy} as embedded runs; the server applies the job's
     * attempt budget.
     */
    private String report(RemoteContext ctx, JobType type, JobOutcome outcome, Throwable error) {
        Verdict verdict = ctx.stopped != null ? new Verdict.Cancel("cancelled while running") // cancel wins, as for embedded runs
                : OutcomePolicy.verdict(outcome, error, type);
        Duration retryAfter = null;
        if (verdict instanceof Verdict.Fail f && (f.delay() != null || f.backoff() != null)) {
            retryAfter = f.waitAfter(ctx.attempt(), Backoff.DEFAULT, () -> ThreadLocalRandom.current().nextDouble());
        }
        client.report(ctx.id, ctx.lease, verdict, retryAfter);
        return switch (verdict) { // what the span says; the server applies the attempt budget to a failure
            case Verdict.Succeed s -> "succeeded";
            case Verdict.Fail f -> "failed";
            case Verdict.Discard d -> "dead";
            case Verdict.Snooze s -> "scheduled";
            case Verdict.Cancel c -> "cancelled";
        };
    }

    private void heartbeatLoop() {
        while (!stopping || !running.isEmpty()) {
            try {
                TimeUnit.MILLISECONDS.sleep(heartbeatInterval.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            for (RemoteContext ctx : running.values()) {
                RemoteContext.Progress p = ctx.pendingProgress.getAndSet(null);
                try {
                    JsonNode hb = client.heartbeat(ctx.id, ctx.lease, p == null ? null : p.percent(), p == null ? null : p.message());
                    if (hb.path("cancelRequested").asBoolean()) ctx.stop("cancelled");
                } catch (JobvaultApiException e) {
                    if (e.status() == 409 || e.status() == 404 || e.status() == 410) ctx.stop("lease lost");
                } catch (RuntimeException e) {
                    log.warn("heartbeat of job {} failed; retrying: {}", ctx.id, e.toString());
                }
            }
        }
    }

    /** How many jobs run here now. */
    public int running() {
        return running.size();
    }

    /**
     * Stops claiming and waits up to {@code grace} for running jobs to finish and report, as an embedded node's close
     * does. Jobs still running then are handed back — a zero-delay snooze, so they use no attempt and another worker
     * can start them at once instead of after their leases run out — and their handlers interrupted (what they report
     * afterwards is not sent). A job that a claim brings in while stopping is handed back too.
     */
    public void close(Duration grace) {
        stopping = true;
        claimer.interrupt();
        long deadline = System.nanoTime() + grace.toNanos();
        while (!running.isEmpty() && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
        for (RemoteContext ctx : running.values()) {
            if ("lease lost".equals(ctx.stopped)) continue; // not ours to give back
            ctx.handedBack = true; // before the interrupt: the handler's outcome must not be reported after this
            ctx.stop("shutting down");
            handBack(ctx);
        }
        heartbeater.interrupt();
    }

    private void handBack(RemoteContext ctx) {
        try {
            client.handBack(ctx.id, ctx.lease, name);
        } catch (RuntimeException e) {
            log.warn("could not hand job {} back (its lease will expire instead): {}", ctx.id, e.getMessage());
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(10));
    }

    int concurrency() {
        return concurrency;
    }
}
