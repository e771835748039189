package io.jobvault.store;

import java.util.Set;
import java.util.UUID;

/**
 * @param lost            leases the node no longer holds (rescued, or finished elsewhere): stop those runs. A lease
 *                        names the attempt, because the same job may meanwhile run again on this node.
 * @param cancelRequested held jobs someone asked to cancel
 */
public record HeartbeatResult(Set<LeaseRef> lost, Set<UUID> cancelRequested) {}
