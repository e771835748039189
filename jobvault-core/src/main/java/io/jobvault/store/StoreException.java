package io.jobvault.store;

import io.jobvault.JobvaultException;

/** The store could not do what was asked (unreachable, full, locked, corrupt); nothing was changed. */
public class StoreException extends JobvaultException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * A failure of {@code what}: {@link DataRejected} when the database refused the data itself (so retrying the same
     * write cannot help), a plain StoreException otherwise (an outage, a lock, a full disk: retrying may).
     */
    public static StoreException of(String what, java.sql.SQLException e) {
        String message = "cannot " + what + ": " + e.getMessage();
        return rejectsData(e) ? new DataRejected(message, e) : new StoreException(message, e);
    }

    /**
     * PostgreSQL SQLSTATE classes 22 (data exception, e.g. a NUL byte in text) and 23 (integrity constraint); SQLite
     * result codes TOOBIG (18), CONSTRAINT (19) and MISMATCH (20).
     */
    public static boolean rejectsData(java.sql.SQLException e) {
        for (java.sql.SQLException x = e; x != null; x = x.getNextException()) { // a batch's own error comes next
            String state = x.getSQLState();
            if (state != null && (state.startsWith("22") || state.startsWith("23"))) return true;
            int code = x.getErrorCode() & 0xff; // SQLite extended codes keep the primary code in the low byte
            if (x.getClass().getName().startsWith("org.sqlite") && (code == 18 || code == 19 || code == 20)) return true;
            if (x.getNextException() == x) break;
        }
        return false;
    }

    /** The database refused the data of the write (a value it cannot store, a broken constraint). */
    public static final class DataRejected extends StoreException {
        public DataRejected(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
