package io.jobvault.bench.dashboard;

import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Seeds a PostgreSQL store with COPY, {@value #JOBS_PER_COPY} jobs a statement (so the counters' statement triggers
 * sum that many rows at once), one transaction per {@link #commit}.
 */
final class PostgresCopySink implements SeedSink {
    static final int JOBS_PER_COPY = 20_000;

    private final Connection c;
    private final CopyManager copy;
    private final StringBuilder jobs = new StringBuilder(1 << 22);
    private final StringBuilder attempts = new StringBuilder(1 << 20);
    private int buffered;

    PostgresCopySink(String url) throws SQLException {
        c = DriverManager.getConnection(url);
        try (Statement st = c.createStatement()) {
            st.execute("SET synchronous_commit = off"); // seeding is not what is measured
        }
        c.setAutoCommit(false);
        copy = c.unwrap(PGConnection.class).getCopyAPI();
    }

    @Override
    public void job(Object[] row) throws SQLException {
        line(jobs, row);
        if (++buffered >= JOBS_PER_COPY) flush();
    }

    @Override
    public void attempt(Object[] row) {
        line(attempts, row);
    }

    @Override
    public void commit() throws SQLException {
        flush();
        c.commit();
    }

    @Override
    public Connection connection() {
        return c;
    }

    @Override
    public void close() throws SQLException {
        c.close();
    }

    private void flush() throws SQLException {
        try {
            if (!jobs.isEmpty()) copy.copyIn("COPY jobs (" + SeedMix.JOB_COLUMNS + ") FROM STDIN", new StringReader(jobs.toString()));
            if (!attempts.isEmpty()) {
                copy.copyIn("COPY job_attempts (" + SeedMix.ATTEMPT_COLUMNS + ") FROM STDIN", new StringReader(attempts.toString()));
            }
        } catch (IOException e) {
            throw new SQLException("COPY failed", e);
        }
        jobs.setLength(0);
        attempts.setLength(0);
        buffered = 0;
    }

    /** One row in COPY's text format: tab-separated, {@code \N} for null, backslash escapes. */
    private static void line(StringBuilder b, Object[] row) {
        for (int i = 0; i < row.length; i++) {
            if (i > 0) b.append('\t');
            Object v = row[i];
            if (v == null) {
                b.append("\\N");
                continue;
            }
            String s = v.toString();
            for (int k = 0; k < s.length(); k++) {
                char ch = s.charAt(k);
                switch (ch) {
                    case '\\' -> b.append("\\\\");
                    case '\t' -> b.append("\\t");
                    case '\n' -> b.append("\\n");
                    case '\r' -> b.append("\\r");
                    default -> b.append(ch);
                }
            }
        }
        b.append('\n');
    }
}
