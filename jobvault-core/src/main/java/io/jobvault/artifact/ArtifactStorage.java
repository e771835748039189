package io.jobvault.artifact;

import java.io.IOException;
import java.io.InputStream;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * Where artifact content lives: files in a directory ({@link FileArtifactStore}) or the database itself (PostgreSQL's
 * chunked store). Content is written once under a fresh key and never modified; the artifact's metadata row, written
 * after the content is durable and fenced by the lease, is the commit point. Content no metadata names is an orphan
 * (a crash between the two steps) that the reconciler deletes after a grace period.
 */
public interface ArtifactStorage {
    /** The result of a write: the key that names the content, its size and SHA-256. */
    record Written(String key, long size, String sha256) {}

    /**
     * Streams {@code in} into durable storage for attempt {@code attempt} of job {@code job}; memory stays bounded
     * whatever the size.
     *
     * @throws ArtifactTooLargeException when more than {@code maxBytes} arrive (nothing is kept)
     */
    Written write(UUID job, int attempt, String name, InputStream in, long maxBytes) throws IOException;

    /**
     * The content of {@code key} from byte {@code offset} on, read lazily.
     *
     * @throws java.nio.file.NoSuchFileException when the content is gone
     */
    InputStream open(String key, long offset) throws IOException;

    /** Whether the content of {@code key} exists. */
    boolean exists(String key);

    /** Which of {@code keys} have content: the reconciler checks a page of artifacts at once. */
    default Set<String> existing(Collection<String> keys) {
        Set<String> found = new HashSet<>();
        for (String key : keys) if (exists(key)) found.add(key);
        return found;
    }

    /** Deletes the content of {@code key}, if there is any. */
    void delete(String key);

    /** Deletes every piece of content of the job (after the job was pruned or deleted). */
    void deleteJob(UUID job);

    /**
     * Up to {@code max} keys of content that no metadata refers to, for the reconciler; {@code referencedKeysOf} tells
     * which keys the metadata of each of a page of jobs names, in one query (a job with none is absent); a storage that
     * can ask the database directly need not call it.
     */
    List<String> unreferenced(Function<Collection<UUID>, Map<UUID, Set<String>>> referencedKeysOf, int max);

    /** Where the content lives, for operators' messages: a directory or "the database". */
    String describe();
}
