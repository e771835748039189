package io.jobvault.store.postgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import javax.sql.DataSource;

/**
 * Where the long-lived sessions come from that hold state beyond a transaction: node-id advisory locks and LISTEN.
 * From a URL each is a connection of its own, and ending it ends its locks; from the application's pool it is a
 * borrowed connection, so ending it first gives back what it held: the connection lives on in the pool.
 */
sealed interface PostgresSessions {
    Connection open() throws SQLException;

    /** Ends a session this gave out (quietly: a broken session holds nothing any more). */
    void end(Connection c);

    /** New connections from a URL; connecting gives up like the pool does, settings in the URL win. */
    record FromUrl(String url) implements PostgresSessions {
        private static final Properties CONNECT_LIMITS = new Properties();

        static {
            CONNECT_LIMITS.setProperty("connectTimeout", "3");
            CONNECT_LIMITS.setProperty("loginTimeout", "5");
        }

        @Override
        public Connection open() throws SQLException {
            return DriverManager.getConnection(url, CONNECT_LIMITS);
        }

        @Override
        public void end(Connection c) {
            closeQuietly(c);
        }
    }

    /** Connections borrowed from the application's pool: each one it holds is one fewer for the application. */
    record FromPool(DataSource pool) implements PostgresSessions {
        @Override
        public Connection open() throws SQLException {
            Connection c = pool.getConnection();
            if (!c.getAutoCommit()) c.setAutoCommit(true); // session locks and LISTEN must not wait for a commit
            return c;
        }

        @Override
        public void end(Connection c) {
            if (c == null) return;
            try (Statement st = c.createStatement()) {
                st.execute("SELECT pg_advisory_unlock_all()");
                st.execute("UNLISTEN *");
            } catch (SQLException e) {
                // a session that broke holds nothing; the pool will find it broken
            }
            closeQuietly(c);
        }
    }

    private static void closeQuietly(Connection c) {
        if (c == null) return;
        try {
            c.close();
        } catch (SQLException ignored) {
            // the session is gone either way
        }
    }
}
