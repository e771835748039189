package io.jobvault.retry;

import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Helpers for handlers that call flaky upstream services over HTTP. {@link #check} turns an answer into what a job
 * should do: 2xx passes; 429 and 503 become a snooze for the upstream's {@code Retry-After} (no attempt used); other
 * 5xx and 408 a retryable {@link UpstreamException}; other 4xx an {@link UpstreamRejectedException}, which a job type
 * usually declares permanent ({@code withPermanentFailures(UpstreamRejectedException.class)}).
 */
public final class Upstream {
    /** When the upstream says "later" without saying when. */
    public static final Duration DEFAULT_WAIT = Duration.ofSeconds(30);
    /** A Retry-After beyond this is capped (a broken header must not park a job for days). */
    public static final Duration MAX_WAIT = Duration.ofHours(1);

    private Upstream() {}

    public static <T> HttpResponse<T> check(HttpResponse<T> r) {
        return check(r, Clock.systemUTC());
    }

    public static <T> HttpResponse<T> check(HttpResponse<T> r, Clock clock) {
        int s = r.statusCode();
        if (s / 100 == 2) return r;
        String where = r.request().method() + " " + r.uri().getHost() + r.uri().getPath();
        if (s == 429 || s == 503) {
            Duration wait = retryAfter(r.headers().firstValue("Retry-After").orElse(null), clock.instant());
            throw new SnoozeException(wait, where + " answered " + s + "; waiting " + wait.toSeconds() + " s as asked");
        }
        if (s / 100 == 5 || s == 408) throw new UpstreamException(s, where + " answered " + s);
        throw new UpstreamRejectedException(s, where + " answered " + s);
    }

    /** Retry-After as seconds or an HTTP date; {@link #DEFAULT_WAIT} when absent or unreadable; at most {@link #MAX_WAIT}. */
    public static Duration retryAfter(String header, Instant now) {
        if (header == null || header.isBlank()) return DEFAULT_WAIT;
        Duration d;
        try {
            d = Duration.ofSeconds(Long.parseLong(header.trim()));
        } catch (NumberFormatException e) {
            try {
                d = Duration.between(now, ZonedDateTime.parse(header.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
            } catch (DateTimeParseException e2) {
                return DEFAULT_WAIT;
            }
        }
        if (d.isNegative()) return Duration.ZERO;
        return d.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : d;
    }

    /** The upstream failed in a way worth retrying (5xx, 408). */
    public static class UpstreamException extends RuntimeException {
        private final int status;

        public UpstreamException(int status, String message) {
            super(message);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    /** The upstream refused the request (4xx other than 408/429): retrying the same request will not help. */
    public static final class UpstreamRejectedException extends UpstreamException {
        public UpstreamRejectedException(int status, String message) {
            super(status, message);
        }
    }
}
