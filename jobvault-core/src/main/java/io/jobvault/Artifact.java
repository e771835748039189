package io.jobvault;

import java.time.Instant;

/** A named file a job produced (e.g. {@code report.pdf}), kept with the job until it is pruned. */
public record Artifact(String name, long size, String contentType, String sha256, Instant createdAt) {}
