// Run from the repository root: java -cp jobvault-cli/target/jobvault.jar jobvault-bench/prune/PruneSustain.java SECONDS
// (a single-file program, not built by Maven, so it runs unchanged against the jar of any commit).
import io.jobvault.*;
import java.nio.file.*;
import java.sql.*;
import java.time.Duration;
import java.util.*;
import java.util.concurrent.*;
import java.util.concurrent.atomic.AtomicLong;

/** Sustained submitAll(500) + drain of no-op jobs, retention 20 s, default pruner settings: rows over time. */
public class PruneSustain {
    public static void main(String[] a) throws Exception {
        int seconds = Integer.parseInt(a[0]);
        Path dir = Files.createTempDirectory("prune-sustain");
        Path db = dir.resolve("jobvault.db");
        Semaphore room = new Semaphore(5000);
        AtomicLong finished = new AtomicLong();
        try (Jobvault jv = Jobvault.builder().database("jdbc:sqlite:" + db).nodeId("sustain").queue("default", 128)
                .handler("noop", ctx -> JobOutcome.success()).retention(Retention.all(Duration.ofSeconds(20)))
                .listener(new JobListener() {
                    @Override public void jobRecorded(Job job, JobState state) { finished.incrementAndGet(); room.release(); }
                }).build();
             Connection reader = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            long t0 = System.nanoTime();
            ScheduledExecutorService s = Executors.newSingleThreadScheduledExecutor();
            long[] last = {0};
            s.scheduleAtFixedRate(() -> {
                try (Statement st = reader.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM jobs")) {
                    rs.next();
                    long f = finished.get();
                    long mib = (Files.size(db) + (Files.exists(Path.of(db + "-wal")) ? Files.size(Path.of(db + "-wal")) : 0)) >> 20;
                    System.out.printf("t=%3ds rows=%,9d finished=%,9d drain=%,6d/s db+wal=%d MiB%n",
                            (System.nanoTime() - t0) / 1_000_000_000, rs.getLong(1), f, (f - last[0]) / 15, mib);
                    last[0] = f;
                } catch (Exception e) { System.out.println("sample failed: " + e); }
            }, 15, 15, TimeUnit.SECONDS);
            List<JobRequest> batch = Collections.nCopies(500, JobRequest.of("noop", "{}"));
            while (System.nanoTime() - t0 < seconds * 1_000_000_000L) { room.acquire(500); jv.submitAll(batch); }
            s.shutdownNow();
        }
    }
}
