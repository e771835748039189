package io.jobvault.retry;

import java.time.Duration;
import java.util.Objects;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with jitter: the n-th failure waits {@code base * 2^(n-1)}, capped at {@code cap}, then
 * shortened by a random fraction of up to {@code jitter} so that jobs failing together do not retry together.
 */
public record Backoff(Duration base, Duration cap, double jitter) {
    public static final Backoff DEFAULT = new Backoff(Duration.ofSeconds(1), Duration.ofHours(1), 0.2);

    public Backoff {
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(cap, "cap");
        if (base.isNegative() || base.isZero()) throw new IllegalArgumentException("backoff base must be positive: " + base);
        if (cap.compareTo(base) < 0) throw new IllegalArgumentException("backoff cap " + cap + " is below base " + base);
        if (jitter < 0 || jitter >= 1) throw new IllegalArgumentException("jitter must be in [0, 1): " + jitter);
    }

    public static Backoff exponential(Duration base, Duration cap) {
        return new Backoff(base, cap, DEFAULT.jitter);
    }

    public Backoff withJitter(double j) {
        return new Backoff(base, cap, j);
    }

    /**
     * The delay after failed attempt {@code attempt} (1-based).
     *
     * @param random a source of uniform numbers in [0, 1)
     */
    public Duration delay(int attempt, DoubleSupplier random) {
        if (attempt < 1) throw new IllegalArgumentException("attempt must be >= 1: " + attempt);
        long baseMillis = base.toMillis();
        long capMillis = cap.toMillis();
        int shift = Math.min(attempt - 1, 62);
        // base << shift overflows or passes the cap exactly when base > cap >> shift
        long full = baseMillis > (capMillis >> shift) ? capMillis : baseMillis << shift;
        long jittered = full - (long) (full * jitter * random.getAsDouble());
        return Duration.ofMillis(Math.max(jittered, 0));
    }
}
