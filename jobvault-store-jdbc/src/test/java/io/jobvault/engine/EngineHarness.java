package io.jobvault.engine;

import static org.awaitility.Awaitility.await;

import io.jobvault.Job;
import io.jobvault.JobState;
import io.jobvault.Jobvault;
import io.jobvault.JobvaultBuilder;
import io.jobvault.store.sqlite.SqliteJobStore;
import io.jobvault.testkit.SettableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Engines on one SQLite file with a settable clock; everything it opened is closed by {@link #close()}. */
final class EngineHarness implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(20);

    final SettableClock clock = SettableClock.atFixedStart();
    final Path db;
    private final List<AutoCloseable> opened = new ArrayList<>();

    EngineHarness(Path dir) {
        this.db = dir.resolve("jobvault.db");
    }

    /** A builder on this file and clock, with fast real-time ticks so tests wait milliseconds, not seconds. */
    JobvaultBuilder builder(String node) {
        return Jobvault.builder().database("jdbc:sqlite:" + db).clock(clock).nodeId(node)
                .tickInterval(Duration.ofMillis(5)).pollInterval(Duration.ofMillis(100)).shutdownGrace(Duration.ofSeconds(5));
    }

    Jobvault start(JobvaultBuilder b) {
        Jobvault jv = b.build();
        opened.add(jv);
        return jv;
    }

    /** A second, raw handle on the same file: plays another node, or an operator with SQL. */
    SqliteJobStore rawStore() {
        SqliteJobStore s = SqliteJobStore.open(db);
        opened.add(s);
        return s;
    }

    static Job awaitState(Jobvault jv, UUID id, JobState state) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(5)).until(() -> jv.get(id).state() == state);
        return jv.get(id);
    }

    /** See {@link io.jobvault.testkit.Latches#awaitIgnoringInterrupts}. */
    static void awaitIgnoringInterrupts(java.util.concurrent.CountDownLatch latch) {
        io.jobvault.testkit.Latches.awaitIgnoringInterrupts(latch);
    }

    @Override
    public void close() throws Exception {
        for (AutoCloseable c : opened.reversed()) c.close();
    }
}
