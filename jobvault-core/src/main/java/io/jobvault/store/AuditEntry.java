package io.jobvault.store;

import java.time.Instant;

/**
 * One audited operator action: who did what to which target, when and why.
 *
 * @param id      assigned by the store (increasing); 0 before insert
 * @param details JSON with what the action did (e.g. the jobs a trigger enqueued)
 */
public record AuditEntry(long id, Instant at, String actor, String action, String target, String reason, String details) {}
