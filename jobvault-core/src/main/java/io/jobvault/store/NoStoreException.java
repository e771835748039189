package io.jobvault.store;

import io.jobvault.JobvaultException;

/**
 * No Jobvault store exists where one was expected to be opened, and none was created: no such SQLite file (or one
 * without Jobvault's tables), or a PostgreSQL schema without them. {@link #where()} says where it looked.
 */
public final class NoStoreException extends JobvaultException {
    private final String where;

    /** @param where an absolute file path, or a JDBC URL without its password ({@link JdbcUrls#redact}) */
    public NoStoreException(String where) {
        super("no Jobvault store at " + where);
        this.where = where;
    }

    public String where() {
        return where;
    }
}
