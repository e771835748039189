package io.jobvault.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;

/**
 * The machine's speed, measured with work that does not depend on Jobvault, so a reader of a figure can tell a slower
 * machine from a slower Jobvault: how many single-row commits a second a SQLite file takes with the store's own
 * durability (WAL, {@code synchronous=FULL}: each one fsyncs) in the directory the figures' store lives in, and how
 * long a fixed CPU loop (SHA-256 over the same bytes) takes on one thread. Also the load average when it ran, since
 * these machines are shared. One line, starting {@code calibration:}; other programs (the soak) print it too.
 */
public final class MachineCalibration {
    /** Bytes hashed by the CPU loop: 64 times a fixed 1 MiB buffer. */
    static final int CPU_MIB = 64;
    private static final long COMMIT_BUDGET_NANOS = 1_000_000_000L;
    private static final int MIN_COMMITS = 20;

    private MachineCalibration() {}

    /** Measures (about 1–2 s) and returns the calibration line for a store in {@code directory}. */
    public static String line(Path directory) throws Exception {
        double commits = fsyncedCommitsPerSecond(directory);
        double cpuMillis = cpuLoopMillis();
        return String.format("calibration: %,.0f fsynced SQLite commits/s (1 row each, WAL, synchronous=FULL, in %s);"
                        + " CPU loop %.0f ms (SHA-256 of %d MiB, 1 thread); %d cpus, load %.2f, JDK %s",
                commits, directory.toAbsolutePath(), cpuMillis, CPU_MIB, Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), Runtime.version().feature());
    }

    /** Single-row autocommit inserts into a fresh SQLite file for about a second (at least 20); removes the file. */
    static double fsyncedCommitsPerSecond(Path directory) throws Exception {
        Files.createDirectories(directory);
        Path file = directory.resolve("calibration-" + ProcessHandle.current().pid() + "-" + System.nanoTime() + ".db");
        try {
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement()) {
                st.execute("PRAGMA journal_mode=WAL");
                st.execute("PRAGMA synchronous=FULL");
                st.execute("CREATE TABLE t (n INTEGER)");
                try (PreparedStatement insert = c.prepareStatement("INSERT INTO t (n) VALUES (?)")) {
                    long t0 = System.nanoTime();
                    int n = 0;
                    long elapsed;
                    do {
                        insert.setInt(1, n++);
                        insert.executeUpdate();
                        elapsed = System.nanoTime() - t0;
                    } while (elapsed < COMMIT_BUDGET_NANOS || n < MIN_COMMITS);
                    return n / (elapsed / 1e9);
                }
            }
        } finally {
            for (String suffix : new String[] {"", "-wal", "-shm", "-journal"}) {
                Files.deleteIfExists(Path.of(file + suffix));
            }
        }
    }

    /** Deterministic single-threaded work: SHA-256 over a fixed 1 MiB buffer, 64 times, after one warm-up pass. */
    static double cpuLoopMillis() throws Exception {
        byte[] buffer = new byte[1 << 20];
        for (int i = 0; i < buffer.length; i++) buffer[i] = (byte) (i * 31 + 7);
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        for (int i = 0; i < CPU_MIB; i++) sha.update(buffer); // warm-up: let the JIT compile the loop first
        sha.digest();
        long t0 = System.nanoTime();
        for (int i = 0; i < CPU_MIB; i++) sha.update(buffer);
        sha.digest();
        return (System.nanoTime() - t0) / 1e6;
    }
}
