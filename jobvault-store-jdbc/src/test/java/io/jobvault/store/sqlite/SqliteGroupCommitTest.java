package io.jobvault.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteCommitListener;
import org.sqlite.SQLiteConnection;

/**
 * Writes that queue up for the one SQLite writer while it commits share the next transaction and its fsync (group
 * commit); each still gets its own outcome, and one that fails is undone alone.
 */
class SqliteGroupCommitTest {
    @TempDir
    Path dir;
    private SqliteDatabase db;
    private ExecutorService threads;
    private final AtomicInteger commits = new AtomicInteger();
    private final CountDownLatch firstInside = new CountDownLatch(1);
    private final CountDownLatch releaseFirst = new CountDownLatch(1);

    @BeforeEach
    void open() {
        Path file = dir.resolve("jobvault.db");
        SqliteSchema.migrate("jdbc:sqlite:" + file);
        db = new SqliteDatabase(file);
        threads = Executors.newCachedThreadPool();
    }

    @AfterEach
    void close() throws InterruptedException {
        releaseFirst.countDown();
        threads.shutdownNow();
        threads.awaitTermination(10, TimeUnit.SECONDS);
        db.close();
    }

    /** Inserts key into jobvault_meta; a key inserted twice fails (primary key) in the database, like refused data. */
    private Integer insert(String key) {
        return db.write("insert " + key, c -> {
            PreparedStatement ps = db.statement(c, "INSERT INTO jobvault_meta (key, value) VALUES (?, 'v')");
            ps.setString(1, key);
            return ps.executeUpdate();
        });
    }

    /** A write that counts the writer's commits from now on, and holds the writer until released. */
    private Future<Integer> holdTheWriter() {
        return threads.submit(() -> db.write("hold the writer", c -> {
            c.unwrap(SQLiteConnection.class).addCommitListener(new SQLiteCommitListener() {
                @Override
                public void onCommit() {
                    commits.incrementAndGet();
                }

                @Override
                public void onRollback() {}
            });
            firstInside.countDown();
            try {
                releaseFirst.await();
            } catch (InterruptedException e) {
                throw new SQLException("interrupted", e);
            }
            return 0;
        }));
    }

    private List<Future<Integer>> queueUp(String... keys) throws InterruptedException {
        firstInside.await();
        List<Future<Integer>> writes = new ArrayList<>();
        for (String key : keys) writes.add(threads.submit(() -> insert(key)));
        await().atMost(Duration.ofSeconds(10)).until(() -> db.waitingWrites() == keys.length);
        releaseFirst.countDown();
        return writes;
    }

    private long rows(String keyPrefix) {
        return db.read("count", c -> {
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT count(*) FROM jobvault_meta WHERE key LIKE '" + keyPrefix + "%'")) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    @Test
    void writesWaitingWhileAnotherCommitsShareTheNextCommit() throws Exception {
        Future<Integer> first = holdTheWriter();
        List<Future<Integer>> writes = queueUp("g-1", "g-2", "g-3");
        first.get(10, TimeUnit.SECONDS);
        for (Future<Integer> w : writes) assertThat(w.get(10, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(rows("g-")).isEqualTo(3);
        assertThat(commits.get()).as("the first write's commit, then one for the three that waited").isEqualTo(2);
    }

    @Test
    void aWriteThatFailsInAGroupIsUndoneAloneAndTheOthersCommit() throws Exception {
        insert("taken");
        Future<Integer> first = holdTheWriter();
        List<Future<Integer>> writes = queueUp("f-1", "taken", "f-2");
        first.get(10, TimeUnit.SECONDS);
        assertThat(writes.get(0).get(10, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(writes.get(2).get(10, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(threads.submit(() -> {
            try {
                return writes.get(1).get(10, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException e) {
                return e.getCause();
            }
        }).get()).isInstanceOf(io.jobvault.store.StoreException.class);
        assertThat(rows("f-")).isEqualTo(2);
        assertThat(insert("after")).as("the writer takes writes after a failure in a group").isEqualTo(1);
    }
}
