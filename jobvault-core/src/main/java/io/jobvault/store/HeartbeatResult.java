package io.jobvault.store;

import java.util.Set;
import java.util.UUID;

/**
 * @param lost            leases the node no longer holds (rescued, or finished elsewhere): stop those handlers
 * @param cancelRequested held jobs someone asked to cancel
 */
public record HeartbeatResult(Set<UUID> lost, Set<UUID> cancelRequested) {}
