package io.jobvault.store;

import io.jobvault.Artifact;

/** An artifact's metadata and where its file is in the artifact store. */
public record StoredArtifact(Artifact artifact, String key) {}
