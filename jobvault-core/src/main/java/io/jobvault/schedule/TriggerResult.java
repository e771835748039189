package io.jobvault.schedule;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What a manual trigger enqueued (the audit log records it too).
 *
 * @param rerunOf the fire whose coverage the jobs count toward, or null for a fresh run
 */
public record TriggerResult(String scheduleId, Instant fireAt, Instant runAt, List<UUID> jobs, Instant rerunOf) {}
