package io.jobvault.store;

import java.util.Map;
import java.util.Set;

/**
 * The job types something can run.
 *
 * @param everyone types any job may have: live nodes' handlers, schedules' templates, workers bound to no tenant
 * @param byTenant types only a tenant's jobs may have: those its own workers declared
 */
public record KnownJobTypes(Set<String> everyone, Map<String, Set<String>> byTenant) {
    public KnownJobTypes {
        everyone = Set.copyOf(everyone);
        byTenant = Map.copyOf(byTenant);
    }

    /** Whether a job of {@code tenant} (null: none) may have {@code type}. */
    public boolean knows(String type, String tenant) {
        return everyone.contains(type) || tenant != null && byTenant.getOrDefault(tenant, Set.of()).contains(type);
    }

    /** The types a job of {@code tenant} may have, sorted: never another tenant's. */
    public java.util.SortedSet<String> visibleTo(String tenant) {
        java.util.TreeSet<String> all = new java.util.TreeSet<>(everyone);
        if (tenant != null) all.addAll(byTenant.getOrDefault(tenant, Set.of()));
        return all;
    }
}
