package io.jobvault.store.jdbc;

import io.jobvault.store.StoreException;
import io.jobvault.store.WriteFailure;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Optional;

/**
 * The outcome of this process's last telling write: a failed write transaction sets it, one that changed rows and
 * committed clears it. A transaction that changed nothing proves nothing (it commits even on a full disk), so it
 * leaves the state as it is.
 */
public final class WriteHealth {
    private volatile WriteFailure failing;

    /**
     * A write failed with {@code e}. Data the database refused says nothing about its health, nor does losing a race
     * to another transaction (the next try succeeds), and a connection that could not be had is the store being
     * unreachable, which is told apart; anything else means writes fail.
     */
    public void failed(SQLException e) {
        if (StoreException.rejectsData(e) || lostARace(e) || unreachable(e)) return;
        failing = new WriteFailure(e.getMessage(), WriteFailure.isDiskFull(e));
    }

    /** A write transaction that changed rows committed: writes work. */
    public void committed() {
        if (failing != null) failing = null;
    }

    public Optional<WriteFailure> current() {
        return Optional.ofNullable(failing);
    }

    /**
     * PostgreSQL SQLSTATE class 40 (deadlock 40P01, serialization failure 40001) and 55P03 (lock not available); SQLite
     * BUSY (5) and LOCKED (6), another process holding the file.
     */
    private static boolean lostARace(SQLException e) {
        String state = e.getSQLState();
        if (state != null && (state.startsWith("40") || state.equals("55P03"))) return true;
        int code = e.getErrorCode() & 0xff; // SQLite extended codes keep the primary code in the low byte
        return e.getClass().getName().startsWith("org.sqlite") && (code == 5 || code == 6);
    }

    private static boolean unreachable(SQLException e) {
        String state = e.getSQLState();
        return e instanceof SQLTransientConnectionException || (state != null && state.startsWith("08"));
    }
}
