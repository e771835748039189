package io.jobvault.store;

import java.util.UUID;

/** Progress of one run, fenced by owner and attempt. */
public record JobProgress(UUID id, int attempt, String owner, int percent, String message) {}
