package io.jobvault.store.sqlite;

import io.jobvault.JobvaultException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;

/**
 * One OS file lock per node id beside the database file. The OS drops the lock when the process dies (even by
 * SIGKILL), so a restarted node can take it again and safely rescue the jobs its previous incarnation held, while a
 * second live process with the same id is refused.
 */
final class SqliteNodeLocks implements io.jobvault.store.jdbc.NodeLocks {
    private final Path dbFile;
    private final Map<String, FileLock> held = new HashMap<>();

    SqliteNodeLocks(Path dbFile) {
        this.dbFile = dbFile;
    }

    @Override
    public synchronized void acquire(String nodeId) {
        if (held.containsKey(nodeId)) throw inUse(nodeId);
        Path lockFile = dbFile.resolveSibling(dbFile.getFileName() + ".node-" + nodeId + ".lock");
        FileChannel ch = null;
        try {
            ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = ch.tryLock();
            if (lock == null) throw inUse(nodeId);
            held.put(nodeId, lock);
        } catch (OverlappingFileLockException e) {
            close(ch);
            throw inUse(nodeId);
        } catch (IOException e) {
            close(ch);
            throw new JobvaultException("cannot lock " + lockFile + ": " + e.getMessage(), e);
        } catch (JobvaultException e) {
            close(ch);
            throw e;
        }
    }

    @Override
    public synchronized void release(String nodeId) {
        FileLock lock = held.remove(nodeId);
        if (lock == null) return;
        try {
            lock.release();
        } catch (IOException ignored) {
            // closing the channel below releases it too
        }
        close(lock.channel());
    }

    @Override
    public synchronized void releaseAll() {
        for (String id : Map.copyOf(held).keySet()) release(id);
    }

    private JobvaultException inUse(String nodeId) {
        return new JobvaultException("node id '" + nodeId + "' is in use by another live Jobvault on " + dbFile
                + "; give each process its own node id (JobvaultBuilder.nodeId)");
    }

    private static void close(FileChannel ch) {
        if (ch == null) return;
        try {
            ch.close();
        } catch (IOException ignored) {
            // nothing left to do
        }
    }
}
