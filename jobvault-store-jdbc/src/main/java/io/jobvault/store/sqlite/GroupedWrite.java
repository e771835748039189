package io.jobvault.store.sqlite;

import io.jobvault.store.StoreException;
import io.jobvault.store.jdbc.SqlDatabase.Work;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * One caller's write waiting for the SQLite writer, and what became of it. Whoever holds the writer runs every write
 * waiting then in one transaction ({@link SqliteWriter#runGroup}); each caller is told only once that transaction has
 * committed — or that its own work failed and was undone. Guarded by the writer's lock, except {@link #done}.
 */
final class GroupedWrite<T> {
    private final String what;
    private final Work<T> work;
    private T pending;
    private T result;
    private RuntimeException failure;
    private volatile boolean done;

    GroupedWrite(String what, Work<T> work) {
        this.what = what;
        this.work = work;
    }

    String what() {
        return what;
    }

    /** Runs the work inside the group's transaction; its result counts only once that commits. */
    void runIn(Connection c) throws SQLException {
        pending = work.run(c);
    }

    /** Runs the work in a transaction of its own (a group of one). */
    void runAlone(SqliteWriter writer) {
        try {
            result = writer.run(what, work);
            done = true;
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    void committed() {
        if (done) return;
        result = pending;
        done = true;
    }

    /** The first outcome told counts: a work already undone and told stays failed when the group fails later. */
    void failed(RuntimeException e) {
        if (done) return;
        failure = e;
        pending = null;
        done = true;
    }

    boolean done() {
        return done;
    }

    /** The work's result, or its failure thrown in the caller's thread. */
    T outcome() {
        if (!done) throw new StoreException(what + ": the write was never run (the writer stopped)", null);
        if (failure != null) throw failure;
        return result;
    }
}
