package io.jobvault.store.jdbc;

import static io.jobvault.store.jdbc.JdbcRows.setMillis;

import io.jobvault.Job;
import io.jobvault.JobState;
import io.jobvault.RateLimit;
import io.jobvault.json.Json;
import io.jobvault.store.JobClaimParams;
import io.jobvault.store.JobFinish;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Claiming: one statement starts the queue's next jobs; those a limit applies to - a concurrency key, a rate-limited
 * type - come back held and are let through here, in the same transaction, by the limits' state in the store.
 *
 * <p>Across nodes the gate is exact because every claim that may start a keyed or limited job first takes the
 * database's lock of that key or type ({@link SqlDatabase#lockForClaim}), then counts: jobs only enter 'running' by
 * a claim, so the count a lock holder reads cannot grow until it commits. Jobs leaving 'running' take no lock; a
 * stale count is only ever too high, never too low. Held jobs that may not start wait as 'scheduled' - no attempt
 * used - so they do not block the window: until a run with their key ends ({@link #wakeKeyWaiters}) or, at the
 * latest, the claim's recheck; or until their rate-limit slot frees.
 */
final class JdbcClaims {
    /**
     * Read after claimWindow where the database cannot return held rows from the claiming statement itself, and only
     * when that window came up short: most claims find no limited job at all and so run one statement, not two.
     */
    static final String HELD_IN_WINDOW = "heldInWindow";
    /** Rounds per claim: each skips the held jobs of the last, so a full key cannot starve the rest of a queue. */
    private static final int MAX_ROUNDS = 4;

    private final SqlDatabase db;

    JdbcClaims(SqlDatabase db) {
        this.db = db;
    }

    List<Job> jobsClaim(JobClaimParams p) {
        String limitedTypes = p.rateLimits().isEmpty() ? "[]" : Json.write(new TreeSet<>(p.rateLimits().keySet()));
        return db.write("claim jobs", c -> {
            List<Job> claimed = new ArrayList<>(p.limit());
            for (int round = 0; round < MAX_ROUNDS && claimed.size() < p.limit(); round++) {
                int want = p.limit() - claimed.size();
                List<Job> held = new ArrayList<>();
                int seen = claimWindow(c, p, want, limitedTypes, claimed, held);
                if (held.isEmpty()) break;
                gate(c, p, held, claimed);
                if (seen < want) break; // the queue has no more available jobs
            }
            return claimed;
        });
    }

    /** Starts the window's unlimited jobs into {@code claimed}, puts the limited ones in {@code held}; returns the window's size. */
    private int claimWindow(Connection c, JobClaimParams p, int want, String limitedTypes, List<Job> claimed, List<Job> held)
            throws SQLException {
        int before = claimed.size();
        PreparedStatement ps = db.statement(c, db.sql().get("claimWindow"));
        bindWindow(ps, p, want, limitedTypes);
        ps.setString(3, p.owner());
        setMillis(ps, 4, p.leaseUntil());
        setMillis(ps, 5, p.now());
        JdbcCountDeltas counts = JdbcCountDeltas.usedFor(db, want) ? JdbcCountDeltas.defer(db, c) : null;
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Job job = JdbcRows.job(rs);
                boolean started = job.state() == JobState.RUNNING;
                (started ? claimed : held).add(job);
                if (started && counts != null) counted(counts, job, p);
            }
        }
        if (counts != null) counts.apply(db, c);
        int started = claimed.size() - before;
        if (started < want && db.sql().names().contains(HELD_IN_WINDOW)) {
            // The window's jobs that did not start are its limited ones, and they still lead the queue's order: the
            // first (want - started) available jobs now are exactly them (fewer where the queue held fewer than want).
            // One writer in one transaction, so nothing else entered or left in between.
            PreparedStatement held0 = db.statement(c, db.sql().get(HELD_IN_WINDOW));
            bindWindow(held0, p, want - started, limitedTypes);
            try (ResultSet rs = held0.executeQuery()) {
                while (rs.next()) held.add(JdbcRows.job(rs));
            }
        }
        return started + held.size();
    }

    private static void bindWindow(PreparedStatement ps, JobClaimParams p, int want, String limitedTypes) throws SQLException {
        ps.setString(1, p.queue());
        ps.setInt(2, want);
        ps.setString(6, p.tenant());
        ps.setString(7, limitedTypes);
    }

    /** Lets held jobs through in queue order while their limits allow; the rest wait. */
    private void gate(Connection c, JobClaimParams p, List<Job> held, List<Job> claimed) throws SQLException {
        held.sort(Comparator.comparingInt(Job::priority).reversed().thenComparing(Job::runAt)
                .thenComparing(j -> j.id().toString()));
        db.lockForClaim(c, lockIds(held, p.rateLimits()));
        Map<String, Integer> running = runningByKey(c, held);
        Map<String, RateWindow> rates = new HashMap<>();
        for (Job job : held) {
            RateLimit limit = p.rateLimits().get(job.type());
            if (limit != null) rates.computeIfAbsent(job.type(), t -> new RateWindow(db, t, limit, p.now()));
        }
        for (RateWindow w : rates.values()) w.load(c, held);
        Map<UUID, Instant> waits = new LinkedHashMap<>();
        List<UUID> granted = new ArrayList<>();
        Set<UUID> keyWaiters = new HashSet<>();
        for (Job job : held) {
            String key = keyOf(job);
            if (key != null && running.getOrDefault(key, 0) >= job.concurrencyLimit()) {
                waits.put(job.id(), p.now().plus(p.keyRecheck()));
                keyWaiters.add(job.id());
                continue;
            }
            RateWindow rate = rates.get(job.type());
            if (rate != null) {
                Instant freeAt = rate.take();
                if (freeAt != null) {
                    waits.put(job.id(), freeAt);
                    continue;
                }
            }
            if (key != null) running.merge(key, 1, Integer::sum);
            granted.add(job.id());
        }
        start(c, p, granted, claimed);
        for (RateWindow w : rates.values()) w.store(c);
        PreparedStatement wait = null;
        for (var e : waits.entrySet()) {
            if (wait == null) wait = db.statement(c, db.sql().get("waitForLimit"));
            wait.setString(1, e.getKey().toString());
            setMillis(wait, 2, e.getValue());
            wait.setInt(3, keyWaiters.contains(e.getKey()) ? 1 : 2);
            wait.addBatch();
        }
        if (wait != null) wait.executeBatch();
    }

    /** Runs ended (applied finishes): wakes their keys' waiters, as {@link #wakeKeyWaiters(Connection, Map)} does. */
    void wakeKeyWaiters(Connection c, List<JobFinish> ended) throws SQLException {
        Map<List<String>, Integer> perKey = new LinkedHashMap<>();
        for (JobFinish f : ended) countEnded(perKey, f.concurrencyKey() == null ? null : List.of(f.tenant(), f.concurrencyKey()));
        wakeKeyWaiters(c, perKey);
    }

    /** Counts one ended run of {@code key}, a (tenant, concurrency key) pair; null (a run without a key) counts nothing. */
    static void countEnded(Map<List<String>, Integer> perKey, List<String> key) {
        if (key != null) perKey.merge(key, 1, Integer::sum);
    }

    /**
     * Runs with concurrency keys ended ({@code endedPerKey}: how many per (tenant, key)), finished or taken back:
     * wakes, per key, as many of its waiting jobs as runs ended, in the transaction that ended them, and tells the nodes
     * of their queues. A waiter the key is still too full for waits again at its claim.
     */
    void wakeKeyWaiters(Connection c, Map<List<String>, Integer> endedPerKey) throws SQLException {
        if (endedPerKey.isEmpty()) return;
        Map<List<String>, Integer> perKey = new LinkedHashMap<>(endedPerKey);
        // most ended runs have no one waiting for their key: find the keys that do in one statement
        TreeSet<String> keys = new TreeSet<>();
        perKey.keySet().forEach(k -> keys.add(k.get(1)));
        Set<List<String>> waited = new HashSet<>();
        PreparedStatement find = db.statement(c, db.sql().get("keysWithWaiters"));
        find.setString(1, Json.write(keys));
        try (ResultSet rs = find.executeQuery()) {
            while (rs.next()) waited.add(List.of(rs.getString(1), rs.getString(2)));
        }
        perKey.keySet().retainAll(waited);
        if (perKey.isEmpty()) return;
        Set<String> queues = new TreeSet<>();
        PreparedStatement ps = db.statement(c, db.sql().get("wakeKeyWaiters"));
        for (var e : perKey.entrySet()) {
            ps.setString(1, e.getKey().get(0));
            ps.setString(2, e.getKey().get(1));
            ps.setInt(3, e.getValue());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) queues.add(rs.getString(1));
            }
        }
        db.notifyAvailable(c, queues);
    }

    /** Starts the let-through jobs in one statement; they are still locked by this claim, so all of them start. */
    private void start(Connection c, JobClaimParams p, List<UUID> ids, List<Job> claimed) throws SQLException {
        if (ids.isEmpty()) return;
        PreparedStatement ps = db.statement(c, db.sql().get("startHeld"));
        ps.setString(1, JdbcRows.idArray(ids));
        ps.setString(2, p.owner());
        setMillis(ps, 3, p.leaseUntil());
        setMillis(ps, 4, p.now());
        int started = 0;
        JdbcCountDeltas counts = JdbcCountDeltas.usedFor(db, ids.size()) ? JdbcCountDeltas.defer(db, c) : null;
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Job job = JdbcRows.job(rs);
                claimed.add(job);
                if (counts != null) counted(counts, job, p);
                started++;
            }
        }
        if (counts != null) counts.apply(db, c);
        if (started != ids.size()) throw new SQLException(ids.size() - started + " held jobs were no longer available in their claim");
    }

    /** Both claiming statements start available jobs only. */
    private static void counted(JdbcCountDeltas counts, Job started, JobClaimParams p) {
        counts.moved(started.tenant(), started.queue(), started.type(), JobState.AVAILABLE, JobState.RUNNING, p.now());
    }

    /** A key is counted within its tenant: one tenant's jobs never take another's slots. */
    private static String keyOf(Job job) {
        return job.concurrencyKey() == null ? null : job.tenant() + '\u0000' + job.concurrencyKey();
    }

    /** The locks of the held jobs' keys and rate-limited types, sorted so concurrent claims never deadlock. */
    private static int[] lockIds(List<Job> held, Map<String, RateLimit> rateLimits) {
        TreeSet<Integer> ids = new TreeSet<>();
        for (Job job : held) {
            String key = keyOf(job);
            if (key != null) ids.add(("key\u0000" + key).hashCode()); // String.hashCode is the same on every JVM
            if (rateLimits.containsKey(job.type())) ids.add(("rate\u0000" + job.type()).hashCode());
        }
        return ids.stream().mapToInt(Integer::intValue).toArray();
    }

    private Map<String, Integer> runningByKey(Connection c, List<Job> held) throws SQLException {
        TreeSet<String> keys = new TreeSet<>();
        for (Job job : held) if (job.concurrencyKey() != null) keys.add(job.concurrencyKey());
        Map<String, Integer> running = new HashMap<>();
        if (keys.isEmpty()) return running;
        PreparedStatement ps = db.statement(c, db.sql().get("runningByKey"));
        ps.setString(1, Json.write(keys));
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) running.put(rs.getString(1) + '\u0000' + rs.getString(2), rs.getInt(3));
        }
        return running;
    }
}
