package io.jobvault.artifact;

import io.jobvault.JobvaultException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;

/**
 * Artifact files under one directory: {@code ROOT/JOB-ID/ATTEMPT-NAME}. A write goes to a temp file, is fsynced,
 * renamed into place and the directory fsynced, so a file that exists is complete and durable. The attempt in the
 * file name keeps a stale run from ever overwriting the current run's file.
 */
public final class FileArtifactStore {
    /** The result of a write: where it went (relative to the root), its size and SHA-256. */
    public record Written(String key, long size, String sha256) {}

    private final Path root;

    public FileArtifactStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    /**
     * Streams {@code in} into the job's directory.
     *
     * @throws ArtifactTooLargeException when more than {@code maxBytes} arrive (nothing is kept)
     */
    public Written write(UUID job, int attempt, String name, InputStream in, long maxBytes) throws IOException {
        ArtifactNames.validate(name);
        Path dir = root.resolve(job.toString());
        Files.createDirectories(dir);
        String key = job + "/" + attempt + "-" + name;
        Path target = root.resolve(key);
        Path temp = Files.createTempFile(dir, "tmp-", ".part");
        try {
            MessageDigest sha = sha256();
            long size;
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE);
                 OutputStream out = new DigestOutputStream(Channels.newOutputStream(ch), sha)) {
                size = copy(in, out, maxBytes);
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

    /** The file behind {@code key}; the key must be one this store returned. */
    public Path path(String key) {
        Path p = root.resolve(key).normalize();
        if (!p.startsWith(root)) throw new IllegalArgumentException("artifact key escapes the artifact root: " + key);
        return p;
    }

    public void delete(String key) {
        try {
            Files.deleteIfExists(path(key));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete artifact " + key, e);
        }
    }

    /** Deletes every file of the job (after the job was pruned or deleted). */
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

    private static long copy(InputStream in, OutputStream out, long maxBytes) throws IOException {
        byte[] buf = new byte[64 * 1024];
        long total = 0;
        int n;
        while ((n = in.read(buf)) >= 0) {
            total += n;
            if (total > maxBytes) throw new ArtifactTooLargeException(maxBytes);
            out.write(buf, 0, n);
        }
        return total;
    }

    private static void fsyncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException ignored) {
            // some file systems cannot open directories for fsync; the file itself was forced
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** More bytes arrived than allowed; nothing was kept. */
    public static final class ArtifactTooLargeException extends IOException {
        public ArtifactTooLargeException(long max) {
            super("artifact is larger than the limit of " + max + " bytes");
        }
    }
}
