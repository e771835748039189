package io.jobvault.bench.dashboard;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Seeds a SQLite store with INSERTs of {@value #ROWS} rows each, one transaction per {@link #commit}. */
final class SqliteInsertSink implements SeedSink {
    /** Rows per statement: 23 columns × 200 rows stays under SQLite's 32,766 parameters. */
    static final int ROWS = 200;

    private final Connection c;
    private final Buffer jobs;
    private final Buffer attempts;

    SqliteInsertSink(String url) throws SQLException {
        c = DriverManager.getConnection(url);
        try (Statement st = c.createStatement()) {
            st.execute("PRAGMA busy_timeout = 60000");
            // seeding is not what is measured: no fsync per commit (the file stays consistent; a crash would lose the seed)
            st.execute("PRAGMA synchronous = OFF");
            st.execute("PRAGMA cache_size = -262144");
        }
        c.setAutoCommit(false);
        jobs = new Buffer("jobs", SeedMix.JOB_COLUMNS, SeedMix.JOB_COLUMN_COUNT);
        attempts = new Buffer("job_attempts", SeedMix.ATTEMPT_COLUMNS, SeedMix.ATTEMPT_COLUMN_COUNT);
    }

    @Override
    public void job(Object[] row) throws SQLException {
        jobs.add(row);
        // an attempt's trigger reads its job: write jobs out before their attempts whenever either fills
        if (jobs.full()) {
            jobs.flush();
            attempts.flush();
        }
    }

    @Override
    public void attempt(Object[] row) throws SQLException {
        attempts.add(row);
        if (attempts.full()) {
            jobs.flush();
            attempts.flush();
        }
    }

    @Override
    public void commit() throws SQLException {
        jobs.flush();
        attempts.flush();
        c.commit();
    }

    @Override
    public Connection connection() {
        return c;
    }

    @Override
    public void close() throws SQLException {
        try {
            jobs.close();
            attempts.close();
        } finally {
            c.close();
        }
    }

    /** Rows of one table waiting for their statement; the full-size statement is prepared once. */
    private final class Buffer {
        private final String table;
        private final String columns;
        private final int width;
        private final List<Object[]> rows = new ArrayList<>(ROWS);
        private PreparedStatement full;

        Buffer(String table, String columns, int width) {
            this.table = table;
            this.columns = columns;
            this.width = width;
        }

        void add(Object[] row) {
            rows.add(row);
        }

        boolean full() {
            return rows.size() >= ROWS;
        }

        void flush() throws SQLException {
            if (rows.isEmpty()) return;
            boolean whole = rows.size() == ROWS;
            if (whole && full == null) full = c.prepareStatement(sql(ROWS));
            PreparedStatement ps = whole ? full : c.prepareStatement(sql(rows.size()));
            try {
                int p = 1;
                for (Object[] row : rows) {
                    for (Object v : row) ps.setObject(p++, v instanceof java.util.UUID u ? u.toString() : v);
                }
                ps.executeUpdate();
            } finally {
                if (!whole) ps.close();
            }
            rows.clear();
        }

        private String sql(int n) {
            String one = "(" + String.join(", ", Collections.nCopies(width, "?")) + ")";
            return "INSERT INTO " + table + " (" + columns + ") VALUES " + String.join(", ", Collections.nCopies(n, one));
        }

        void close() throws SQLException {
            if (full != null) full.close();
        }
    }
}
