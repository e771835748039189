package io.jobvault.store;

import java.util.UUID;

/** A run this node holds: the job and the attempt (fencing token) it was claimed with. */
public record LeaseRef(UUID id, int attempt) {}
