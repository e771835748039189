package io.jobvault;

import java.time.Instant;

/**
 * A named file a job produced (e.g. {@code report.pdf}), kept with the job until it is pruned.
 *
 * @param missingSince when the artifact reconciler found the file gone from the artifact store; null while it is there
 */
public record Artifact(String name, long size, String contentType, String sha256, Instant createdAt, Instant missingSince) {
    public Artifact(String name, long size, String contentType, String sha256, Instant createdAt) {
        this(name, size, contentType, sha256, createdAt, null);
    }

    public boolean missing() {
        return missingSince != null;
    }
}
