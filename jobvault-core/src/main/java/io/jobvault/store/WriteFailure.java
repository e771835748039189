package io.jobvault.store;

/**
 * Why this process cannot write to the store now: its last write transaction failed, and none has proven writes work
 * since.
 *
 * @param cause    the database's message, e.g. {@code [SQLITE_FULL] ... (database or disk is full)}
 * @param diskFull the failure was for lack of space (SQLite {@code SQLITE_FULL}, PostgreSQL {@code 53100}, "No space
 *                 left on device"): free space, or grow the filesystem, and writes resume by themselves
 */
public record WriteFailure(String cause, boolean diskFull) {
    /** True when {@code e}, or what caused it, says the disk (or the database's quota) is full. */
    public static boolean isDiskFull(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.sql.SQLException s) {
                if ("53100".equals(s.getSQLState())) return true; // PostgreSQL disk_full
                if (t.getClass().getName().startsWith("org.sqlite") && (s.getErrorCode() & 0xff) == 13) return true; // SQLITE_FULL
            }
            String m = t.getMessage();
            if (m != null && (m.contains("No space left on device") || m.contains("database or disk is full"))) return true;
        }
        return false;
    }
}
