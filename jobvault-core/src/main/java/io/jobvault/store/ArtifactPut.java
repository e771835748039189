package io.jobvault.store;

import io.jobvault.Artifact;
import java.util.UUID;

/** Record an artifact written by the run that holds {@code owner}/{@code attempt}; {@code key} locates its file. */
public record ArtifactPut(UUID jobId, int attempt, String owner, Artifact artifact, String key) {}
