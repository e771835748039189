package io.jobvault.store.postgres;

import io.jobvault.artifact.ArtifactCopy;
import io.jobvault.artifact.ArtifactNames;
import io.jobvault.artifact.ArtifactStorage;
import io.jobvault.json.Json;
import io.jobvault.store.jdbc.SqlQueries;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.security.MessageDigest;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * Artifact content in PostgreSQL, in chunks of {@link #CHUNK} bytes keyed by their offset, so every node serves every
 * artifact and memory stays at one chunk per write or read whatever the size. Each chunk is its own short transaction
 * (no pooled connection is held for a whole upload or download). Chunks before the last commit asynchronously; the
 * last one commits durably, and since PostgreSQL flushes the write-ahead log in order, that flush makes every earlier
 * chunk durable too — one fsync per artifact, not one per chunk. Every key is fresh (a nonce), so a rewrite of the
 * same name never mixes with the content it replaces.
 */
final class PostgresArtifactStorage implements ArtifactStorage {
    static final int CHUNK = 1024 * 1024;
    private static final SqlQueries SQL = SqlQueries.load("/io/jobvault/store/postgres/artifacts.sql");
    private static final UUID FIRST = new UUID(0, 0);

    private final PostgresDatabase db;

    PostgresArtifactStorage(PostgresDatabase db) {
        this.db = db;
    }

    @Override
    public String describe() {
        return "the database (table artifact_chunks)";
    }

    @Override
    public Written write(UUID job, int attempt, String name, InputStream in, long maxBytes) throws IOException {
        ArtifactNames.validate(name);
        String key = job + "/" + attempt + "-" + name + "/" + UUID.randomUUID();
        MessageDigest sha = ArtifactCopy.sha256();
        byte[] buf = new byte[CHUNK];
        byte[] next = new byte[CHUNK];
        long offset = 0;
        boolean stored = false;
        try {
            int n = ArtifactCopy.fill(in, buf, 0, maxBytes);
            while (true) {
                // read one chunk ahead: only the last chunk's commit needs to wait for the disk
                int m = n == CHUNK ? ArtifactCopy.fill(in, next, offset + n, maxBytes) : 0;
                boolean last = m == 0;
                sha.update(buf, 0, n);
                insertChunk(job, key, offset, n == buf.length ? buf : Arrays.copyOf(buf, n), last);
                stored = true;
                offset += n;
                if (last) break;
                byte[] t = buf;
                buf = next;
                next = t;
                n = m;
            }
            return new Written(key, offset, HexFormat.of().formatHex(sha.digest()));
        } catch (IOException | RuntimeException e) {
            if (stored) deleteQuietly(key, e);
            throw e;
        }
    }

    private void insertChunk(UUID job, String key, long offset, byte[] data, boolean durable) {
        db.write("store artifact content " + key, c -> {
            if (!durable) db.statement(c, "SET LOCAL synchronous_commit = off").execute();
            PreparedStatement ps = db.statement(c, SQL.get("chunkInsert"));
            ps.setObject(1, job);
            ps.setString(2, key);
            ps.setLong(3, offset);
            ps.setBytes(4, data);
            return ps.executeUpdate();
        });
    }

    private void deleteQuietly(String key, Exception cause) {
        try {
            delete(key);
        } catch (RuntimeException e) {
            cause.addSuppressed(e); // the reconciler deletes the leftover chunks later
        }
    }

    @Override
    public InputStream open(String key, long offset) throws IOException {
        Chunk first = chunkAt(key, offset);
        if (first == null) throw new NoSuchFileException(key, null, "no artifact content in the database");
        return new ChunkStream(key, first, offset);
    }

    private record Chunk(long start, byte[] data) {}

    private Chunk chunkAt(String key, long offset) {
        return db.read("read artifact content " + key, c -> {
            PreparedStatement ps = db.statement(c, SQL.get("chunkAt"));
            ps.setObject(1, jobOf(key));
            ps.setString(2, key);
            ps.setLong(3, offset);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new Chunk(rs.getLong(1), rs.getBytes(2)) : null;
            }
        });
    }

    /** Reads chunk after chunk, each in its own short read; holds one chunk in memory. */
    private final class ChunkStream extends InputStream {
        private final String key;
        private Chunk chunk;
        private int pos;

        ChunkStream(String key, Chunk first, long offset) {
            this.key = key;
            this.chunk = first;
            this.pos = (int) Math.min(first.data.length, offset - first.start);
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) return 0;
            while (chunk != null && pos >= chunk.data.length) advance();
            if (chunk == null) return -1;
            int n = Math.min(len, chunk.data.length - pos);
            System.arraycopy(chunk.data, pos, b, off, n);
            pos += n;
            return n;
        }

        private void advance() throws IOException {
            if (chunk.data.length == 0) {
                chunk = null;
                return;
            }
            long nextStart = chunk.start + chunk.data.length;
            try {
                Chunk next = chunkAt(key, nextStart);
                chunk = next != null && next.start == nextStart ? next : null; // the last chunk was read
            } catch (RuntimeException e) {
                throw new IOException("cannot read artifact content " + key + ": " + e.getMessage(), e);
            }
            pos = 0;
        }
    }

    @Override
    public boolean exists(String key) {
        return db.read("check artifact content " + key, c -> {
            PreparedStatement ps = db.statement(c, SQL.get("contentExists"));
            ps.setObject(1, jobOf(key));
            ps.setString(2, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        });
    }

    /** One query for a page of keys. */
    @Override
    public Set<String> existing(Collection<String> keys) {
        if (keys.isEmpty()) return Set.of();
        return db.read("check " + keys.size() + " artifact contents", c -> {
            PreparedStatement ps = db.statement(c, SQL.get("contentExisting"));
            ps.setString(1, Json.MAPPER.valueToTree(keys).toString());
            Set<String> found = new HashSet<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) found.add(rs.getString(1));
            }
            return found;
        });
    }

    @Override
    public void delete(String key) {
        db.write("delete artifact content " + key, c -> {
            PreparedStatement ps = db.statement(c, SQL.get("contentDelete"));
            ps.setObject(1, jobOf(key));
            ps.setString(2, key);
            return ps.executeUpdate();
        });
    }

    @Override
    public void deleteJob(UUID job) {
        db.write("delete the artifact content of job " + job, c -> {
            PreparedStatement ps = db.statement(c, SQL.get("contentDeleteJob"));
            ps.setObject(1, job);
            return ps.executeUpdate();
        });
    }

    /** Asks the database directly: content whose first chunk no artifacts row names. */
    @Override
    public List<String> unreferenced(Function<Collection<UUID>, Map<UUID, Set<String>>> referencedKeysOf, int max) {
        List<String> keys = new ArrayList<>();
        UUID afterJob = FIRST;
        String afterKey = "";
        while (keys.size() < max) {
            int page = Math.min(1000, max - keys.size());
            List<String> found = unreferencedPage(afterJob, afterKey, page);
            keys.addAll(found);
            if (found.size() < page) break;
            afterKey = found.getLast();
            afterJob = jobOf(afterKey);
        }
        return keys;
    }

    private List<String> unreferencedPage(UUID afterJob, String afterKey, int limit) {
        return db.read("find unreferenced artifact content", c -> {
            PreparedStatement ps = db.statement(c, SQL.get("contentUnreferenced"));
            ps.setObject(1, afterJob);
            ps.setString(2, afterKey);
            ps.setInt(3, limit);
            List<String> keys = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) keys.add(rs.getString(2));
            }
            return keys;
        });
    }

    /** Keys start with the job id: {@code JOB-ID/ATTEMPT-NAME/NONCE}. */
    private static UUID jobOf(String key) {
        if (key.length() < 37 || key.charAt(36) != '/') throw new IllegalArgumentException("not a database artifact key: " + key);
        return UUID.fromString(key.substring(0, 36));
    }
}
