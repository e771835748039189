package io.jobvault;

import io.jobvault.artifact.ArtifactStorage;
import java.io.IOException;
import java.io.InputStream;

/**
 * An artifact's metadata and its content, wherever it is kept (a directory or the database). Content is never
 * modified in place, so every read sees exactly the bytes the SHA-256 in {@link #artifact()} describes.
 *
 * @param key where the storage keeps it (a path relative to the artifact directory, or a database key)
 */
public record ArtifactContent(Artifact artifact, String key, ArtifactStorage storage) {
    /** The whole content, streamed; close it. {@link java.nio.file.NoSuchFileException} when it is gone. */
    public InputStream open() throws IOException {
        return storage.open(key, 0);
    }

    /** The content from byte {@code offset} on (for Range requests); close it. */
    public InputStream open(long offset) throws IOException {
        if (offset < 0 || offset > artifact.size()) throw new IllegalArgumentException("offset outside 0.." + artifact.size());
        return storage.open(key, offset);
    }

    /** All bytes, for small artifacts and tests. */
    public byte[] readAllBytes() throws IOException {
        try (InputStream in = open()) {
            return in.readAllBytes();
        }
    }
}
