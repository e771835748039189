package io.jobvault.engine;

import io.jobvault.HandDrivenClock;
import io.jobvault.store.JobStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one clock that leases and node liveness are judged on: node heartbeats and the node timeout, the leader's lease,
 * job lease expiry. Nodes on several machines share a PostgreSQL store and their clocks may disagree by seconds or
 * minutes; were each to judge the others on its own clock, a node whose clock runs ahead would take the others for
 * dead and take back their running jobs, which would then run twice. So every node reads the database's clock for
 * these, as River and Oban compare with the database's {@code now()}: sampled every few seconds (with each node
 * heartbeat) and advanced in between by this process's monotonic timer, which no step of the wall clock moves.
 *
 * <p>Where every process of the store shares one machine's clock (SQLite), or where a test moves time by hand
 * ({@link HandDrivenClock}, as River passes a stubbed time as {@code now}), it is the engine's clock itself. Everything
 * else — run-at times, schedules, retention, the timestamps a node writes — follows the engine's clock.
 *
 * <p>Each sample also measures how far the engine's clock is from the database's: a node more than
 * {@link #SKEW_LIMIT} off says so in its log, in {@code /v1/health} and in the {@code clock.skewed} alert.
 */
public final class LivenessClock extends Clock {
    private static final Logger log = LoggerFactory.getLogger(LivenessClock.class);
    /** A node whose clock is further than this from the database's says so. */
    public static final Duration SKEW_LIMIT = Duration.ofSeconds(5);
    /** A later sample whose round trip took longer (a pool wait, a stalled network) is too blurred to anchor on. */
    private static final long MAX_ROUND_TRIP_NANOS = Duration.ofSeconds(1).toNanos();

    /** The database's time at a reading of {@link System#nanoTime()}. */
    private record Anchor(Instant database, long nanos) {}

    private final Clock clock;
    /** Null: the engine's clock is the liveness clock. */
    private final JobStore store;
    private final String nodeId;
    private volatile Anchor anchor;
    private volatile Duration skew;

    private LivenessClock(Clock clock, JobStore store, String nodeId) {
        this.clock = clock;
        this.store = store;
        this.nodeId = nodeId;
    }

    /**
     * The database's clock when the store has one and {@code clock} is not hand-driven (reading it once, and logging a
     * warning when {@code clock} is off by more than {@link #SKEW_LIMIT}); otherwise {@code clock} itself.
     */
    static LivenessClock of(JobStore store, Clock clock, String nodeId) {
        if (clock instanceof HandDrivenClock) return new LivenessClock(clock, null, nodeId);
        long t0 = System.nanoTime();
        Optional<Instant> database = store.databaseNow();
        if (database.isEmpty()) return new LivenessClock(clock, null, nodeId);
        LivenessClock liveness = new LivenessClock(clock, store, nodeId);
        liveness.anchorOn(database.get(), t0, System.nanoTime());
        return liveness;
    }

    @Override
    public Instant instant() {
        Anchor a = anchor;
        return a == null ? clock.instant() : a.database().plusNanos(System.nanoTime() - a.nanos());
    }

    /**
     * This clock's time when the engine's clock read {@code then}, an instant before {@code now} (a reading of the
     * engine's clock just taken): the engine's time itself where it is this clock; else this clock's time less how
     * long ago {@code then} was, which no skew between the two clocks changes.
     */
    Instant asOf(Instant then, Instant now) {
        if (store == null) return then;
        return instant().minus(Duration.between(then, now));
    }

    /** Reads the database's clock again; a failed or slow reading keeps the last one (the timer carries it on). */
    void sync() {
        if (store == null) return;
        try {
            long t0 = System.nanoTime();
            Instant database = store.databaseNow().orElseThrow();
            long t1 = System.nanoTime();
            if (t1 - t0 <= MAX_ROUND_TRIP_NANOS) anchorOn(database, t0, t1);
        } catch (RuntimeException e) {
            log.debug("cannot read the database's clock; liveness goes on from the last reading: {}", e.toString());
        }
    }

    private void anchorOn(Instant database, long sentNanos, long receivedNanos) {
        long read = sentNanos + (receivedNanos - sentNanos) / 2; // about when the database read its clock
        Instant ours = clock.instant().minusNanos(System.nanoTime() - read);
        anchor = new Anchor(database, read);
        Duration was = skew;
        skew = Duration.between(database, ours);
        if (was == null ? beyondLimit(skew) : beyondLimit(skew) != beyondLimit(was)) tell(skew);
    }

    private void tell(Duration skew) {
        if (beyondLimit(skew)) {
            log.warn("node {}: this node's clock is {} the database's: leases and node liveness follow the"
                    + " database's clock, so no job is taken back for it, but run-at times, schedules, retention and"
                    + " the times this node records follow its own; synchronise the clock (NTP)", nodeId, describe(skew));
        } else {
            log.info("node {}: this node's clock is back within {} s of the database's ({} it)", nodeId,
                    SKEW_LIMIT.toSeconds(), describe(skew));
        }
    }

    /** "300.2 s ahead of" / "4.0 s behind": how far a skew is, in words. */
    public static String describe(Duration skew) {
        String way = skew.isNegative() ? "behind" : "ahead of";
        return String.format(Locale.ROOT, "%.1f s %s", Math.abs(skew.toMillis()) / 1000.0, way);
    }

    /** Whether a skew is more than {@link #SKEW_LIMIT} either way. */
    public static boolean beyondLimit(Duration skew) {
        return skew.abs().compareTo(SKEW_LIMIT) > 0;
    }

    /**
     * How far the engine's clock is ahead of the database's (negative: behind) at the last reading; empty where the
     * engine's clock is the liveness clock (SQLite, a hand-driven clock), so there is nothing to compare.
     */
    public Optional<Duration> skew() {
        return Optional.ofNullable(skew);
    }

    /** Whether leases and node liveness follow the database's clock (else the engine's). */
    public boolean followsDatabase() {
        return store != null;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the liveness clock is always UTC");
    }
}
