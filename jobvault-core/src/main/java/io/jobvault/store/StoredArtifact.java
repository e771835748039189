package io.jobvault.store;

import io.jobvault.Artifact;
import java.util.UUID;

/** An artifact's metadata and where its file is in the artifact store. */
public record StoredArtifact(UUID jobId, Artifact artifact, String key) {}
