package io.jobvault.artifact;

import io.jobvault.JobvaultException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * Artifact files under one directory: {@code ROOT/JOB-ID/ATTEMPT-NAME}. A write goes to a temp file, is fsynced,
 * renamed into place and the directory fsynced, so a file that exists is complete and durable. The attempt in the
 * file name keeps a stale run from ever overwriting the current run's file. Several nodes may share the directory
 * (a network file system with atomic renames).
 */
public final class FileArtifactStore implements ArtifactStorage {
    private final Path root;

    public FileArtifactStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    @Override
    public String describe() {
        return "the artifact directory " + root;
    }

    @Override
    public Written write(UUID job, int attempt, String name, InputStream in, long maxBytes) throws IOException {
        ArtifactNames.validate(name);
        Path dir = root.resolve(job.toString());
        Files.createDirectories(dir);
        String key = job + "/" + attempt + "-" + name;
        Path target = root.resolve(key);
        Path temp = Files.createTempFile(dir, "tmp-", ".part");
        try {
            MessageDigest sha = ArtifactCopy.sha256();
            long size = 0;
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE);
                 OutputStream out = new DigestOutputStream(Channels.newOutputStream(ch), sha)) {
                byte[] buf = new byte[64 * 1024];
                int n;
                while ((n = ArtifactCopy.fill(in, buf, size, maxBytes)) > 0) {
                    out.write(buf, 0, n);
                    size += n;
                }
                out.flush();
                ch.force(true);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new JobvaultException("the artifact directory " + dir + " does not support atomic renames", e);
            }
            fsyncDirectory(dir);
            return new Written(key, size, HexFormat.of().formatHex(sha.digest()));
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    @Override
    public InputStream open(String key, long offset) throws IOException {
        FileChannel ch = FileChannel.open(path(key), StandardOpenOption.READ);
        ch.position(offset);
        return Channels.newInputStream(ch);
    }

    @Override
    public boolean exists(String key) {
        return Files.exists(path(key));
    }

    /** The file behind {@code key}; the key must be one this store returned. */
    public Path path(String key) {
        Path p = root.resolve(key).normalize();
        if (!p.startsWith(root)) throw new IllegalArgumentException("artifact key escapes the artifact root: " + key);
        return p;
    }

    /** Deletes a file, or a job's directory when it is empty (a write arriving meanwhile keeps it). */
    @Override
    public void delete(String key) {
        try {
            Files.deleteIfExists(path(key));
        } catch (DirectoryNotEmptyException ignored) {
            // a write arrived meanwhile
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete artifact " + key, e);
        }
    }

    @Override
    public void deleteJob(UUID job) {
        Path dir = root.resolve(job.toString());
        if (!Files.isDirectory(dir)) return;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) Files.deleteIfExists(f);
            Files.deleteIfExists(dir);
        } catch (NoSuchFileException ignored) {
            // already gone
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the artifacts of job " + job, e);
        }
    }

    /**
     * Files no metadata names, and the directories of jobs with no metadata (as {@code JOB-ID}). The metadata of the job
     * directories is asked for a page of {@value #JOBS_PER_QUERY} at a time: one query per page, not per job.
     */
    @Override
    public List<String> unreferenced(Function<Collection<UUID>, Map<UUID, Set<String>>> referencedKeysOf, int max) {
        List<String> keys = new ArrayList<>();
        if (!Files.isDirectory(root)) return keys;
        try (DirectoryStream<Path> jobs = Files.newDirectoryStream(root)) {
            List<UUID> page = new ArrayList<>();
            for (Path dir : jobs) {
                UUID jobId = jobIdOf(dir.getFileName().toString());
                if (jobId == null || !Files.isDirectory(dir)) continue;
                page.add(jobId);
                if (page.size() == JOBS_PER_QUERY && !addUnreferenced(page, referencedKeysOf.apply(page), keys, max)) return keys;
            }
            addUnreferenced(page, page.isEmpty() ? Map.of() : referencedKeysOf.apply(page), keys, max);
        } catch (NoSuchFileException ignored) {
            // a directory went away meanwhile; the next scan sees the rest
        } catch (IOException e) {
            throw new UncheckedIOException("cannot walk the artifact directory " + root, e);
        }
        return keys;
    }

    private static final int JOBS_PER_QUERY = 500;

    /** Adds the unreferenced keys of a page of job directories and empties it; false once {@code max} keys are found. */
    private boolean addUnreferenced(List<UUID> page, Map<UUID, Set<String>> referencedByJob, List<String> keys, int max)
            throws IOException {
        for (UUID jobId : page) {
            Set<String> referenced = referencedByJob.getOrDefault(jobId, Set.of());
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(root.resolve(jobId.toString()))) {
                for (Path f : entries) {
                    String key = jobId + "/" + f.getFileName();
                    if (!referenced.contains(key)) keys.add(key);
                    if (keys.size() >= max) return false;
                }
            } catch (NoSuchFileException gone) {
                continue; // deleted meanwhile (pruned): nothing left to find
            }
            // after its files, so it goes with them (a delete of a directory not yet empty is skipped)
            if (referenced.isEmpty()) keys.add(jobId.toString());
            if (keys.size() >= max) return false;
        }
        page.clear();
        return true;
    }

    /** The job id a directory under the root is named after, or null for anything else there. */
    static UUID jobIdOf(String name) {
        try {
            return name.length() == 36 ? UUID.fromString(name) : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static void fsyncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException ignored) {
            // some file systems cannot open directories for fsync; the file itself was forced
        }
    }
}
