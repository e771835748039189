package io.jobvault.server.dashboard;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * A value read at most once per {@code ttl} on this node, so reloads, live updates and many open tabs cost the store
 * one read. Two requests that find it stale at once may both read; either answer is fresh enough.
 */
final class Fresh<T> {
    private record Held<T>(T value, long readAtNanos) {}

    private final Duration ttl;
    private final Supplier<T> read;
    private volatile Held<T> held;

    Fresh(Duration ttl, Supplier<T> read) {
        this.ttl = ttl;
        this.read = read;
    }

    T get() {
        Held<T> h = held;
        if (h == null || System.nanoTime() - h.readAtNanos() > ttl.toNanos()) {
            h = new Held<>(read.get(), System.nanoTime());
            held = h;
        }
        return h.value();
    }

    /** Forgets the value: this node just changed what it holds (the next get reads). */
    void clear() {
        held = null;
    }
}
