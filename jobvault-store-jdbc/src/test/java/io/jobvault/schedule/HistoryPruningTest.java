package io.jobvault.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobvault.JobRequest;
import io.jobvault.store.JobInsert;
import io.jobvault.store.sqlite.SqliteJobStore;
import io.jobvault.testkit.SettableClock;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scheduler prunes fire history and the audit log until caught up, however many rows expired: a schedule fanning
 * out to thousands of keys records thousands of fire rows a day, more than a fixed 1,000 an hour could ever delete.
 */
class HistoryPruningTest {
    private static final int EXPIRED = 2_500;

    @TempDir
    Path dir;
    final SettableClock clock = SettableClock.atFixedStart();

    @Test
    void moreExpiredFiresAndAuditEntriesThanOneBatchAreAllPrunedWithinAFewTicks() throws SQLException {
        Path db = dir.resolve("jobvault.db");
        try (SqliteJobStore store = SqliteJobStore.open(db)) {
            Instant old = clock.instant().minus(Duration.ofDays(400));
            seed(db, old);
            Scheduler scheduler = new Scheduler(store, HistoryPruningTest::insert, id -> {}, queues -> {},
                    new ScheduleListener() {}, Duration.ofSeconds(1), Duration.ofMinutes(1), Duration.ofDays(90));
            for (int tick = 0; tick < 10; tick++) { // each tick deletes at least one batch of 1,000 of each
                scheduler.tick(clock.instant());
                clock.advance(Duration.ofSeconds(1));
            }
            assertThat(count(db, "schedule_fires")).isZero();
            assertThat(count(db, "audit_log")).isZero();
        }
    }

    /**
     * Fire history with a short retention (the soak keeps one minute of it) stays about that long: fires that expire
     * after a pass are pruned by the next one, a minute later, not an hour later (a sawtooth of an hour's fan-out).
     */
    @Test
    void firesThatExpireAfterAPassAreGoneWithinAMinute() throws SQLException {
        Path db = dir.resolve("jobvault.db");
        try (SqliteJobStore store = SqliteJobStore.open(db)) {
            Scheduler scheduler = new Scheduler(store, HistoryPruningTest::insert, id -> {}, queues -> {},
                    new ScheduleListener() {}, Duration.ofSeconds(1), Duration.ofMinutes(1), Duration.ofMinutes(1));
            scheduler.tick(clock.instant()); // the first pass: nothing has expired yet
            seed(db, clock.instant()); // fires recorded now, expiring a minute from now
            clock.advance(Duration.ofSeconds(65)); // all expired (their fire times span 2.5 s); the next pass is due
            for (int tick = 0; tick < 5; tick++) {
                scheduler.tick(clock.instant());
                clock.advance(Duration.ofSeconds(1));
            }
            assertThat(count(db, "schedule_fires")).as("fires a minute past their retention").isZero();
        }
    }

    /** Expired history written in one transaction each (a row per call would take minutes of fsyncs). */
    private static void seed(Path db, Instant at) throws SQLException {
        String numbers = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < " + EXPIRED + ") ";
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            try (PreparedStatement fires = c.prepareStatement(numbers + "INSERT INTO schedule_fires (schedule_id, fire_at,"
                    + " kind, status, created_at) SELECT 'fan-out', ? + i, 'scheduled', 'enqueued', ? FROM n")) {
                fires.setLong(1, at.toEpochMilli());
                fires.setLong(2, at.toEpochMilli());
                assertThat(fires.executeUpdate()).isEqualTo(EXPIRED);
            }
            try (PreparedStatement audit = c.prepareStatement(numbers + "INSERT INTO audit_log (at, actor, action, target)"
                    + " SELECT ?, 'admin', 'job.cancel', 'job:' || i FROM n")) {
                audit.setLong(1, at.toEpochMilli());
                assertThat(audit.executeUpdate()).isEqualTo(EXPIRED);
            }
        }
    }

    private static long count(Path db, String table) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static JobInsert insert(JobRequest r) {
        throw new AssertionError("no schedule is due: nothing is enqueued");
    }
}
