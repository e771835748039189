package io.jobvault.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.jobvault.Attempt;
import io.jobvault.Job;
import io.jobvault.JobOutcome;
import io.jobvault.JobRequest;
import io.jobvault.JobState;
import io.jobvault.JobType;
import io.jobvault.Jobvault;
import io.jobvault.testkit.SettableClock;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A handler calling flaky upstreams (real HTTP servers on loopback): 429 with Retry-After snoozes without using an
 * attempt, a 500 retries with the backoff declared for upstream errors, and the handler switches to a fallback
 * provider on a later attempt.
 */
class UpstreamTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;
    final SettableClock clock = SettableClock.atFixedStart();
    final Queue<Integer> primaryAnswers = new ConcurrentLinkedQueue<>(List.of(429, 500, 500));
    final List<String> calls = new java.util.concurrent.CopyOnWriteArrayList<>();
    HttpServer primary;
    HttpServer fallback;
    Jobvault jv;

    private HttpServer server(String name, java.util.function.Supplier<Integer> status) throws Exception {
        HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        s.createContext("/render", ex -> {
            calls.add(name);
            int code = status.get();
            if (code == 429) ex.getResponseHeaders().add("Retry-After", "120");
            ex.sendResponseHeaders(code, -1);
            ex.close();
        });
        s.start();
        return s;
    }

    private static URI uri(HttpServer s) {
        return URI.create("http://127.0.0.1:" + s.getAddress().getPort() + "/render");
    }

    @AfterEach
    void close() {
        if (jv != null) jv.close();
        if (primary != null) primary.stop(0);
        if (fallback != null) fallback.stop(0);
    }

    @Test
    void rateLimitsSnoozeServerErrorsBackOffAndLaterAttemptsUseTheFallback() throws Exception {
        primary = server("primary", () -> {
            Integer next = primaryAnswers.poll();
            return next == null ? 200 : next;
        });
        fallback = server("fallback", () -> 200);
        HttpClient http = HttpClient.newHttpClient();
        JobType render = JobType.of("render", ctx -> {
            // attempt 3 and later: the primary provider has failed twice (the 429's snooze used no attempt)
            URI target = ctx.attempt() >= 3 ? uri(fallback) : uri(primary);
            Upstream.check(http.send(HttpRequest.newBuilder(target).GET().build(), HttpResponse.BodyHandlers.discarding()), clock);
            return JobOutcome.success("{\"provider\":\"" + (ctx.attempt() >= 3 ? "fallback" : "primary") + "\"}");
        }).withBackoffFor(Upstream.UpstreamException.class, Backoff.exponential(Duration.ofMinutes(5), Duration.ofHours(1)).withJitter(0))
                .withPermanentFailures(Upstream.UpstreamRejectedException.class);
        jv = Jobvault.builder().database("jdbc:sqlite:" + dir.resolve("jobvault.db")).clock(clock).nodeId("n1")
                .tickInterval(Duration.ofMillis(5)).pollInterval(Duration.ofMillis(50)).queue("default", 1).jobType(render).build();
        Instant t0 = clock.instant();
        UUID id = jv.submit(JobRequest.builder("render").maxAttempts(3).build()).id();

        Job snoozed = await().atMost(WAIT).until(() -> jv.get(id), j -> j.state() == JobState.SCHEDULED);
        assertThat(snoozed.runAt()).isEqualTo(t0.plusSeconds(120)); // the upstream's Retry-After, exactly
        assertThat(snoozed.maxAttempts()).isEqualTo(4); // the snoozed attempt was given back
        assertThat(snoozed.attemptsUsed()).isZero();

        clock.advance(Duration.ofSeconds(120));
        Job retrying = await().atMost(WAIT).until(() -> jv.get(id), j -> j.state() == JobState.RETRYING);
        assertThat(retrying.runAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(5))); // attempt 1's backoff
        assertThat(retrying.lastError()).contains("answered 500");

        clock.advance(Duration.ofMinutes(5));
        Job again = await().atMost(WAIT).until(() -> jv.get(id), j -> j.state() == JobState.RETRYING && j.attemptsUsed() == 2);
        assertThat(again.runAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(10))); // 5 min doubling, attempt 2

        clock.advance(Duration.ofMinutes(10));
        Job done = await().atMost(WAIT).until(() -> jv.get(id), j -> j.state() == JobState.SUCCEEDED);
        assertThat(done.result()).contains("fallback");
        assertThat(done.attemptsUsed()).isEqualTo(3);
        assertThat(calls).containsExactly("primary", "primary", "primary", "fallback");
        assertThat(jv.attempts(id)).extracting(Attempt::outcome).containsExactly(Attempt.Outcome.SNOOZED,
                Attempt.Outcome.FAILED, Attempt.Outcome.FAILED, Attempt.Outcome.SUCCEEDED);
    }

    @Test
    void retryAfterIsReadAsSecondsOrADateAndBounded() {
        Instant now = Instant.parse("2026-11-24T12:00:00Z");
        assertThat(Upstream.retryAfter("30", now)).isEqualTo(Duration.ofSeconds(30));
        assertThat(Upstream.retryAfter("Tue, 24 Nov 2026 12:02:00 GMT", now)).isEqualTo(Duration.ofMinutes(2));
        assertThat(Upstream.retryAfter("soon", now)).isEqualTo(Upstream.DEFAULT_WAIT);
        assertThat(Upstream.retryAfter(null, now)).isEqualTo(Upstream.DEFAULT_WAIT);
        assertThat(Upstream.retryAfter("999999", now)).isEqualTo(Upstream.MAX_WAIT);
        assertThat(Upstream.retryAfter("Tue, 24 Nov 2026 11:00:00 GMT", now)).isEqualTo(Duration.ZERO);
    }
}
