package io.jobvault.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.jobvault.Attempt;
import io.jobvault.Job;
import io.jobvault.JobOutcome;
import io.jobvault.JobRequest;
import io.jobvault.JobState;
import io.jobvault.JobType;
import io.jobvault.Jobvault;
import io.jobvault.JobvaultBuilder;
import io.jobvault.retry.Backoff;
import io.jobvault.retry.Upstream;
import io.jobvault.testkit.SettableClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The "Flaky upstreams" example of docs/java-api.md against two real HTTP providers on loopback: the primary first
 * rate-limits (429), then fails twice (500); the job must switch to the fallback on its third counted attempt, so
 * the snooze gave its attempt back.
 */
class FlakyUpstreamExampleTest {
    private static final Queue<Integer> PRIMARY_ANSWERS = new ConcurrentLinkedQueue<>();
    private static final AtomicInteger PRIMARY_CALLS = new AtomicInteger();
    private static final AtomicInteger FALLBACK_CALLS = new AtomicInteger();
    private static final HttpServer PROVIDERS = providers();
    private static final URI PRIMARY = URI.create("http://127.0.0.1:" + PROVIDERS.getAddress().getPort() + "/primary");
    private static final URI FALLBACK = URI.create("http://127.0.0.1:" + PROVIDERS.getAddress().getPort() + "/fallback");

    @TempDir
    Path dir;

    private static HttpServer providers() {
        try {
            HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            s.createContext("/primary", x -> {
                PRIMARY_CALLS.incrementAndGet();
                Integer status = PRIMARY_ANSWERS.poll();
                answer(x, status == null ? 200 : status, "primary");
            });
            s.createContext("/fallback", x -> {
                FALLBACK_CALLS.incrementAndGet();
                answer(x, 200, "fallback");
            });
            s.start();
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void answer(HttpExchange x, int status, String body) throws IOException {
        byte[] bytes = ("\"" + body + "\"").getBytes(StandardCharsets.UTF_8);
        if (status == 429) x.getResponseHeaders().add("Retry-After", "20");
        x.sendResponseHeaders(status, bytes.length);
        try (x) {
            x.getResponseBody().write(bytes);
        }
    }

    @AfterAll
    static void stopProviders() {
        PROVIDERS.stop(0);
    }

    private static HttpRequest request(URI provider, String payload) {
        return HttpRequest.newBuilder(provider).timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(payload)).build();
    }

    @Test
    void aSnoozeGivesItsAttemptBackSoTheFallbackStartsAtTheThirdCountedAttempt() {
        PRIMARY_ANSWERS.addAll(java.util.List.of(429, 500, 500));
        SettableClock clock = SettableClock.atFixedStart();
        JobvaultBuilder builder = Jobvault.builder().database("jdbc:sqlite:" + dir.resolve("jobs.db")).clock(clock)
                .tickInterval(Duration.ofMillis(5)).queue("default", 1);
        // doc:begin java-api-flaky-upstream
        HttpClient http = HttpClient.newHttpClient();
        JobType summarize = JobType.of("summarize", ctx -> {
            // attempts 1-2 use the primary provider; from attempt 3 on, the fallback
            URI provider = ctx.attempt() >= 3 ? FALLBACK : PRIMARY;
            HttpResponse<String> r = Upstream.check(http.send(request(provider, ctx.payload()), BodyHandlers.ofString()));
            return JobOutcome.success(r.body());
        })
                .withMaxAttempts(6)
                // outages: wait 5 min, then 10, 20 … (instead of the type's default 1 s doubling)
                .withBackoffFor(Upstream.UpstreamException.class, Backoff.exponential(Duration.ofMinutes(5), Duration.ofHours(1)))
                // a 4xx means the request itself is wrong: retrying will not help
                .withPermanentFailures(Upstream.UpstreamRejectedException.class);
        builder.jobType(summarize);
        // doc:end java-api-flaky-upstream
        try (Jobvault jv = builder.build()) {
            UUID id = jv.submit(JobRequest.of("summarize", "{\"text\": \"…\"}")).id();
            Job done = await().atMost(Duration.ofSeconds(30)).until(() -> {
                Job j = jv.get(id);
                if (j.state() == JobState.SCHEDULED || j.state() == JobState.RETRYING) clock.advance(Duration.ofMinutes(30));
                return j;
            }, j -> j.state().isTerminal());

            assertThat(done.state()).isEqualTo(JobState.SUCCEEDED);
            assertThat(done.result()).isEqualTo("\"fallback\"");
            assertThat(PRIMARY_CALLS).as("429, then two 500s: the snooze did not use an attempt").hasValue(3);
            assertThat(FALLBACK_CALLS).hasValue(1);
            assertThat(jv.attempts(id)).extracting(Attempt::outcome).containsExactly(Attempt.Outcome.SNOOZED,
                    Attempt.Outcome.FAILED, Attempt.Outcome.FAILED, Attempt.Outcome.SUCCEEDED);
        }
    }
}
