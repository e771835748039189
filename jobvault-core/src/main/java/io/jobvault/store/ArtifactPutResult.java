package io.jobvault.store;

/**
 * @param applied     false when the run no longer held the lease (nothing was recorded)
 * @param replacedKey the file of an earlier artifact with the same name, now unreferenced (delete it), or null
 */
public record ArtifactPutResult(boolean applied, String replacedKey) {}
