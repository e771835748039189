package io.jobvault.artifact;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Artifact files that earlier versions left under the working directory. There, a node handed an already opened
 * store (as {@code jobvault server} always was) kept its artifact files in {@code jobvault-data/artifacts} relative to
 * the directory it was started from, whatever {@code --data} said; started from anywhere else, every finished file
 * was missing. At start, the files found there that this store has recorded — same job, attempt and name, same
 * SHA-256 — are moved into the artifact directory, so an upgrade loses nothing. Everything else there (files of jobs
 * this store does not know, of other stores, content that does not match its record) is left alone.
 */
public final class LegacyArtifactFiles {
    /** Where earlier versions put artifact files, relative to the working directory. */
    public static final Path OLD_ROOT = Path.of("jobvault-data", "artifacts");
    private static final Logger log = LoggerFactory.getLogger(LegacyArtifactFiles.class);

    /** What a move did: files moved (of how many jobs), files left because their content differs from the record, failures. */
    public record Moved(int files, int jobs, int mismatched, int alreadyThere, int failed) {}

    private final Path from;
    private final FileArtifactStore to;
    private final Function<UUID, Map<String, String>> recordedSha256;
    private int files;
    private int jobs;
    private int mismatched;
    private int alreadyThere;
    private int failed;
    private String firstFailure;
    private Path firstMismatch;

    private LegacyArtifactFiles(Path from, FileArtifactStore to, Function<UUID, Map<String, String>> recordedSha256) {
        this.from = from.toAbsolutePath().normalize();
        this.to = to;
        this.recordedSha256 = recordedSha256;
    }

    /** Moves the known files from {@link #OLD_ROOT} under the working directory into {@code to}. */
    public static Moved moveFromWorkingDirectory(FileArtifactStore to, Function<UUID, Map<String, String>> recordedSha256) {
        return move(OLD_ROOT, to, recordedSha256);
    }

    /**
     * Moves the files under {@code from} that {@code recordedSha256} (a job's artifact keys and their SHA-256, empty
     * for a job the store does not know) names into {@code to}: an atomic rename where both are on one file system,
     * else a copy that is fsynced and checked before the original is deleted. Logs one line when it moved or left
     * anything.
     */
    public static Moved move(Path from, FileArtifactStore to, Function<UUID, Map<String, String>> recordedSha256) {
        LegacyArtifactFiles move = new LegacyArtifactFiles(from, to, recordedSha256);
        if (!move.from.equals(to.root()) && Files.isDirectory(move.from)) move.run();
        Moved moved = new Moved(move.files, move.jobs, move.mismatched, move.alreadyThere, move.failed);
        move.logSummary();
        return moved;
    }

    private void run() {
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(from)) {
            for (Path dir : dirs) {
                UUID job = FileArtifactStore.jobIdOf(dir.getFileName().toString());
                if (job == null || !Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) continue;
                Map<String, String> recorded = recordedSha256.apply(job);
                if (recorded.isEmpty()) continue; // a job this store does not know
                int before = files;
                moveJob(job, dir, recorded);
                if (files > before) jobs++;
            }
        } catch (IOException e) {
            failed(from, e);
        }
    }

    private void moveJob(UUID job, Path dir, Map<String, String> recorded) {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path source : entries) {
                String key = job + "/" + source.getFileName();
                String sha256 = recorded.get(key);
                if (sha256 == null || !Files.isRegularFile(source, LinkOption.NOFOLLOW_LINKS)) continue;
                try {
                    moveFile(source, to.path(key), sha256);
                } catch (IOException e) {
                    failed(source, e);
                }
            }
        } catch (IOException e) {
            failed(dir, e);
        }
        try {
            Files.deleteIfExists(dir);
        } catch (DirectoryNotEmptyException ignored) {
            // files this store does not know stay where they are
        } catch (IOException e) {
            failed(dir, e);
        }
    }

    private void moveFile(Path source, Path target, String sha256) throws IOException {
        if (Files.exists(target)) {
            alreadyThere++;
            return;
        }
        try {
            if (!sha256.equals(sha256Of(source))) {
                mismatched(source);
                return;
            }
            Files.createDirectories(target.getParent());
            try {
                Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                if (!copyVerified(source, target, sha256)) {
                    mismatched(source);
                    return;
                }
                Files.delete(source);
            }
        } catch (NoSuchFileException e) {
            return; // another node started from the same directory moved it first
        }
        FileArtifactStore.fsyncDirectory(target.getParent());
        files++;
    }

    /** Copies across file systems: to a temp file beside the target, fsynced, checked, then renamed into place. */
    private static boolean copyVerified(Path source, Path target, String sha256) throws IOException {
        Path temp = Files.createTempFile(target.getParent(), "tmp-", ".part");
        try {
            MessageDigest sha = ArtifactCopy.sha256();
            try (InputStream in = Files.newInputStream(source);
                 FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE);
                 OutputStream out = new DigestOutputStream(Channels.newOutputStream(ch), sha)) {
                in.transferTo(out);
                out.flush();
                ch.force(true);
            }
            if (!sha256.equals(HexFormat.of().formatHex(sha.digest()))) return false;
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            return true;
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static String sha256Of(Path file) throws IOException {
        MessageDigest sha = ArtifactCopy.sha256();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[64 * 1024];
            for (int n; (n = in.read(buf)) > 0; ) sha.update(buf, 0, n);
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private void mismatched(Path file) {
        if (mismatched++ == 0) firstMismatch = file;
    }

    private void failed(Path path, IOException e) {
        if (failed++ == 0) firstFailure = path + ": " + e;
    }

    private void logSummary() {
        if (files == 0 && mismatched == 0 && alreadyThere == 0 && failed == 0) return;
        String line = String.format("moved %d artifact files of %d jobs from %s (where earlier versions put them, under the"
                + " working directory) to %s", files, jobs, from, to.root());
        if (alreadyThere > 0) line += String.format("; left %d already present there", alreadyThere);
        if (mismatched > 0) {
            line += String.format("; left %d whose content differs from its recorded SHA-256 (first: %s)", mismatched, firstMismatch);
        }
        if (failed > 0) line += String.format("; %d could not be moved (first: %s)", failed, firstFailure);
        if (mismatched > 0 || failed > 0) log.warn(line);
        else log.info(line);
    }
}
